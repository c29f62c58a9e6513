from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.forms import practitioners
from assessments.models import Stage
from cia_portal.accounts.models import Organisation
from cia_portal.concurrency import SEEN, ConflictCheckedForm
from cia_portal.forms import DateField, GDSForm, GDSModelForm

from .figures import Period
from .models import (
    ONE_OF,
    FeedbackResponse,
    Pilot,
    PlanAction,
    Respondent,
    TrainingSession,
    UnitCost,
)


class PeriodForm(GDSForm):
    """Filter the dashboard by period; blank means the whole pilot."""

    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)

    def __init__(self, *args, pilot: Pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilot = pilot

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("To must be the same as or after From"))
        return data

    def period(self) -> Period:
        """The chosen period, or the whole pilot when nothing (valid) was chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Period(data.get("start") or self.pilot.start, data.get("end") or self.pilot.end)


class FeedbackLinkForm(GDSForm):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.all(), empty_label=_("Choose a pilot"))
    respondent = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=[(value, ONE_OF[value]) for value in Respondent.values],
        widget=forms.RadioSelect,
    )
    stage = forms.ChoiceField(
        label=_("At which stage?"),
        choices=Stage.choices,
        widget=forms.RadioSelect,
        help_text=_("Where the mother's case was when the CIA happened."),
    )
    required_messages = {
        "pilot": _("Select the pilot"),
        "respondent": _("Select who the feedback is from"),
        "stage": _("Select the stage"),
    }

    def __init__(self, *args, pilots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots
        self.fields["pilot"].initial = pilots.first()


# Families answer in English or Welsh (`cia_portal.languages`): every word is translated.
SCORE_CHOICES = {
    "child": [_("No, not at all"), _("Not really"), _("A bit"), _("Mostly"), _("Yes, a lot")],
    "adult": [
        _("Strongly disagree"),
        _("Disagree"),
        _("Neither agree nor disagree"),
        _("Agree"),
        _("Strongly agree"),
    ],
}
QUESTIONS = {
    "child": {
        "listened_to": _("Did you feel listened to?"),
        "supported": _("Did you feel helped?"),
        "included": _("Did you have a say in what happens next?"),
        "told_what_next": _("Were you told what happened next?"),
        "comments": _("Is there anything else you want to tell us?"),
        "may_quote": _("Can we use your words to help other children? We will not say your name."),
    },
    "adult": {
        "listened_to": _("I felt listened to"),
        "supported": _("I felt well supported"),
        "included": _("I was included in decisions about the agreed actions"),
        "told_what_next": _("I was told what happened next"),
        "comments": _("Anything else you would like to tell us?"),
        "may_quote": _("We may quote your words in our report, without your name"),
    },
}


class FeedbackForm(GDSModelForm):
    """The questionnaire: every question may be skipped."""

    comments = forms.CharField(
        required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = FeedbackResponse
        fields = [*FeedbackResponse.QUESTIONS, "comments", "may_quote"]

    def __init__(self, *args, respondent: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.voice = "child" if respondent == Respondent.CHILD else "adult"
        for name, text in QUESTIONS[self.voice].items():
            self.fields[name].label = text
        labels = SCORE_CHOICES[self.voice]
        for name in FeedbackResponse.QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=[(n, labels[n - 1]) for n in range(1, 6)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["may_quote"].label = QUESTIONS[self.voice]["may_quote"]

    def scored(self):
        """The scored questions with their choices, for the faces template."""
        faces = [f"images/faces/face-{n}.svg" for n in range(1, 6)]
        return [
            {
                "field": self[name],
                "choices": list(zip(range(1, 6), SCORE_CHOICES[self.voice], faces, strict=True)),
            }
            for name in FeedbackResponse.QUESTIONS
        ]


class PaperFeedbackForm(FeedbackForm):
    """A paper form typed in by a practitioner: also who it was from, when and at which stage."""

    submitted_on = DateField(label=_("Date on the form"))

    class Meta(FeedbackForm.Meta):
        fields = ["respondent", "stage", "submitted_on", *FeedbackForm.Meta.fields]
        widgets = {
            "respondent": forms.RadioSelect,
            "stage": forms.RadioSelect,
        }
        labels = {"respondent": _("Who filled it in?"), "stage": _("At which stage?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, respondent="adult", **kwargs)
        self.fields["respondent"].error_messages["required"] = "Select who filled it in"
        self.fields["stage"].error_messages["required"] = "Select the stage"


class PlanActionForm(ConflictCheckedForm, GDSModelForm):
    class Meta:
        model = PlanAction
        fields = ["status", "note", "evidence", "timescale", "leads"]
        widgets = {
            "status": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"leads": _("Lead(s)")}


class NarrativeForm(ConflictCheckedForm, GDSModelForm):
    class Meta:
        model = Pilot
        fields = ["aim", "background", "findings", "scaling_proposal", "suppress_below"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 8})
            for name in ["aim", "background", "findings", "scaling_proposal"]
        }
        labels = {"aim": _("Aim of the pilot"), "background": _("Background")}
        help_texts = {
            "findings": _(
                "What the figures and the feedback show. Do not claim that the CIA "
                "caused an outcome: the figures show association, not cause."
            ),
            "scaling_proposal": _("Action 8.1: a proposal for scaling up or widening the project."),
        }


class UnitCostForm(ConflictCheckedForm, GDSModelForm):
    class Meta:
        model = UnitCost
        fields = ["path", "name", "amount", "unit", "quantity", "source"]
        widgets = {
            "path": forms.RadioSelect,
            "unit": forms.RadioSelect,
            "source": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"path": _("Which path is it part of?"), "name": _("What is it?")}

    required_messages = {
        "path": _("Select which path it is part of"),
        "name": _("Enter what it is"),
        "unit": _("Select the unit"),
        "quantity": _("Enter how much one family needs"),
        "source": _("Enter where the unit cost comes from"),
    }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The unit cost must be 0 or more"))
        return amount

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity < 0:
            raise forms.ValidationError(_("How much one family needs must be 0 or more"))
        return quantity


ATTENDED = "attended_"  # + an organisation type: how many came from that type


class TrainingSessionForm(ConflictCheckedForm, GDSModelForm):
    """A session of the training register, with how many came from each type of organisation
    (one box each) and the practitioners (of the pilot's area) it trained to offer CIAs."""

    held_on = DateField(label=_("When was it held?"))
    required_messages = {
        "audience": _("Select who the session was for"),
        "title": _("Enter what the session was called"),
    }

    class Meta:
        model = TrainingSession
        fields = ["audience", "title", "held_on", "delivered_by", "sentencers", "trained", "note"]
        widgets = {
            "audience": forms.RadioSelect,
            "trained": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
            "sentencers": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, pilot: Pilot, **kwargs):
        super().__init__(*args, **kwargs)
        trained = self.fields["trained"]
        trained.queryset = practitioners().filter(organisation__area=pilot.area_id)
        trained.label_from_instance = lambda user: user.description
        trained.help_text = _("Practitioners in the pilot's area who can now offer a CIA.")
        counted = (
            {a.organisation_type: a.attended for a in self.instance.attendance.all()}
            if not self.instance._state.adding
            else {}
        )
        for value, label in Organisation.Type.choices:
            self.fields[ATTENDED + value] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=10_000,
                initial=counted.get(value),
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Enter how many came as a whole number, like 12"),
                    "min_value": _("How many came must be 0 or more"),
                    "max_value": _("How many came must be 10,000 or fewer"),
                },
            )

        self.helper.layout = Layout(
            Field.radios("audience"),
            Field.text("title"),
            "held_on",
            Field.text("delivered_by"),
            Fieldset(
                *[
                    Field.text(ATTENDED + value, field_width=4)
                    for value in Organisation.Type.values
                ],
                legend=_("How many came from each type of organisation?"),
                legend_size=Size.SMALL,
            ),
            Field.text("sentencers", field_width=4),
            Field.checkboxes("trained", small=True),
            Field.textarea("note"),
            *([SEEN] if SEEN in self.fields else []),
        )

    @property
    def attendance(self) -> dict[str, int]:
        """{organisation type: how many came}, for the types with anyone."""
        return {
            value: self.cleaned_data[ATTENDED + value]
            for value in Organisation.Type.values
            if self.cleaned_data.get(ATTENDED + value)
        }

    @property
    def session_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith(ATTENDED)}

    def clean(self):
        data = super().clean()
        came = sum(data.get(ATTENDED + v) or 0 for v in Organisation.Type.values)
        sentencers = data.get("sentencers") or 0
        if sentencers > came:
            self.add_error(
                "sentencers",
                _(
                    "Sentencers must be among those who came: check how many came from each "
                    "type of organisation"
                ),
            )
        return data
