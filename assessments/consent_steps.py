"""Recording a child's consent as GOV.UK question pages, gone through with the child.

One question (or one small group) per page: who is deciding, who will know, which times and
parts, why and how the child said yes, when to check again and when to stop. The answers wait
in the practitioner's session (`ConsentDraft`) until check your answers, which shows exactly
what each person will see; nothing is saved or shared until the practitioner confirms there.
"""

import hashlib
import json
from datetime import date

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.models import Organisation, Role, User
from cia_portal.forms import DateField
from cia_portal.question_pages import Draft, Step, StepForm

from .models import Child, Consent, Stage
from .sections import SECTIONS

RECIPIENT_GONE = _(
    "Someone you chose can no longer be chosen: their account was closed, or they now hold "
    "the case. Check who will know."
)
NOTES = "notes"  # beside the sections and drawings: the practitioner's own notes
# "Ready: share it for the pre-sentence report?" on Today starts with these answers.
PRE_SENTENCE_REPORT = {
    "for_pre_sentence_report": True,
    "stages": [Stage.COURT],
    "purpose": _("So the court hears what the child wants it to know, in the pre-sentence report"),
}


class QuestionRadios(ConditionalRadios):
    """Radios with revealed follow-up questions, whose legend is the page's heading."""

    def render(self, form, context, template_pack=None, **kwargs):
        context.update({"legend_tag": "h1", "legend_size": Size.for_legend(Size.LARGE)})
        return super().render(form, context, template_pack=template_pack, **kwargs)


class ConsentStepForm(StepForm):
    """A consent question, asked about one child."""

    def __init__(self, *args, child: Child, **kwargs):
        self.child = child
        super().__init__(*args, **kwargs)


