from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.models import Role
from cia_portal.concurrency import ConflictCheckedForm
from cia_portal.forms import DateField, GDSForm, GDSModelForm

from .justice import DETAILS, may_be_future, order_problem, prison_on
from .models import (
    AgreedAction,
    Assessment,
    Carer,
    Child,
    JusticeEvent,
    Offer,
    ParentChildLink,
    ParentInJustice,
    SafeguardingOverride,
    Stage,
    YouSaidWeDid,
)
from .search import SEARCH_MAX_LENGTH, search_parse
from .sections import FEELINGS, FIELD_LABELS, SECTIONS, Section, section_is_answered
from .selectors import CaseFilters, CaseSort, CaseState, CiaStatus

Kind, Outcome = JusticeEvent.Kind, JusticeEvent.Outcome
SENTENCE_LENGTHS = (Outcome.CUSTODY, Outcome.SUSPENDED)
# "What has happened most recently?" when a family is added: its first event.
STARTING_POINTS = {
    "arrest": (_("Arrested"), Kind.ARREST, {}),
    "bail": (_("Released on bail"), Kind.BAIL, {}),
    "remand": (_("Remanded in custody"), Kind.REMAND, {}),
    "custody": (_("Sentenced, and in prison"), Kind.PRISON, {}),
    "community": (
        _("Given a community sentence"),
        Kind.HEARING,
        {"purpose": JusticeEvent.Purpose.SENTENCING, "outcome": Outcome.COMMUNITY},
    ),
    "release": (_("Released from prison"), Kind.RELEASE, {}),
}
OLDEST_CHILD_AGE = 25  # care leavers may still be supported into their twenties


def _check_date_of_birth(value):
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError(_("Date of birth must be today or in the past"))
    if today.year - value.year > OLDEST_CHILD_AGE:
        raise forms.ValidationError(
            _("Date of birth must be within the last %(years)s years") % {"years": OLDEST_CHILD_AGE}
        )
    return value


