from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from cia_portal.accounts.models import Role
from cia_portal.forms import DateField, GDSForm, GDSModelForm

from .models import (
    AgreedAction,
    Assessment,
    Carer,
    Child,
    CourtHearing,
    Offer,
    ParentChildLink,
    ParentInJustice,
    Stage,
)
from .sections import FEELINGS, FIELD_LABELS, Section

OLDEST_CHILD_AGE = 25  # care leavers may still be supported into their twenties


def _check_date_of_birth(value):
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError("Date of birth must be today or in the past")
    if today.year - value.year > OLDEST_CHILD_AGE:
        raise forms.ValidationError(
            f"Date of birth must be within the last {OLDEST_CHILD_AGE} years"
        )
    return value


CHILD_BASICS = [
    "preferred_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "school",
    "lives_with",
    "care_status",
]
RADIOS = {
    "gender": forms.RadioSelect,
    "care_status": forms.RadioSelect,
    "school_knows": forms.RadioSelect,
    "saw_arrest": forms.RadioSelect,
    "relationship": forms.RadioSelect,
    "care_arrangement": forms.RadioSelect,
    "stage": forms.RadioSelect,
    "outcome": forms.RadioSelect,
    "status": forms.RadioSelect,
    "purpose": forms.RadioSelect,
    "sentence_type": forms.RadioSelect,
    "ethnicity": forms.RadioSelect,
}


class ChildForm(GDSModelForm):
    required_messages = {
        "preferred_name": "Enter the name the child likes to be called",
        "gender": "Select the child's gender",
        "ethnicity": "Select the child's ethnicity",
    }
    date_of_birth = DateField(label="Date of birth", help_text="For example, 27 3 2014")
    lives_with_since = DateField(label="Living there since", required=False)

    class Meta:
        model = Child
        fields = CHILD_BASICS + [
            "school_knows",
            "lives_with_since",
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
            "preferred_name": "Name the child likes to be called",
            "school": "School or nursery",
        }
        help_texts = {"trusted_adults": "People the child says they can talk to."}

    def clean_date_of_birth(self):
        return _check_date_of_birth(self.cleaned_data["date_of_birth"])


class SiblingForm(ChildForm):
    """A brother or sister: the essentials, and how the same parent cares for them."""

    care_arrangement = forms.ChoiceField(
        label="How does their parent care for them?",
        choices=ParentChildLink.CareArrangement.choices,
        widget=forms.RadioSelect,
    )

    class Meta(ChildForm.Meta):
        fields = CHILD_BASICS