class WhoDecidesForm(ConsentStepForm):
    title = _("Who is deciding what to share?")
    question_is_heading = True

    given_by = forms.ChoiceField(label=title, widget=forms.RadioSelect)
    competence_note = forms.CharField(
        label=_("Why are you sure they understand?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    parent_name = forms.CharField(label=_("Their name"), max_length=100, required=False)
    parent_reason = forms.CharField(
        label=_("Why is a parent deciding for the child?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    carer_name = forms.CharField(label=_("Their name"), max_length=100, required=False)
    carer_reason = forms.CharField(
        label=_("Why is a carer deciding for the child?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    required_messages = {"given_by": _("Select who is deciding")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            value: str(label).replace("The child", self.child.preferred_name)
            for value, label in Consent.GivenBy.choices
        }
        self.fields["given_by"].choices = list(labels.items())
        self.helper.layout = Layout(
            QuestionRadios(
                "given_by",
                ConditionalQuestion(labels[Consent.GivenBy.CHILD], "competence_note"),
                ConditionalQuestion(labels[Consent.GivenBy.PARENT], "parent_name", "parent_reason"),
                ConditionalQuestion(labels[Consent.GivenBy.CARER], "carer_name", "carer_reason"),
            )
        )

    def clean(self):
        data = super().clean()
        given_by = data.get("given_by")
        if given_by == Consent.GivenBy.CHILD and not data.get("competence_note"):
            self.add_error("competence_note", _("Say why the child can decide for themselves"))
        for who in (Consent.GivenBy.PARENT, Consent.GivenBy.CARER):
            if given_by == who and not data.get(f"{who}_name"):
                self.add_error(f"{who}_name", _("Enter the name of the parent or carer"))
            if given_by == who and not data.get(f"{who}_reason"):
                self.add_error(
                    f"{who}_reason", _("Say why a parent or carer decided for the child")
                )
        return data

    def answers(self) -> dict:
        data, who = self.cleaned_data, self.cleaned_data["given_by"]
        deciding_for = who != Consent.GivenBy.CHILD
        return {
            "given_by": who,
            "competence_note": "" if deciding_for else data["competence_note"],
            "giver_name": data[f"{who}_name"] if deciding_for else "",
            "on_behalf_reason": data[f"{who}_reason"] if deciding_for else "",
        }

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        who = answers.get("given_by")
        initial = {"given_by": who, "competence_note": answers.get("competence_note", "")}
        if who in (Consent.GivenBy.PARENT, Consent.GivenBy.CARER):
            initial[f"{who}_name"] = answers.get("giver_name", "")
            initial[f"{who}_reason"] = answers.get("on_behalf_reason", "")
        return initial


def recipient_choices(child: Child) -> list[tuple[str, list]]:
    """Everyone the child could choose, found by typing: practitioners (not those holding the
    case, who see it already) and organisations. A value says which: "user:7", "organisation:3"."""
    holders = child.practitioners.values("pk")
    people = (
        User.objects.filter(groups__name=Role.PRACTITIONER, is_active=True)
        .exclude(pk__in=holders)
        .select_related("organisation")
        .order_by("first_name", "last_name")
    )
    organisations = Organisation.objects.order_by("name")
    return [
        (str(_("People")), [(f"user:{u.pk}", u.description) for u in people]),
        (
            str(_("Organisations (anyone who works there)")),
            [(f"organisation:{o.pk}", str(o)) for o in organisations],
        ),
    ]


def recipients_named(values: list[str]) -> list[tuple[str, User | Organisation]]:
    """The people and organisations a draft names, by value, in the order they were added."""
    ids = {"user": [], "organisation": []}
    for value in values:  # each one a choice the form accepted
        kind, _sep, pk = value.partition(":")
        ids[kind].append(pk)
    users = User.objects.filter(pk__in=ids["user"], is_active=True).select_related("organisation")
    organisations = Organisation.objects.filter(pk__in=ids["organisation"])
    found = {f"user:{u.pk}": u for u in users} | {f"organisation:{o.pk}": o for o in organisations}
    return [(value, found[value]) for value in values if value in found]


class WhoWillKnowForm(ConsentStepForm):
    """One person or organisation at a time; the page lists those added so far."""

    title = _("Who will know?")

    recipient = forms.ChoiceField(
        label=_("Find a person or organisation"),
        help_text=_("Type their name, job or organisation, then choose them."),
        required=False,
    )

    def __init__(self, *args, added: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.added = added
        field = self.fields["recipient"]
        field.choices = [("", _("Choose a person or organisation"))] + recipient_choices(self.child)
        # The select is hidden once the autocomplete takes its place, and keeps its name.
        field.widget.attrs |= {"data-module": "app-autocomplete", "aria-label": field.label}

    def clean(self):
        data = super().clean()
        if not data.get("recipient") and not self.added:
            self.add_error("recipient", _("Choose who can know about this"))
        return data

    def answers(self) -> dict:
        chosen = self.cleaned_data.get("recipient")
        added = self.added + ([chosen] if chosen and chosen not in self.added else [])
        return {"recipients": added}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {}


class WhatForm(ConsentStepForm):
    title = _("What can they see?")

    stages = forms.MultipleChoiceField(
        label=_("Which times?"), choices=Stage.choices, widget=forms.CheckboxSelectMultiple
    )
    parts = forms.MultipleChoiceField(label=_("Which parts?"), widget=forms.CheckboxSelectMultiple)
    required_messages = {
        "stages": _("Choose at least one time they can see"),
        "parts": _("Choose at least one part they can see"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.child.preferred_name
        self.fields["parts"].choices = [
            *[(s.slug, s.title) for s in SECTIONS],
            (Consent.DRAWINGS, _("My drawings")),
            (
                NOTES,
                _("Your notes about the conversation, as well as %(name)s's words")
                % {"name": name},
            ),
        ]
        self.fields["stages"].help_text = _(
            "%(name)s's conversations at these times, once each is completed."
        ) % {"name": name}
        self.helper.layout = Layout(
            Field.checkboxes("stages", legend_size=Size.MEDIUM),
            Field.checkboxes("parts", legend_size=Size.MEDIUM),
        )

    def answers(self) -> dict:
        parts = self.cleaned_data["parts"]
        return {
            "stages": self.cleaned_data["stages"],
            "sections": [p for p in parts if p != NOTES],
            "include_practitioner_notes": NOTES in parts,
        }

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        notes = [NOTES] if answers.get("include_practitioner_notes") else []
        return {"stages": answers.get("stages"), "parts": answers.get("sections", []) + notes}

    def clean(self):
        data = super().clean()
        if data.get("parts") == [NOTES]:
            self.add_error("parts", _("Choose at least one part of what the child said"))
        return data


class WhyForm(ConsentStepForm):
    title = _("Why, and how did they say yes?")

    purpose = forms.CharField(
        label=_("Why are we sharing it?"),
        max_length=300,
        help_text=_(
            "In the child's words if you can, for example "
            "'so the judge knows about me' or 'so my school can help me'."
        ),
    )
    for_pre_sentence_report = forms.BooleanField(
        label=_("This is so the child's words can go into the pre-sentence report"),
        help_text=_(
            "So the judge hears from the child before sentencing. Share with the report's author."
        ),
        required=False,
    )
    how_given = forms.ChoiceField(
        label=_("How did they say yes?"), choices=Consent.How.choices, widget=forms.RadioSelect
    )
    required_messages = {
        "purpose": _("Enter why we are sharing it"),
        "how_given": _("Select how they said yes"),
    }


class WhenForm(ConsentStepForm):
    title = _("When to check again, and when to stop")

    review_on = DateField(
        label=_("Check again with the child on"),
        required=False,
        help_text=_("You will be reminded. Leave blank if there is no need."),
    )
    expires_on = DateField(
        label=_("Stop sharing on"),
        required=False,
        help_text=_(
            "From this day, nobody it was shared with can see it, so it must be after today. "
            "Leave blank to share until the child changes their mind."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("expires_on") and data["expires_on"] <= timezone.localdate():
            self.add_error("expires_on", _("Stop sharing on must be a date after today"))
        return data


URLS = "assessments:consent_"
STEPS = [
    Step("who-decides", WhoDecidesForm, URLS),
    Step("who-will-know", WhoWillKnowForm, URLS),
    Step("what", WhatForm, URLS),
    Step("why", WhyForm, URLS),
    Step("when", WhenForm, URLS),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


class ConsentDraft(Draft):
    """The answers so far, kept in the session for this child until confirmed or abandoned."""

    def __init__(self, session, child: Child):
        super().__init__(session, key=f"consent-draft:{child.pk}", steps=STEPS)
        self.child = child

    def remove_recipient(self, value: str) -> None:
        self._keep_recipients([r for r in self.answers.get("recipients", []) if r != value])

    def drop_unavailable_recipients(self) -> list[str]:
        """Leave out anyone who may no longer be chosen (an account closed, or now holding the
        case); returns what was left out. With nobody left, the question is asked again."""
        available = {v for _group, options in recipient_choices(self.child) for v, _ in options}
        recipients = self.answers.get("recipients", [])
        self._keep_recipients([r for r in recipients if r in available])
        return [r for r in recipients if r not in available]

    def _keep_recipients(self, recipients: list[str]) -> None:
        answers = self.answers | {"recipients": recipients}
        if not recipients:
            answers.pop("answered:who-will-know", None)
        self.session[self.key] = answers

    def fingerprint(self) -> str:
        """Changes whenever an answer does: confirming shares only the answers checked."""
        text = json.dumps(self.answers, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def recipients_added(self) -> list[tuple[str, User | Organisation]]:
        return recipients_named(self.answers.get("recipients", []))

    def recipients(self) -> tuple[list[User], list[Organisation]]:
        named = [recipient for _value, recipient in self.recipients_added()]
        return (
            [r for r in named if isinstance(r, User)],
            [r for r in named if isinstance(r, Organisation)],
        )

    def consent_fields(self) -> dict:
        """The answers as a consent's fields (its recipients are `recipients()`)."""
        fields = {f.name for f in Consent._meta.concrete_fields}
        values = {k: v for k, v in self.answers.items() if k in fields}
        for name in ("review_on", "expires_on"):
            values[name] = date.fromisoformat(values[name]) if values.get(name) else None
        return values

    def consent(self, *, recorded_by: User) -> Consent:
        """The consent these answers make, not saved: what the preview is drawn from."""
        return Consent(child=self.child, recorded_by=recorded_by, **self.consent_fields())
