"""The rules of the parent's way through the justice system: which details each kind of event
asks for, which may be dated in the future, and which must come after which. Used by the
form that records an event, so that a sentence before the arrest, a release before prison or
a move to the prison she is already in gets an error naming the field."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .models import JusticeEvent, Stage

Kind = JusticeEvent.Kind
Outcome = JusticeEvent.Outcome

# The details each kind asks for, after its date.
DETAILS: dict[str, list[str]] = {
    Kind.HEARING: ["court", "purpose", "outcome", "adjourned_for", "sentence_months"],
    Kind.REPORT_WRITTEN: ["child_view"],
    Kind.PRISON: ["prison", "distance_miles"],
    Kind.TRANSFER: ["prison", "distance_miles"],
    Kind.RECALL: ["prison", "distance_miles"],
}

# The kinds of event the practitioner chooses from, grouped as the journey goes.
GROUPS = [
    (_("Police"), [Kind.ARREST, Kind.POLICE_CUSTODY, Kind.CHARGE, Kind.BAIL, Kind.REMAND]),
    (_("Court"), [Kind.HEARING, Kind.REPORT_ASKED, Kind.REPORT_WRITTEN]),
    (_("Prison"), [Kind.PRISON, Kind.TRANSFER, Kind.TEMPORARY_RELEASE, Kind.RECALL]),
    (_("Release"), [Kind.EXPECTED_RELEASE, Kind.RELEASE]),
]


def may_be_future(kind: str, outcome: str) -> bool:
    """A hearing still to come (with no outcome yet) and an expected release are the only
    events dated after today."""
    return kind == Kind.EXPECTED_RELEASE or (kind == Kind.HEARING and not outcome)


def _in_custody(event: JusticeEvent) -> bool:
    return event.kind in (Kind.PRISON, Kind.REMAND, Kind.RECALL) or (
        event.kind == Kind.HEARING and event.outcome in (Outcome.CUSTODY, Outcome.REMANDED)
    )


def _is(*kinds: str) -> Callable[[JusticeEvent], bool]:
    return lambda event: event.kind in kinds


@dataclass(frozen=True)
class Rule:
    """Where there is an event matching `first`, no event matching `then` is before the
    earliest of them. With `missing`, an event matching `then` needs one matching `first`
    (nobody is released who was never in custody)."""

    first: Callable[[JusticeEvent], bool]
    then: Callable[[JusticeEvent], bool]
    missing: str = ""


RULES = [
    Rule(_is(Kind.ARREST), lambda event: event.kind not in (Kind.ARREST, Kind.EXPECTED_RELEASE)),
    Rule(
        _in_custody,
        _is(Kind.RELEASE, Kind.TEMPORARY_RELEASE),
        _("Record first when they went into custody: prison, remand or a custodial sentence"),
    ),
    Rule(
        _is(Kind.PRISON, Kind.REMAND, Kind.RECALL),
        _is(Kind.TRANSFER),
        _("Record first the prison they went to"),
    ),
    Rule(_is(Kind.RELEASE), _is(Kind.RECALL), _("Record their release first")),
    Rule(_is(Kind.REPORT_ASKED), _is(Kind.REPORT_WRITTEN)),
]


def _described(event: JusticeEvent) -> str:
    what = event.get_kind_display()
    if event.kind == Kind.HEARING and event.outcome:
        what = event.get_outcome_display()
    return _("%(day)s (%(what)s)") % {"day": f"{event.on:%-d %B %Y}", "what": what.lower()}


def order_problem(event: JusticeEvent, others: Iterable[JusticeEvent]) -> str:
    """Why `event` cannot be on its date among the parent's `others` (her other events), or
    ''. Each rule is checked both ways: this event too early for one before it, or too late
    for one that must follow it."""
    others = [other for other in others if other.pk != event.pk]
    everything = [*others, event]
    for rule in RULES:
        firsts = sorted((e for e in everything if rule.first(e)), key=lambda e: e.on)
        if not firsts:
            if rule.missing and rule.then(event):
                return rule.missing
            continue
        earliest = firsts[0]
        if rule.then(event) and event.on < earliest.on and earliest is not event:
            return _("The date must be the same as or after %(event)s") % {
                "event": _described(earliest)
            }
        if earliest is event:
            too_early = [e for e in others if rule.then(e) and e.on < event.on]
            if too_early:
                return _("The date must be the same as or before %(event)s") % {
                    "event": _described(min(too_early, key=lambda e: e.on))
                }
    return ""


def prison_on(day: date, events: Iterable[JusticeEvent], *, leaving_out=None) -> str:
    """The prison she was in on `day`, as the events before it name it ('' if none)."""
    named = [
        e
        for e in events
        if e.kind in JusticeEvent.IN_PRISON
        and e.on <= day
        and e.pk != getattr(leaving_out, "pk", None)
    ]
    return max(named, key=lambda e: (e.on, e.created_at)).prison if named else ""


@dataclass
class Journey:
    """The parent's events (in date order) as her children's pages show them: where she is
    now (the stage of the latest that has happened, as `JusticeEventQuerySet.happened`
    works it out in the database), the next hearing, the prison, the expected release."""

    events: list[JusticeEvent]
    today: date

    @property
    def happened(self) -> list[JusticeEvent]:
        return [e for e in self.events if e.on <= self.today and e.stage]

    @property
    def latest(self) -> JusticeEvent | None:
        happened = sorted(self.happened, key=lambda e: (e.on, e.created_at))
        return happened[-1] if happened else None

    @property
    def stage(self) -> str | None:
        return self.latest.stage if self.latest else None

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""

    @property
    def next_hearing(self) -> JusticeEvent | None:
        return next(
            (
                e
                for e in self.events
                if e.kind == Kind.HEARING and e.on >= self.today and not e.outcome
            ),
            None,
        )

    @property
    def prison(self) -> JusticeEvent | None:
        """The prison she is in now (with its distance), if she is in one."""
        if self.stage != Stage.CUSTODY:
            return None
        named = [e for e in self.happened if e.kind in JusticeEvent.IN_PRISON]
        return named[-1] if named else None

    @property
    def expected_release(self) -> JusticeEvent | None:
        expected = [e for e in self.events if e.kind == Kind.EXPECTED_RELEASE]
        released = [e for e in self.happened if e.kind == Kind.RELEASE]
        if not expected or (released and released[-1].on >= expected[-1].on):
            return None
        return expected[-1]