def practitioners():
    """Active practitioners, grouped by organisation, for choosing a person."""
    return (
        get_user_model()
        .objects.filter(groups__name=Role.PRACTITIONER, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name")
    )


def choose_practitioner(field, queryset) -> None:
    """Offer `queryset` in `field`, each person named with their job and organisation."""
    field.queryset = queryset
    field.label_from_instance = lambda user: user.description


CHILD_BASICS = [
    "preferred_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "school",
    "living_arrangement",
    "lives_with",
    "care_status",
]
RADIOS = {
    "gender": forms.RadioSelect,
    "care_status": forms.RadioSelect,
    "living_arrangement": forms.RadioSelect,
    "siblings_apart": forms.RadioSelect,
    "contact_now": forms.RadioSelect,
    "school_knows": forms.RadioSelect,
    "saw_arrest": forms.RadioSelect,
    "relationship": forms.RadioSelect,
    "care_arrangement": forms.RadioSelect,
    "stage": forms.RadioSelect,
    "outcome": forms.RadioSelect,
    "status": forms.RadioSelect,
    "purpose": forms.RadioSelect,
    "adjourned_for": forms.RadioSelect,
    "child_view": forms.RadioSelect,
    "ethnicity": forms.RadioSelect,
}


class KeepIfUnanswered:
    """Questions added after records existed (who the child lives with now, brothers and
    sisters apart, keeping in touch): shown with the answer saved (at first "Not known"), and
    a form sent without them keeps what was saved rather than refusing the whole form."""

    keep_if_unanswered: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.keep_if_unanswered:
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.keep_if_unanswered:
            if name in self.fields and not data.get(name):
                data[name] = getattr(self.instance, name)
        return data


class ChildForm(KeepIfUnanswered, ConflictCheckedForm, GDSModelForm):
    keep_if_unanswered = ("living_arrangement", "siblings_apart")
    required_messages = {
        "preferred_name": _("Enter the name the child likes to be called"),
        "gender": _("Select the child's gender"),
        "ethnicity": _("Select the child's ethnicity"),
    }
    date_of_birth = DateField(label=_("Date of birth"), help_text=_("For example, 27 3 2014"))
    lives_with_since = DateField(label=_("Living there since"), required=False)

    class Meta:
        model = Child
        fields = CHILD_BASICS + [
            "school_knows",
            "lives_with_since",
            "siblings_apart",
            "told_what",
            "saw_arrest",
            "trusted_adults",
            "young_carer_duties",
        ]
        widgets = RADIOS | {
            "told_what": forms.Textarea(attrs={"rows": 3}),
            "trusted_adults": forms.Textarea(attrs={"rows": 3}),
            "young_carer_duties": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "preferred_name": _("Name the child likes to be called"),
            "school": _("School or nursery"),
        }
        help_texts = {"trusted_adults": _("People the child says they can talk to.")}

    def clean_date_of_birth(self):
        return _check_date_of_birth(self.cleaned_data["date_of_birth"])


class SiblingForm(ChildForm):
    """A brother or sister: the essentials, and how the same parent cares for them."""

    care_arrangement = forms.ChoiceField(
        label=_("How does their parent care for them?"),
        choices=ParentChildLink.CareArrangement.choices,
        widget=forms.RadioSelect,
    )

    class Meta(ChildForm.Meta):
        fields = CHILD_BASICS


class ParentForm(ConflictCheckedForm, GDSModelForm):
    required_messages = {"name": _("Enter the parent's name")}

    class Meta:
        model = ParentInJustice
        fields = ["name", "pregnant", "number_of_children"]
        labels = {"pregnant": _("Pregnant")}
        widgets = {"number_of_children": forms.TextInput(attrs={"inputmode": "numeric"})}


class ParentChildLinkForm(KeepIfUnanswered, ConflictCheckedForm, GDSModelForm):
    keep_if_unanswered = ("contact_now",)

    removed_on = DateField(label=_("When the child was removed"), required=False)

    class Meta:
        model = ParentChildLink
        fields = ["relationship", "care_arrangement", "removed_on", "contact_now", "return_plans"]
        widgets = RADIOS | {"return_plans": forms.Textarea(attrs={"rows": 3})}


class JusticeEventForm(ConflictCheckedForm, GDSModelForm):
    """One event of the parent's journey: its date and the details its kind asks for, checked
    against her other events (`others`) so that they stay in an order that can happen."""

    required_messages = {
        "court": _("Enter the court"),
        "prison": _("Enter the prison"),
        "adjourned_for": _("Select why the hearing was adjourned"),
    }
    on = DateField(label=_("Date"))

    class Meta:
        model = JusticeEvent
        fields = ["on", *sorted({f for fields in DETAILS.values() for f in fields}), "note"]
        widgets = RADIOS | {"note": forms.Textarea(attrs={"rows": 3})}
        labels = {"purpose": _("What is the hearing for?")}

    def __init__(self, *args, kind: str = "", others: list[JusticeEvent] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind = kind or self.instance.kind
        if others is None:  # (drawn again on the conflict page)
            others = list(JusticeEvent.objects.filter(parent=self.instance.parent_id))
        self.others = others
        shown = {"on", "note", *DETAILS.get(kind, [])}
        for name in [name for name in self.fields if name not in shown | {"seen"}]:
            del self.fields[name]
        self.remember_seen()
        for name in ("court", "prison"):  # (one recorded before the journey was kept may lack it)
            if name in self.fields and self.instance._state.adding:
                self.fields[name].required = True
        if "outcome" in self.fields:  # a hearing still to come has none yet
            self.fields["outcome"].choices = [
                ("", _("Not decided yet, or the hearing is still to come")),
                *Outcome.choices,
            ]
        if kind == Kind.HEARING:
            self.fields["on"].help_text = _(
                "A hearing still to come: enter its date and leave what the court decided blank."
            )
            self.fields["adjourned_for"].help_text = _(
                "Only if it was adjourned. The pilot asks courts to adjourn for a pre-sentence "
                "report and a CIA where a parent may go to prison."
            )
            self.fields["sentence_months"].help_text = _(
                "Only for a sentence to custody or a suspended sentence. For example, 18 for a "
                "year and a half, or 0.5 for two weeks."
            )
        if kind == Kind.EXPECTED_RELEASE:
            self.fields["on"].label = _("Expected release date")
        self.fields["note"].help_text = _(
            "Records get copied forward: write what happened, not opinions about the parent."
        )

    def clean(self):
        data = super().clean()
        kind, outcome, on = self.instance.kind, data.get("outcome", ""), data.get("on")
        if outcome != Outcome.ADJOURNED and data.get("adjourned_for"):
            self.add_error("adjourned_for", _("Leave this blank unless the hearing was adjourned"))
        if outcome == Outcome.ADJOURNED and "adjourned_for" in data and not data["adjourned_for"]:
            self.add_error("adjourned_for", self.required_messages["adjourned_for"])
        if data.get("sentence_months") is not None and outcome not in SENTENCE_LENGTHS:
            self.add_error(
                "sentence_months",
                _("Leave this blank unless the sentence was custody or a suspended sentence"),
            )
        if on is None:
            return data
        if on > timezone.localdate() and not may_be_future(kind, outcome):
            self.add_error("on", _("The date must be today or in the past"))
            return data
        event = JusticeEvent(pk=self.instance.pk, kind=kind, on=on, outcome=outcome)
        if problem := order_problem(event, self.others):
            self.add_error("on", problem)
        if kind == Kind.TRANSFER and data.get("prison"):
            already = prison_on(on, self.others, leaving_out=self.instance)
            if already.strip().casefold() == data["prison"].strip().casefold():
                self.add_error(
                    "prison",
                    _("They were already in %(prison)s: enter the prison they moved to")
                    % {"prison": already},
                )
        return data


class CarerForm(ConflictCheckedForm, GDSModelForm):
    required_messages = {
        "name": _("Enter the carer's name"),
        "relationship": _("Select who the carer is to the child"),
    }

    class Meta:
        model = Carer
        fields = ["name", "relationship", "phone", "email", "address", "support_needs"]
        widgets = RADIOS | {
            "address": forms.Textarea(attrs={"rows": 3}),
            "support_needs": forms.Textarea(attrs={"rows": 3}),
        }


class OfferForm(GDSModelForm):
    required_messages = {"stage": _("Select the stage"), "outcome": _("Select what the child said")}
    offered_on = DateField(label=_("Date offered"))

    class Meta:
        model = Offer
        fields = ["stage", "offered_on", "outcome", "reason", "preferred_adult"]
        widgets = RADIOS | {"reason": forms.Textarea(attrs={"rows": 3})}
        labels = {"stage": _("Stage"), "outcome": _("What did the child say?")}

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Offer.Outcome.SOMEONE_ELSE and not data.get("preferred_adult"):
            self.add_error(
                "preferred_adult", _("Enter who the child would like to do it with them")
            )
        if data.get("offered_on") and data["offered_on"] > timezone.localdate():
            self.add_error("offered_on", _("Date offered must be today or in the past"))
        return data


class AssessmentStartForm(GDSModelForm):
    required_messages = {
        "stage": _("Select the stage"),
        "completed_with": _("Select who is having the conversation"),
    }
    conversation_date = DateField(label=_("Date of the conversation"))

    class Meta:
        model = Assessment
        fields = ["stage", "conversation_date", "completed_with", "chosen_by_child", "on_paper"]
        widgets = RADIOS
        labels = {
            "stage": _("Which stage is this conversation about?"),
            "completed_with": _("Who is having the conversation with the child?"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = practitioners()
        if user.organisation_id:
            colleagues = colleagues.filter(organisation=user.organisation_id)
        choose_practitioner(
            self.fields["completed_with"],
            (colleagues | get_user_model().objects.filter(pk=user.pk)).distinct(),
        )
        self.fields["completed_with"].empty_label = None
        self.initial.setdefault("completed_with", user.pk)

    def clean_conversation_date(self):
        day = self.cleaned_data["conversation_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Date of the conversation must be today or in the past"))
        return day


def section_form_class(section: Section) -> type[GDSModelForm]:
    """A form for one section of the conversation, made from the section's fields."""
    field_overrides = {}
    if "feelings" in section.fields:
        field_overrides["feelings"] = forms.MultipleChoiceField(
            label=_("Feelings"),
            choices=FEELINGS,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    meta = type(
        "Meta",
        (),
        {
            "model": Assessment,
            "fields": list(section.fields),
            "labels": {f: FIELD_LABELS[f] for f in section.fields},
            "widgets": {
                f: forms.Textarea(attrs={"rows": 6}) for f in section.fields if f != "feelings"
            },
        },
    )
    bases = (ConflictCheckedForm, GDSModelForm)
    return type(f"{section.slug}Form", bases, {"Meta": meta, **field_overrides})


class NotesForm(ConflictCheckedForm, GDSModelForm):
    class Meta:
        model = Assessment
        fields = ["practitioner_notes"]
        labels = {"practitioner_notes": _("Your notes")}
        help_texts = {"practitioner_notes": _("For you and the team. Never shared unless chosen.")}
        widgets = {"practitioner_notes": forms.Textarea(attrs={"rows": 8})}


class DrawingForm(GDSForm):
    image = forms.ImageField(
        label=_("Drawing or photo of a drawing"),
        help_text=_("A PNG or JPEG file, up to 5 MB."),
        error_messages={
            "required": _("Choose a drawing to upload"),
            "invalid_image": _("The file must be a picture (PNG or JPEG)"),
        },
    )
    caption = forms.CharField(
        label=_("What the drawing shows, in the child's words"), max_length=300, required=False
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > settings.DRAWING_MAX_BYTES:
            raise forms.ValidationError(_("The drawing must be smaller than 5 MB"))
        if image.image.format not in {"PNG", "JPEG"}:
            raise forms.ValidationError(_("The file must be a picture (PNG or JPEG)"))
        return image


class ActionForm(ConflictCheckedForm, GDSModelForm):
    required_messages = {
        "description": _("Enter what will happen"),
        "owner": _("Enter who will do it"),
    }
    due_date = DateField(label=_("When by"))

    class Meta:
        model = AgreedAction
        fields = ["description", "owner", "due_date", "status", "outcome"]
        widgets = RADIOS | {
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"owner": _("A person or a team, for example 'Ms Khan, class teacher'.")}


class YouSaidWeDidForm(GDSForm):
    """What goes in the child's "You said, we did", chosen with the child."""

    sections = forms.MultipleChoiceField(
        label=_("Which of their words do they want in it?"),
        help_text=_("Choose with the child. Leave them all unticked if they want none."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    who_to_ask = forms.CharField(
        label=YouSaidWeDid._meta.get_field("who_to_ask").verbose_name,
        help_text=YouSaidWeDid._meta.get_field("who_to_ask").help_text,
        max_length=300,
    )
    required_messages = {"who_to_ask": _("Enter who the child can ask")}

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [
            (section.slug, section.title)
            for section in SECTIONS
            if section_is_answered(assessment, section)
        ]


class YouSaidWeDidGivenForm(GDSModelForm):
    given_on = DateField(label=_("When did you give it?"))

    class Meta:
        model = YouSaidWeDid
        fields = ["given_on", "given_how"]
        widgets = {"given_how": forms.RadioSelect}

    required_messages = {"given_how": _("Select how you gave it")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_how"].required = True
        self.fields["given_how"].choices = YouSaidWeDid.How.choices

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("When you gave it must be today or in the past"))
        return given_on


class PaperPackForm(GDSForm):
    """Which blank pack to print: the words for the child's age and family member, and the
    language."""

    band = forms.ChoiceField(
        label=_("Words for age"), choices=Assessment.AgeBand.choices, widget=forms.RadioSelect
    )
    member = forms.ChoiceField(
        label=_("Who in the family is in the justice system"),
        choices=Assessment.FamilyMember.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=Assessment.Language.choices, widget=forms.RadioSelect
    )
    required_messages = {
        "band": _("Select the words for the child's age"),
        "member": _("Select who in the family is in the justice system"),
        "language": _("Select the language"),
    }


class WithdrawForm(GDSForm):
    note = forms.CharField(
        label=_("Anything to note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example, what the child said. Do not write anything they would not want "
            "written down."
        ),
    )


class OverrideForm(GDSModelForm):
    ends_on = DateField(
        label=_("Stop sharing on"),
        help_text=_(
            "From this day, the person or organisation cannot see it. It must be after today."
        ),
    )
    required_messages = {"reason": _("Enter why the child is at risk of significant harm")}

    class Meta:
        model = SafeguardingOverride
        fields = ["recipient_user", "recipient_organisation", "reason", "ends_on"]
        labels = {
            "recipient_user": _("Share with a practitioner"),
            "recipient_organisation": _("Or with an organisation"),
            "reason": _("Why is the child at risk of significant harm?"),
        }
        help_texts = {"reason": _("The case holder and the audit trail will show this.")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_practitioner(self.fields["recipient_user"], practitioners())
        self.fields["recipient_user"].empty_label = "Choose a practitioner"
        self.fields["recipient_organisation"].empty_label = "Choose an organisation"

    def clean(self):
        data = super().clean()
        if bool(data.get("recipient_user")) == bool(data.get("recipient_organisation")):
            self.add_error("recipient_user", _("Choose one practitioner or one organisation"))
        if data.get("ends_on") and data["ends_on"] <= timezone.localdate():
            self.add_error("ends_on", _("Stop sharing on must be a date after today"))
        return data


class AllocateForm(GDSForm):
    practitioner = forms.ModelChoiceField(
        label=_("Who else should hold this case?"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Choose a practitioner"),
        error_messages={"required": _("Choose a practitioner")},
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        holders = child.practitioners.values("pk")
        choose_practitioner(self.fields["practitioner"], practitioners().exclude(pk__in=holders))


class ChildModeSetupForm(GDSModelForm):
    """Chosen by the practitioner before handing the device over."""

    class Meta:
        model = Assessment
        fields = ["language", "age_band", "family_member"]
        widgets = {name: forms.RadioSelect for name in ["language", "age_band", "family_member"]}
        labels = {
            "language": _("Which language?"),
            "age_band": _("Which words suit the child?"),
            "family_member": _("Who in their family is in the justice system?"),
        }
        help_texts = {
            "age_band": _(
                "Worked out from the child's age; change it if other words would suit them better."
            ),
        }

    required_messages = {
        "language": _("Select the language"),
        "age_band": _("Select the words that suit the child"),
        "family_member": _("Select who in the family is in the justice system"),
    }

    def __init__(self, *args, wording, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        self.initial.setdefault("age_band", wording.band)
        self.initial.setdefault("family_member", wording.member)
        if not self.instance.age_band:
            self.initial["age_band"] = wording.band
        if not self.instance.family_member:
            self.initial["family_member"] = wording.member


class ChildAnswerForm(forms.Form):
    """One question on one screen. Every question can be skipped, so nothing is required."""

    answer = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ChildFeelingsForm(forms.Form):
    answer = forms.MultipleChoiceField(
        required=False, choices=FEELINGS, widget=forms.CheckboxSelectMultiple
    )


class ChildDrawingForm(forms.Form):
    caption = forms.CharField(required=False, max_length=200)
    drawing = forms.CharField(required=False, widget=forms.HiddenInput)  # a PNG data URL
    upload = forms.FileField(required=False)


class HandBackForm(GDSForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )


class CaseloadForm(GDSForm):
    """My cases: find a child, filter and sort. Sent by GET; every field may be left empty."""

    q = forms.CharField(
        label=_("Find a child"),
        help_text=_("A name, family name, date of birth (3/4/2013) or case reference"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": _("Search for %(limit_value)d characters or fewer")
            % {"limit_value": SEARCH_MAX_LENGTH}
        },
    )
    stage = forms.ChoiceField(
        label=_("Parent's stage"),
        required=False,
        choices=[("", _("Any stage")), *Stage.choices],
    )
    cia_status = forms.ChoiceField(
        label=_("CIA status"), required=False, choices=[("", _("Any status")), *CiaStatus.choices]
    )
    overdue_only = forms.BooleanField(label=_("Only cases with overdue actions"), required=False)
    state = forms.ChoiceField(
        label=_("Show"), required=False, choices=CaseState.choices, initial=CaseState.OPEN
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=CaseSort.choices, initial=CaseSort.NAME
    )

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        if text.strip() and not search_parse(text):
            raise forms.ValidationError(
                _("Enter at least 2 letters of a name, a date of birth or a case reference")
            )
        return text

    def filters(self) -> CaseFilters:
        """What to show: the valid choices, and nothing filtered for a field in error."""
        data = self.cleaned_data if self.is_bound else {}
        return CaseFilters(
            search=search_parse(data.get("q") or ""),
            stage=data.get("stage") or "",
            cia_status=data.get("cia_status") or "",
            overdue_only=bool(data.get("overdue_only")),
            state=data.get("state") or CaseState.OPEN,
            sort=data.get("sort") or CaseSort.NAME,
        )


class JoinRequestForm(GDSForm):
    ADD, NOT_THE_SAME = "add", "not_the_same"

    decision = forms.ChoiceField(
        label=_("Is this the same child?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether to add them to the case")},
    )

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (
                self.ADD,
                _("Yes: add %(who)s to the case") % {"who": asked.requested_by},
            ),
            (self.NOT_THE_SAME, _("No, it is not the same child")),
        ]
