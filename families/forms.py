"""The public "ask for a CIA" form: short, plain, every word in English and Welsh, and
nothing asked that the practitioner does not need to get in touch (first names and ages only)."""

from crispy_forms.layout import Div
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from cia_portal.forms import DateField, GDSForm
from referrals.models import FamilyRequest

CHILD_ROWS = 4
TEXT, NOTE = 100, 1000  # the longest name or short answer, and the longest note
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class AskForm(GDSForm):
    asker = forms.ChoiceField(
        label=_("Who is asking?"), choices=FamilyRequest.Asker.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Your first name"), max_length=TEXT)
    parent_name = forms.CharField(
        label=_("The first name of the person in trouble with the law (optional)"),
        help_text=_("Their mum, dad, brother, sister or carer. You can leave this out."),
        max_length=TEXT,
        required=False,
    )
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email address (optional)"), max_length=254, required=False)
    safe_to_leave_message = forms.ChoiceField(
        label=_("Is it safe to leave a message?"), choices=YES_NO, widget=forms.RadioSelect
    )
    best_time = forms.CharField(
        label=_("When is a good time to get in touch? (optional)"),
        max_length=200,
        required=False,
    )
    court_date = DateField(
        label=_("The court date, if you know it (optional)"),
        required=False,
        help_text=_("For example, 27 3 2027"),
    )
    court = forms.CharField(label=_("Which court? (optional)"), max_length=TEXT, required=False)
    anything_else = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # A field people never see or fill in: a robot filling every box fills this one too.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=TEXT,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    required_messages = {
        "asker": _("Select who is asking"),
        "name": _("Enter your first name"),
        "safe_to_leave_message": _("Select yes if it is safe to leave a message"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, CHILD_ROWS + 1):
            self.fields[f"child_{n}_name"] = forms.CharField(
                label=_("First name"), max_length=TEXT, required=False
            )
            self.fields[f"child_{n}_age"] = forms.IntegerField(
                label=_("Age"), min_value=0, max_value=25, required=False
            )
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "Write less: %(limit_value)d characters at most"
                )
            field.error_messages["invalid"] = _("Check what you typed here")
        for name in ("asker", "safe_to_leave_message"):  # a value not offered: ask again
            self.fields[name].error_messages["invalid_choice"] = self.required_messages[name]
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address like name@example.com"
        )
        for n in range(1, CHILD_ROWS + 1):
            age = self.fields[f"child_{n}_age"]
            age.error_messages["min_value"] = age.error_messages["max_value"] = _(
                "Enter an age from 0 to 25"
            )
            age.error_messages["invalid"] = _("Enter the age as a number, like 7")
        court_date = self.fields["court_date"]
        court_date.error_messages["incomplete"] = _(
            "The court date must have a day, month and year"
        )
        court_date.error_messages["invalid"] = _("The court date must be a real date")
        self.helper.layout = Layout(
            Field.radios("asker", legend_size=Size.MEDIUM),
            Field.text("name", field_width=20),
            Field.text("parent_name", field_width=20),
            Fieldset(
                *[
                    Fieldset(
                        Field.text(f"child_{n}_name", field_width=20),
                        Field.text(f"child_{n}_age", field_width=3),
                        legend=_("Child %(number)s") % {"number": n},
                        legend_size=Size.SMALL,
                    )
                    for n in range(1, CHILD_ROWS + 1)
                ],
                legend=_("The children"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("phone", field_width=20),
                Field.text("email"),
                Field.radios("safe_to_leave_message", inline=True),
                Field.text("best_time"),
                legend=_("How can we get in touch?"),
                legend_size=Size.MEDIUM,
            ),
            Field("court_date"),
            Field.text("court"),
            Field.textarea("anything_else"),
            Div(Field.text("website"), css_class="app-not-for-people"),
        )

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")) and not self.has_error("email"):
            self.add_error("phone", _("Enter a phone number or an email address"))
        children = []
        for n in range(1, CHILD_ROWS + 1):
            name, age = data.get(f"child_{n}_name"), data.get(f"child_{n}_age")
            if name and age is None and not self.has_error(f"child_{n}_age"):
                self.add_error(f"child_{n}_age", _("Enter the child's age"))
            elif age is not None and not name:
                self.add_error(f"child_{n}_name", _("Enter the child's first name"))
            elif name:
                children.append({"first_name": name, "age": age})
        rows_with_errors = any(
            self.has_error(f"child_{n}_{part}")
            for n in range(1, CHILD_ROWS + 1)
            for part in ("name", "age")
        )
        if not children and not rows_with_errors:
            self.add_error("child_1_name", _("Enter the first name of at least one child"))
        data["children"] = children
        return data

    @property
    def is_from_a_robot(self) -> bool:
        return bool(self.data.get("website"))

    def request_data(self) -> dict:
        """What the referral service takes."""
        data = self.cleaned_data
        return {
            "asker": data["asker"],
            "name": data["name"],
            "parent_name": data["parent_name"],
            "children": data["children"],
            "phone": data["phone"],
            "email": data["email"],
            "safe_to_leave_message": data["safe_to_leave_message"] == "yes",
            "best_time": data["best_time"],
            "court_date": data["court_date"],
            "court": data["court"],
            "anything_else": data["anything_else"],
        }
