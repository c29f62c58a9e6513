from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import YesNoUnknown
from cia_portal.accounts.models import Organisation
from cia_portal.concurrency import ConflictCheckedForm
from cia_portal.forms import DateField, GDSForm, GDSModelForm, YesOrWhyNotForm

from .models import CaseNote, ParentContact, ReleasePlan
from .selectors import ChronologyFilter, Strand

SUMMARY_MAX_LENGTH = 5000


class NoteForm(ConflictCheckedForm, GDSModelForm):
    required_messages = {
        "kind": _("Select what kind of note or contact this is"),
        "summary": _("Enter what happened"),
    }
    happened_on = DateField(label=_("When"), help_text=_("For example, 27 3 2026"))
    summary = forms.CharField(
        label=_("What happened"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Records are read again, and copied forward. Write what was done and asked as well "
            "as what was said: 'we did not ask mum for her view', not 'mum gave no view'."
        ),
    )

    class Meta:
        model = CaseNote
        fields = ["kind", "happened_on", "who_took_part", "summary"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": _("What kind of note or contact is it?")}
        help_texts = {
            "who_took_part": _("Names and roles, for example 'Jo (the child), Ms Khan (teacher)'.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].error_messages["max_length"] = _(
            "What happened must be %(limit_value)d characters or fewer"
        )

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("When must be today or in the past"))
        return day


class ChronologyForm(GDSForm):
    """The chronology's filter: which strands, and between which dates. Empty: everything."""

    strands = forms.MultipleChoiceField(
        label=_("Show"),
        choices=Strand.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    since = DateField(label=_("From"), required=False)
    until = DateField(label=_("To"), required=False)

    def __init__(self, *args, strands: list[Strand], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strands"].choices = [(s.value, s.label) for s in strands]
        # A filter beside a list: small checkboxes, as GOV.UK's filter pattern has them.
        self.helper.layout = Layout(
            Field.checkboxes("strands", small=True, legend_size=Size.SMALL), "since", "until"
        )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("To must be the same as or after From"))
        return cleaned

    def filters(self) -> ChronologyFilter:
        """What was chosen, as far as it is valid: a field in error filters nothing."""
        if not self.is_bound:
            return ChronologyFilter()
        self.is_valid()
        data = self.cleaned_data
        return ChronologyFilter(
            strands=tuple(data.get("strands") or ()),
            since=data.get("since"),
            until=data.get("until"),
        )


class ParentContactForm(ConflictCheckedForm, GDSModelForm):
    ways = forms.MultipleChoiceField(
        label=_("How does contact happen?"),
        choices=ParentContact.Way.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    barriers = forms.MultipleChoiceField(
        label=_("What makes contact hard?"),
        choices=ParentContact.Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    childs_words = forms.CharField(
        label=_("In the child's own words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the child said about seeing, hearing from or writing to their parent."),
    )

    class Meta:
        model = ParentContact
        fields = [
            "ways",
            "how_often",
            "who_takes",
            "visitor_centre",
            "visit_costs_eligible",
            "visit_costs_claimed",
            "barriers",
            "childs_wish",
            "childs_words",
        ]
        widgets = {
            name: forms.RadioSelect
            for name in [
                "how_often",
                "visitor_centre",
                "visit_costs_eligible",
                "visit_costs_claimed",
                "childs_wish",
            ]
        }
        help_texts = {
            "visit_costs_eligible": _(
                "Families on a low income can get help with the cost of prison visits from "
                "the government's Help with Prison Visits scheme."
            ),
            "who_takes": _("For example 'Grandma', or 'a volunteer from the visitor centre'."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["childs_words"].error_messages["max_length"] = _(
            "The child's own words must be %(limit_value)d characters or fewer"
        )

    def clean(self):
        cleaned = super().clean()
        no = YesNoUnknown.NO
        if cleaned.get("visit_costs_eligible") == no and cleaned.get("visit_costs_claimed") == (
            YesNoUnknown.YES
        ):
            self.add_error(
                "visit_costs_claimed",
                _("Select 'No' or 'Not known': the family cannot get this help"),
            )
        return cleaned


class HandOnForm(GDSForm):
    to_organisation = forms.ModelChoiceField(
        label=_("Which organisation will take the case on?"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        help_text=_(
            "Only organisations the child agreed to share with, or a safeguarding "
            "lead shared with, are listed: handing the case on shares the record."
        ),
    )
    note = forms.CharField(
        label=_("Handover note"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What the new practitioner needs to know first: where the family is, what is "
            "agreed and due, and what the child has asked for."
        ),
    )
    sender_stays = forms.TypedChoiceField(
        label=_("Will you stay on the case too?"),
        choices=[("no", _("No, they will take it over")), ("yes", _("Yes, we will both hold it"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    required_messages = {
        "to_organisation": _("Choose the organisation that will take the case on"),
        "note": _("Enter a handover note"),
        "sender_stays": _("Select whether you will stay on the case"),
    }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations
        self.fields["note"].error_messages["max_length"] = _(
            "The handover note must be %(limit_value)d characters or fewer"
        )


class HandOnAnswerForm(YesOrWhyNotForm):
    question = _("Will your organisation take this case on?")
    yes = _("Yes: I will hold the case")
    reason_hint = _("Only if you answer no. The practitioner who handed it on reads this.")
    choose_message = _("Select whether your organisation will take the case on")
    why_not_message = _("Enter why your organisation cannot take the case on")


class ReleasePlanForm(ConflictCheckedForm, GDSModelForm):
    expected_on = DateField(
        label=_("When is the parent expected to be released?"),
        required=False,
        help_text=_("Leave blank if not known yet."),
    )
    childs_wishes = forms.CharField(
        label=_("What the child wants"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("About living together again, visits, school and who they want around."),
    )
    support_agreed = forms.CharField(
        label=_("Support agreed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who will do what, before and after the release."),
    )

    class Meta:
        model = ReleasePlan
        fields = [
            "expected_on",
            "parent_will_live",
            "room_for_children",
            "child_will_live_with",
            "childs_wishes",
            "support_agreed",
            "conversation",
        ]
        widgets = {"room_for_children": forms.RadioSelect}

    def __init__(self, *args, conversations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["conversation"]
        field.queryset = conversations
        field.required = False
        field.empty_label = _("None yet")
        field.label_from_instance = lambda a: (
            _("Release conversation, %(day)s") % {"day": f"{a.conversation_date:%-d %B %Y}"}
        )
