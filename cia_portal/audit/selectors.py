import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Case, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import Lag

from .models import AuditEvent

# Views of the same record by the same person, each within this long of the one before, are
# one visit on the page ("opened child K7MXB-2D9QZ's record 155 times between 10:02 and 10:12").
VISIT_GAP = timedelta(minutes=30)
# What makes two views "the same": who, which child, which record, which page, from where.
VISIT_KEY = ["actor_id", "child_id", "action", "object_type", "object_id", "detail", "ip_address"]


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
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


def _person_named(text: str) -> Q:
    """Their username, or every word of what was typed in their name ('jo clarke', 'Clarke')."""
    named = Q()
    for word in text.split():
        named &= Q(actor__first_name__icontains=word) | Q(actor__last_name__icontains=word)
    return Q(actor__username__iexact=text.strip()) | named


@dataclass(frozen=True)
class Visit:
    """A row of the trail as the page shows it: a change, or one or more views in a row."""

    id: int  # the latest row's
    at: datetime  # the latest row's
    first_at: datetime
    times: int
    actor_id: int | None
    child_id: uuid.UUID | None
    action: str
    object_type: str
    object_id: str
    detail: str
    ip_address: str | None


class AuditVisits:
    """The rows of `events`, with the views that follow one another (`VISIT_GAP`, `VISIT_KEY`)
    as one visit, newest first: worked out by the database (gaps and islands, with window
    functions), so a page reads one page of visits however long the trail."""

    def __init__(self, events: QuerySet[AuditEvent]):
        self.events = events

    def counted(self, bottom: int, top: int) -> tuple[list[Visit], int]:
        sql, params = self._visits_sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT *, COUNT(*) OVER () FROM ({sql}) AS visits "
                "ORDER BY at DESC, id DESC LIMIT %s OFFSET %s",
                [*params, top - bottom, bottom],
            )
            rows = cursor.fetchall()
        return [_visit(row[:-1]) for row in rows], rows[0][-1] if rows else 0

    def __getitem__(self, rows: slice) -> list[Visit]:
        """A page as Django's Paginator asks for it (for a page number not on the list)."""
        return self.counted(rows.start, rows.stop)[0]

    def count(self) -> int:
        """Asked only for a page number not on the list (`CountingPaginator` counts with the
        page)."""
        sql, params = self._visits_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS visits", params)
            return cursor.fetchone()[0]

    def _visits_sql(self) -> tuple[str, tuple]:
        """Each row marked 1 if it starts a visit (any change; a view with no view of the same
        key within `VISIT_GAP` before it), numbered by visit within its key, then grouped."""
        in_order = [F("at").asc(), F("id").asc()]
        marked = (
            self.events.order_by()
            .annotate(previous_at=Window(Lag("at"), partition_by=VISIT_KEY, order_by=in_order))
            .annotate(
                starts=Case(
                    When(~Q(action=AuditEvent.Action.VIEW), then=Value(1)),
                    When(previous_at__isnull=True, then=Value(1)),
                    When(at__gt=F("previous_at") + VISIT_GAP, then=Value(1)),
                    default=Value(0),
                )
            )
            .values("id", "at", *VISIT_KEY, "starts")
        )
        sql, params = marked.query.sql_with_params()
        key = ", ".join(VISIT_KEY)
        return (
            f"SELECT MAX(id) AS id, MAX(at) AS at, MIN(at) AS first_at, COUNT(*) AS times, {key} "
            f"FROM (SELECT *, SUM(starts) OVER (PARTITION BY {key} ORDER BY at, id) AS visit "
            f"FROM ({sql}) AS marked) AS numbered GROUP BY {key}, visit",
            params,
        )


# Each column of a `Visit` as the model field it is read as, so that each backend's values
# (SQLite's text for a time, PostgreSQL's for an address) come back as the model's would.
_COLUMNS = [
    AuditEvent._meta.get_field(name).get_col(AuditEvent._meta.db_table)
    for name in ["id", "at", "at", "id", *VISIT_KEY]
]


def _visit(row: tuple) -> Visit:
    values = []
    for value, column in zip(row, _COLUMNS, strict=True):
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        values.append(value)
    return Visit(*values)
