"""GOV.UK question pages: one question (or a small group) per page, the answers kept in the
session until check your answers, where the person confirms and only then is anything saved.
Recording a consent and adding a child and family are built from these parts."""

from dataclasses import dataclass
from datetime import date

from crispy_forms_gds.fields import DateInputField
from django.utils.functional import Promise

from .forms import GDSForm


class StepForm(GDSForm):
    """A question page's form. `answers()` gives what it adds to the draft (JSON-safe: dates
    as ISO text); `initial_from(answers)` fills it in again from the draft. `title` is the
    page's heading, unless the form's one question is the heading itself."""

    title = ""
    question_is_heading = False

    def answers(self) -> dict:
        return {name: _stored(value) for name, value in self.cleaned_data.items()}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = {}
        for name, field in cls.base_fields.items():
            value = answers.get(name)
            if isinstance(field, DateInputField) and isinstance(value, str):
                value = date.fromisoformat(value)
            if value is not None:
                initial[name] = value
        return initial


def _stored(value):
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if isinstance(value, Promise) else value  # a lazy translation


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[StepForm]
    url_prefix: str  # "assessments:consent_": each step's URL is named after its slug

    @property
    def url_name(self) -> str:
        return f"{self.url_prefix}{self.slug.replace('-', '_')}"

    @property
    def title(self) -> str:
        return self.form.title


class Draft:
    """The answers so far to `steps`, kept in the session under `key` until confirmed."""

    def __init__(self, session, *, key: str, steps: list[Step]):
        self.session, self.key, self.steps = session, key, steps

    @property
    def answers(self) -> dict:
        return self.session.get(self.key, {})

    def start(self, *, answers: dict | None = None) -> None:
        self.session[self.key] = {k: _stored(v) for k, v in (answers or {}).items()}

    def add(self, answers: dict, *, step: Step) -> None:
        self.session[self.key] = self.answers | answers | {f"answered:{step.slug}": True}

    def number(self, step: Step) -> int:
        return self.steps.index(step) + 1

    def step(self, slug: str) -> Step:
        return next(s for s in self.steps if s.slug == slug)

    def unanswered(self) -> list[Step]:
        return [s for s in self.steps if not self.answers.get(f"answered:{s.slug}")]

    def next_after(self, step: Step) -> Step | None:
        later = self.steps[self.number(step) :]
        return next((s for s in later if not self.answers.get(f"answered:{s.slug}")), None)

    def clear(self) -> None:
        self.session.pop(self.key, None)
