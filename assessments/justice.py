"""The rules of the parent's way through the justice system: which details each kind of event
asks for, which may be dated in the future, and which must come after which. Used by the
form that records an event, so that a sentence before the arrest, a release before prison or
a move to the prison she is already in gets an error naming the field."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils import timezone
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


def in_order(event: JusticeEvent) -> tuple:
    """Events by date, then as recorded: the same order as `JusticeEventQuerySet.latest_first`
    (reversed), so that the page and the lists agree on same-day events."""
    return (event.on, event.created_at, str(event.pk))


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
    """An event matching `then` comes on or after one matching `first`: where there are events
    matching `first`, one of them is on or before it, unless the nearest after it is past a
    `new_start` (a release: what came before belongs to an earlier sentence). With `missing`,
    an event matching `then` needs one matching `first` at all (nobody is released who was
    never in custody)."""

    first: Callable[[JusticeEvent], bool]
    then: Callable[[JusticeEvent], bool]
    missing: str = ""
    new_start: Callable[[JusticeEvent], bool] = lambda event: False


RULES = [
    Rule(
        _is(Kind.ARREST),
        lambda event: event.kind not in (Kind.ARREST, Kind.EXPECTED_RELEASE),
        new_start=_is(Kind.RELEASE),
    ),
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


@dataclass(frozen=True)
class Broken:
    """`rule` is broken by `later` (which comes before `first`, or has none)."""

    rule: Rule
    later: JusticeEvent
    first: JusticeEvent | None

    @property
    def key(self) -> tuple:
        return (id(self.rule), self.later.pk, getattr(self.first, "pk", None))


def _broken(events: list[JusticeEvent]) -> list[Broken]:
    found = []
    for rule in RULES:
        firsts = [e for e in events if rule.first(e)]
        for later in filter(rule.then, events):
            if not firsts:
                if rule.missing:
                    found.append(Broken(rule, later, None))
                continue
            if any(f.on <= later.on for f in firsts if f is not later):
                continue
            nearest = min((f for f in firsts if f is not later), key=lambda f: f.on, default=None)
            if nearest is None:
                continue
            restarted = any(rule.new_start(e) and later.on <= e.on < nearest.on for e in events)
            if not restarted:
                found.append(Broken(rule, later, nearest))
    return found


def _described(event: JusticeEvent) -> str:
    what = event.get_kind_display()
    if event.kind == Kind.HEARING and event.outcome:
        what = event.get_outcome_display()
    return _("%(day)s (%(what)s)") % {"day": f"{event.on:%-d %B %Y}", "what": what.lower()}


def order_problem(event: JusticeEvent, events: Iterable[JusticeEvent]) -> str:
    """Why `event` cannot be saved among the parent's `events` (as they are now, with its
    earlier version if it is being changed), or ''. Only an order this change breaks is
    refused: one recorded before the rules, or already out of order, does not stop a
    practitioner correcting something else."""
    before = list(events)
    after = [e for e in before if e.pk != event.pk] + [event]
    known = {broken.key for broken in _broken(before)}
    for broken in _broken(after):
        if broken.key in known:
            continue
        if broken.later is event:
            if broken.first is None:
                return str(broken.rule.missing)
            return _("The date must be the same as or after %(event)s") % {
                "event": _described(broken.first)
            }
        if broken.rule.first(event):  # moved after what must follow it
            return _("The date must be the same as or before %(event)s") % {
                "event": _described(broken.later)
            }
        return _("This would leave %(event)s with nothing before it that it could follow") % {
            "event": _described(broken.later)
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
    return max(named, key=in_order).prison if named else ""


@dataclass
class Journey:
    """The parent's events (in date order) as her children's pages show them: where she is
    now (the stage of the latest that has happened, as `JusticeEventQuerySet.happened`
    works it out in the database), the next hearing, the prison, the expected release."""

    events: list[JusticeEvent]
    today: date

    @classmethod
    def of(cls, parent) -> "Journey":
        """The parent's journey as of today, from her events (prefetched, or read once)."""
        return cls(list(parent.events.all()), timezone.localdate())

    # Worked out once per journey: the page asks for the stage, the prison and the release,
    # and each of those asks for what has happened and the latest of it.
    @cached_property
    def happened(self) -> list[JusticeEvent]:
        return [e for e in self.events if e.on <= self.today and e.stage]

    @cached_property
    def latest(self) -> JusticeEvent | None:
        happened = sorted(self.happened, key=in_order)
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
        named = [e for e in self.happened if e.kind in JusticeEvent.IN_PRISON and e.prison]
        return max(named, key=in_order) if named else None

    @property
    def expected_release(self) -> JusticeEvent | None:
        """The latest expected release, while she is not released (however early she was)."""
        expected = [e for e in self.events if e.kind == Kind.EXPECTED_RELEASE]
        if not expected or self.stage == Stage.RELEASE:
            return None
        return max(expected, key=in_order)