class NewCaseForm(GDSForm):
    """A child, their family and the parent in the justice system, on one page."""

    required_messages = {
        "relationship": "Select who the parent is to the child",
        "care_arrangement": "Select how the parent cared for the child",
        "stage": "Select where the parent is in the justice system",
        "preferred_name": "Enter the name the child likes to be called",
    }

    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        help_text="How you will refer to this family, for example 'the Okafor family'.",
    )
    parent_name = forms.CharField(label="Parent's name", max_length=100)
    relationship = forms.ChoiceField(
        label="Who are they to the child?",
        choices=ParentChildLink.Relationship.choices,
        initial=ParentChildLink.Relationship.MOTHER,
        widget=forms.RadioSelect,
    )
    care_arrangement = forms.ChoiceField(
        label="Before this happened, how did they care for the child?",
        help_text="Ask broadly: not only 'sole or primary carer'.",
        choices=ParentChildLink.CareArrangement.choices,
        widget=forms.RadioSelect,
    )
    stage = forms.ChoiceField(
        label="Where are they in the justice system now?",
        choices=Stage.choices,
        widget=forms.RadioSelect,
    )
    next_court_date = DateField(
        label="Next court date", required=False, help_text="If there is one. For example, 14 3 2023"
    )
    court = forms.CharField(label="Court", max_length=200, required=False)
    carer_name = forms.CharField(
        label="Carer's name",
        max_length=100,
        required=False,
        help_text="Who looks after the child now, if you know.",
    )
    carer_relationship = forms.ChoiceField(
        label="Who are they to the child?",
        choices=[("", "Choose")] + Carer.Relationship.choices,
        required=False,
    )
    carer_phone = forms.CharField(label="Carer's phone number", max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_form = ChildForm(*args, **kwargs)
        for name in CHILD_BASICS:
            self.fields[name] = self.child_form.fields[name]
        self.helper.layout = Layout(
            Fieldset(
                Field.text("family_name"),
                *CHILD_BASICS,
                legend="The child",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "parent_name",
                "relationship",
                "care_arrangement",
                "stage",
                "next_court_date",
                "court",
                legend="Their parent in the justice system",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "carer_name",
                "carer_relationship",
                "carer_phone",
                legend="Who looks after them now",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean_date_of_birth(self):
        return _check_date_of_birth(self.cleaned_data["date_of_birth"])

    def clean(self):
        data = super().clean()
        if data.get("next_court_date") and not data.get("court"):
            self.add_error("court", "Enter the court, or leave the court date blank")
        if data.get("carer_name") and not data.get("carer_relationship"):
            self.add_error("carer_relationship", "Choose who the carer is to the child")
        return data


class ParentForm(GDSModelForm):
    required_messages = {
        "name": "Enter the parent's name",
        "stage": "Select where the parent is in the justice system",
    }
    arrest_date = DateField(label="Date of arrest", required=False)
    sentence_date = DateField(label="Date of sentence", required=False)
    expected_release_date = DateField(label="Expected release date", required=False)

    class Meta:
        model = ParentInJustice
        fields = [
            "name",
            "stage",
            "pregnant",
            "arrest_date",
            "sentence_type",
            "sentence_date",
            "prison",
            "prison_distance_miles",
            "expected_release_date",
        ]
        widgets = RADIOS
        labels = {"stage": "Where are they in the justice system now?", "pregnant": "Pregnant"}


class ParentChildLinkForm(GDSModelForm):
    removed_on = DateField(label="When the child was removed", required=False)

    class Meta:
        model = ParentChildLink
        fields = ["relationship", "care_arrangement", "removed_on", "return_plans"]
        widgets = RADIOS | {"return_plans": forms.Textarea(attrs={"rows": 3})}


class HearingForm(GDSModelForm):
    required_messages = {"purpose": "Select what the hearing is for"}
    date = DateField(label="Date of the hearing")

    class Meta:
        model = CourtHearing
        fields = ["date", "court", "purpose"]
        widgets = RADIOS


class CarerForm(GDSModelForm):
    required_messages = {
        "name": "Enter the carer's name",
        "relationship": "Select who the carer is to the child",
    }

    class Meta:
        model = Carer
        fields = ["name", "relationship", "phone", "email", "address", "support_needs"]
        widgets = RADIOS | {
            "address": forms.Textarea(attrs={"rows": 3}),
            "support_needs": forms.Textarea(attrs={"rows": 3}),
        }


class OfferForm(GDSModelForm):
    required_messages = {"stage": "Select the stage", "outcome": "Select what the child said"}
    offered_on = DateField(label="Date offered")

    class Meta:
        model = Offer
        fields = ["stage", "offered_on", "outcome", "reason", "preferred_adult"]
        widgets = RADIOS | {"reason": forms.Textarea(attrs={"rows": 3})}
        labels = {"stage": "Stage", "outcome": "What did the child say?"}

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Offer.Outcome.SOMEONE_ELSE and not data.get("preferred_adult"):
            self.add_error("preferred_adult", "Enter who the child would like to do it with them")
        if data.get("offered_on") and data["offered_on"] > timezone.localdate():
            self.add_error("offered_on", "Date offered must be today or in the past")
        return data


class AssessmentStartForm(GDSModelForm):
    required_messages = {
        "stage": "Select the stage",
        "completed_with": "Select who is having the conversation",
    }
    conversation_date = DateField(label="Date of the conversation")

    class Meta:
        model = Assessment
        fields = ["stage", "conversation_date", "completed_with", "chosen_by_child"]
        widgets = RADIOS
        labels = {
            "stage": "Which stage is this conversation about?",
            "completed_with": "Who is having the conversation with the child?",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = get_user_model().objects.filter(groups__name=Role.PRACTITIONER, is_active=True)
        if user.organisation_id:
            colleagues = colleagues.filter(organisation=user.organisation_id)
        self.fields["completed_with"].queryset = (
            colleagues.select_related("organisation").order_by("first_name", "last_name")
            | get_user_model().objects.filter(pk=user.pk)
        ).distinct()
        self.fields["completed_with"].label_from_instance = lambda u: u.description
        self.fields["completed_with"].empty_label = None
        self.initial.setdefault("completed_with", user.pk)

    def clean_conversation_date(self):
        day = self.cleaned_data["conversation_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("Date of the conversation must be today or in the past")
        return day


def section_form_class(section: Section) -> type[GDSModelForm]:
    """A form for one section of the conversation, made from the section's fields."""
    field_overrides = {}
    if "feelings" in section.fields:
        field_overrides["feelings"] = forms.MultipleChoiceField(
            label="Feelings",
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
    return type(f"{section.slug}Form", (GDSModelForm,), {"Meta": meta, **field_overrides})


class NotesForm(GDSModelForm):
    class Meta:
        model = Assessment
        fields = ["practitioner_notes"]
        labels = {"practitioner_notes": "Your notes"}
        help_texts = {"practitioner_notes": "For you and the team. Never shared unless chosen."}
        widgets = {"practitioner_notes": forms.Textarea(attrs={"rows": 8})}


class DrawingForm(GDSForm):
    image = forms.ImageField(
        label="Drawing or photo of a drawing",
        help_text="A PNG or JPEG file, up to 5 MB.",
        error_messages={
            "required": "Choose a drawing to upload",
            "invalid_image": "The file must be a picture (PNG or JPEG)",
        },
    )
    caption = forms.CharField(
        label="What the drawing shows, in the child's words", max_length=300, required=False
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > settings.DRAWING_MAX_BYTES:
            raise forms.ValidationError("The drawing must be smaller than 5 MB")
        if image.image.format not in {"PNG", "JPEG"}:
            raise forms.ValidationError("The file must be a picture (PNG or JPEG)")
        return image


class ActionForm(GDSModelForm):
    required_messages = {"description": "Enter what will happen", "owner": "Enter who will do it"}
    due_date = DateField(label="When by")

    class Meta:
        model = AgreedAction
        fields = ["description", "owner", "due_date", "status", "outcome"]
        widgets = RADIOS | {
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"owner": "A person or a team, for example 'Ms Khan, class teacher'."}
