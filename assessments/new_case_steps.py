"""Adding a child and family as GOV.UK question pages: only what is needed to start (the child,
their parent, what has happened most recently), a check for a record someone else already
holds before anything is saved, then check your answers. The rest is added later from the
child's page."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cia_portal.forms import DateField
from cia_portal.question_pages import Draft, Step, StepForm

from .forms import STARTING_POINTS, ChildForm
from .models import JusticeEvent, ParentChildLink


class ChildStepForm(StepForm):
    title = _("The child")

    preferred_name = ChildForm.base_fields["preferred_name"]
    date_of_birth = ChildForm.base_fields["date_of_birth"]
    gender = ChildForm.base_fields["gender"]
    ethnicity = ChildForm.base_fields["ethnicity"]
    required_messages = ChildForm.required_messages
    clean_date_of_birth = ChildForm.clean_date_of_birth


class ParentStepForm(StepForm):
    title = _("Their parent in the justice system")

    parent_name = forms.CharField(label=_("Parent's name"), max_length=100)
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        help_text=_("How you will refer to this family, for example 'the Rivers family'."),
    )
    relationship = forms.ChoiceField(
        label=_("Who are they to the child?"),
        choices=ParentChildLink.Relationship.choices,
        initial=ParentChildLink.Relationship.MOTHER,
        widget=forms.RadioSelect,
    )
    care_arrangement = forms.ChoiceField(
        label=_("Before this happened, how did they care for the child?"),
        help_text=_("Ask broadly: not only 'sole or primary carer'."),
        choices=ParentChildLink.CareArrangement.choices,
        widget=forms.RadioSelect,
    )
    required_messages = {
        "relationship": _("Select who the parent is to the child"),
        "care_arrangement": _("Select how the parent cared for the child"),
    }


class WhatHappenedStepForm(StepForm):
    title = _("What has happened so far")

    so_far = forms.ChoiceField(
        label=_("What has happened most recently?"),
        help_text=_("The rest of their journey can be added from the child's page."),
        choices=[(key, label) for key, (label, _kind, _details) in STARTING_POINTS.items()],
        widget=forms.RadioSelect,
    )
    so_far_on = DateField(
        label=_("When did it happen?"),
        help_text=_("If you do not know the day, give your best estimate."),
    )
    next_court_date = DateField(
        label=_("Next court date"),
        required=False,
        help_text=_("If there is one. For example, 14 3 2027"),
    )
    court = forms.CharField(label=_("Court"), max_length=200, required=False)
    hearing_purpose = forms.ChoiceField(
        label=_("What is the hearing for?"),
        choices=[("", _("Choose, if you know"))] + JusticeEvent.Purpose.choices,
        required=False,
        help_text=_("A sentencing hearing is when a CIA can reach the pre-sentence report."),
    )
    required_messages = {"so_far": _("Select what has happened most recently")}

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("so_far_on") and data["so_far_on"] > today:
            self.add_error("so_far_on", _("The date must be today or in the past"))
        if data.get("next_court_date") and data["next_court_date"] < today:
            self.add_error("next_court_date", _("The next court date must be today or later"))
        if data.get("next_court_date") and not data.get("court"):
            self.add_error("court", _("Enter the court, or leave the court date blank"))
        return data


URLS = "assessments:case_"
STEPS = [
    Step("child", ChildStepForm, URLS),
    Step("parent", ParentStepForm, URLS),
    Step("what-happened", WhatHappenedStepForm, URLS),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


class NewCaseDraft(Draft):
    """The answers so far, in the practitioner's session until the family is added."""

    def __init__(self, session):
        super().__init__(session, key="new-case-draft", steps=STEPS)

    @property
    def likely_known(self) -> bool:
        return bool(self.answers.get("likely_known"))

    def case_data(self) -> dict:
        """The answers as `services.case_create` takes them."""
        data = dict(self.answers)
        for name in ("date_of_birth", "so_far_on", "next_court_date"):
            data[name] = date.fromisoformat(data[name]) if data.get(name) else None
        _label, data["so_far_kind"], data["so_far_details"] = STARTING_POINTS[data["so_far"]]
        return data

    def summary(self) -> list[tuple[Step, str, str]]:
        """Check your answers: (the step it is changed on, the question, the answer)."""
        answers, rows = self.answers, []
        for step in self.steps:
            form = step.form(initial=step.form.initial_from(answers))
            for name, field in form.fields.items():
                value = answers.get(name)
                if value in (None, ""):
                    continue
                if isinstance(field, DateField):
                    value = f"{date.fromisoformat(value):%-d %B %Y}"
                elif hasattr(field, "choices"):
                    value = dict(field.choices).get(value, value)
                rows.append((step, field.label, value))
        return rows
