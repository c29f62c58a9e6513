"""Form helpers shared by every app: GOV.UK Design System rendering through crispy-forms-gds."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

DJANGO_REQUIRED = forms.Field.default_error_messages["required"]


class GDSFormMixin:
    """Renders with the GOV.UK layout; the page shows the error summary above the form.

    Required fields say what to do ("Enter the family name", "Select the gender"), as the
    Design System asks; `required_messages` overrides that where a label is a question.
    """

    label_size = "s"
    legend_size = "s"
    required_messages: dict[str, str] = {}

    @cached_property
    def helper(self) -> FormHelper:
        """Built when the page first draws the form, so it lays out the fields the form has
        by then (a subclass may add or remove some in its own __init__)."""
        helper = FormHelper(self)
        helper.form_tag = False  # the page draws the <form> and its one CSRF token
        helper.disable_csrf = True
        helper.label_size = self.label_size
        helper.legend_size = self.legend_size
        return helper

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # crispy-forms-gds styles text inputs but not number inputs.
            if isinstance(field.widget, forms.NumberInput):
                field.widget.attrs.setdefault("class", "govuk-input govuk-input--width-10")
            # A radio button labelled "---------" is never what the user should see.
            if _is_plain_radios(field):
                field.choices = [(v, label) for v, label in field.choices if v != ""]
            if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
                label = str(field.label or name).replace("%", "%%")
                field.error_messages["max_length"] = _(
                    "%(label)s must be %%(limit_value)d characters or fewer"
                ) % {"label": label}
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]
            elif field.error_messages["required"] != DJANGO_REQUIRED:
                pass  # the field already says what to do
            elif not isinstance(field, DateInputField) and field.label:
                verb = "Select" if hasattr(field, "choices") else "Enter"
                label = str(field.label)
                field.error_messages["required"] = f"{verb} {label[0].lower()}{label[1:]}"

    def visible_fields(self):
        """In the order the page lays them out, so that the error summary (which lists the
        errors field by field) reads in the same order as the page."""
        fields = super().visible_fields()
        layout = self.helper.layout
        if layout is None:
            return fields
        order = {pointer.name: n for n, pointer in enumerate(layout.get_field_names())}
        return sorted(fields, key=lambda field: order.get(field.name, len(order)))


def _is_plain_radios(field) -> bool:
    # Checkboxes are a kind of RadioSelect in Django, and model choices must stay lazy.
    return (
        isinstance(field.widget, forms.RadioSelect)
        and not isinstance(field.widget, forms.CheckboxSelectMultiple)
        and not isinstance(field, forms.ModelChoiceField)
        and hasattr(field, "choices")
    )


class GDSForm(GDSFormMixin, forms.Form):
    pass


class GDSModelForm(GDSFormMixin, forms.ModelForm):
    pass


# crispy-forms-gds labels the date boxes with these; named here so that they have Welsh.
DATE_BOX_LABELS = (_("Day"), _("Month"), _("Year"))


class DateBoxes(DateInputWidget):
    """The day, month and year boxes. crispy-forms-gds gives each box `aria-describedby=""`
    when the date has an error and no hint (the error describes the fieldset, not a box);
    an empty id list is invalid HTML, so it is left out."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for box in context["widget"]["subwidgets"]:
            if not box["attrs"].get("aria-describedby", True):
                del box["attrs"]["aria-describedby"]
        return context


class DateField(DateInputField):
    """The GOV.UK date input (day, month, year), with plain-English errors."""

    widget = DateBoxes

    def __init__(self, *, label: str, required: bool = True, help_text: str = "", **kwargs):
        super().__init__(label=label, required=required, help_text=help_text, **kwargs)
        self.error_messages["required"] = f"Enter {label[0].lower() + label[1:]}"
        self.error_messages["incomplete"] = f"{label} must include a day, month and year"
        self.error_messages["invalid"] = f"{label} must be a real date"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day or month or year):
            return None
        if not (day and month and year):  # an optional date half typed is not left out quietly
            raise forms.ValidationError(self.error_messages["incomplete"])
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as exc:  # e.g. 31 February, or year 99999
            raise forms.ValidationError(self.error_messages["invalid"]) from exc


class YesOrWhyNotForm(GDSForm):
    """A yes or no answer to a request, with the reason required for a no (an organisation
    asked to take on a case, a service asked to take on a child). A subclass sets the words:
    `question`, `yes`, `reason_hint`, `choose_message`, `why_not_message`."""

    question = yes = reason_hint = choose_message = why_not_message = ""

    answer = forms.TypedChoiceField(
        choices=[("accept", _("Yes")), ("decline", _("No"))],
        coerce=lambda value: value == "accept",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why not?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        self.required_messages = {"answer": self.choose_message}
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = self.question
        self.fields["answer"].choices = [("accept", self.yes), ("decline", _("No"))]
        self.fields["reason"].help_text = self.reason_hint

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") is False and not cleaned.get("reason", "").strip():
            self.add_error("reason", self.why_not_message)
        return cleaned
