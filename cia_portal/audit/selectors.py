import uuid
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.timezone import make_aware

from cia_portal.accounts.models import User

from .models import AuditEvent

# Views of the same record by the same person, each within this long of the one before, are
# one visit on the page ("opened child K7MXB-2D9QZ's record 155 times between 10:02 and 10:12").
VISIT_GAP = timedelta(minutes=30)
# What makes two views "the same": who, which child, which record, which page, from where.
VISIT_KEY = ["actor_id", "child_id", "object_type", "object_id", "detail", "ip_address"]
# The page counts its lines up to here: past it, a search narrows the trail (or the CSV has it).
MOST_COUNTED = 1_000
DAY = timedelta(days=1)


def audit_search(
    *,
    child: uuid.UUID | None = None,
    person: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Every row that matches, newest first (for the export: one line a row)."""
    events = AuditEvent.objects.order_by("-at", "-pk")
    if child:
        events = events.filter(child_id=child)
    if person:
        events = events.filter(_person_named(person))
    if action:
        events = events.filter(action=action)
    if date_from:  # a range of times, not each row's date, so that the index on `at` serves
        events = events.filter(at__gte=make_aware(datetime.combine(date_from, time.min)))
    if date_to and date_to < date.max:  # the last day there is has none after it: no end
        events = events.filter(at__lt=make_aware(datetime.combine(date_to + DAY, time.min)))
    return events


def _person_named(text: str) -> Q:
    """Their username, or every word of what was typed in their name ('jo clarke', 'Clarke'):
    the people found first, so that the rows are matched by the index on their actor."""
    named = Q()
    for word in text.split():
        named &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    people = User.objects.filter(Q(username__iexact=text.strip()) | named)
    return Q(actor_id__in=people.values("pk"))


class AuditVisits:
    """The rows of `events` newest first, with the views that follow one another (`VISIT_GAP`,
    `VISIT_KEY`) as one visit: each visit is its latest row, with `first_at` and `times`.

    Worked out by the database from the newest row back, as far as the page goes: a view is
    the end of a visit when no view of the same key follows within the gap; a visit starts at
    the latest view before its end that no view of the same key precedes within the gap. Each
    is a look-up in the index on (actor, child, at), so a page costs about the same at a
    million rows as at a hundred, and the count stops at `MOST_COUNTED`."""

    def __init__(self, events: QuerySet[AuditEvent]):
        self.events = events.order_by("-at", "-pk")

    def counted(self, bottom: int, top: int) -> tuple[list[AuditEvent], int]:
        """The page, and how many visits up to `MOST_COUNTED` (one more says "more than"):
        the ids of the visits are read once, as far as the count goes, then the page's."""
        ends = list(self._ends().values_list("pk", flat=True)[: MOST_COUNTED + 1])
        return self._page(ends[bottom:top]), len(ends)

    def __getitem__(self, rows: slice) -> list[AuditEvent]:
        return self._page(list(self._ends().values_list("pk", flat=True)[rows]))

    def count(self) -> int:
        return self._ends()[: MOST_COUNTED + 1].count()

    def _page(self, ends: list[int]) -> list[AuditEvent]:
        if not ends:
            return []
        return list(self._with_starts_and_times(self.events.filter(pk__in=ends)))

    def _views(self) -> QuerySet[AuditEvent]:
        return self.events.filter(action=AuditEvent.Action.VIEW).order_by()

    def _same_key(self) -> QuerySet[AuditEvent]:
        return self._views().filter(**{name: OuterRef(name) for name in VISIT_KEY})

    def _ends(self) -> QuerySet[AuditEvent]:
        followed = self._same_key().filter(
            at__gt=OuterRef("at"), at__lte=OuterRef("at") + VISIT_GAP
        )
        return self.events.exclude(Q(action=AuditEvent.Action.VIEW) & Exists(followed))

    def _with_starts_and_times(self, ends: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        preceded = self._same_key().filter(
            at__lt=OuterRef("at"), at__gte=OuterRef("at") - VISIT_GAP
        )
        start = (
            self._same_key()
            .filter(at__lte=OuterRef("at"))
            .exclude(Exists(preceded))
            .order_by("-at")
            .values("at")[:1]
        )
        times = (
            self._same_key()
            .filter(at__gte=OuterRef("first_at"), at__lte=OuterRef("at"))
            .values("actor_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        is_view = Q(action=AuditEvent.Action.VIEW)
        return (
            ends
            # A view with an empty part of its key (a search names no child) is a visit alone.
            .annotate(
                first_at=Case(When(is_view, then=Coalesce(Subquery(start), "at")), default=F("at"))
            ).annotate(
                times=Case(
                    When(is_view, then=Coalesce(Subquery(times), 1)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
        )
