"""The period, the pilot's children and referrals, and medians, for every figure."""

import statistics
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, QuerySet
from django.db.models.expressions import RawSQL

from assessments.selectors import child_ids_for_evaluation
from referrals.selectors import referrals_for_evaluation

from ..models import Pilot


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def range(self) -> tuple[date, date]:
        return (self.start, self.end)


def pilot_referrals(pilot: Pilot, period: Period):
    return referrals_for_evaluation(
        organisations=pilot.partners.all(), start=period.start, end=period.end
    )


def pilot_child_ids(pilot: Pilot, period: Period) -> RawSQL | list:
    """The pilot's children, found once (one query) and then named by id in every figure
    (`child__in=ids`), so the database does not look for them again for each one."""
    families = pilot_referrals(pilot, period).filter(family__isnull=False).values("family")
    return _one_parameter(
        child_ids_for_evaluation(
            court=pilot.court, start=period.start, end=period.end, families=families
        )
    )


def _one_parameter(ids: list) -> RawSQL | list:
    """The ids as one query parameter. On PostgreSQL that is a single '{id,id,...}' array
    literal, quick to send and to read however many children there are (as separate values,
    1,300 ids cost about 5 ms a query). The demo's embedded SQLite has no arrays: a list."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::uuid[])", ("{" + ",".join(map(str, ids)) + "}",))
    return ids


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, worked out by the database."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def median_days(queryset: QuerySet, expression) -> tuple[float | None, int]:
    """(median days, how many) of a date difference. The embedded SQLite of `make run` has no
    percentile function, so there (and only there) the values are fetched and the median taken
    in Python."""
    queryset = queryset.annotate(gap=expression)  # NULL where either date is missing
    if connection.vendor == "postgresql":
        # Both aggregates skip the NULLs, so the gap is worked out once per row.
        result = queryset.aggregate(
            median=Median("gap", output_field=DurationField()), n=Count("gap")
        )
        median, n = result["median"], result["n"]
        return (median.total_seconds() / 86400 if median is not None else None), n
    gaps = [
        gap.total_seconds() / 86400
        for gap in queryset.values_list("gap", flat=True)
        if gap is not None
    ]
    return (statistics.median(gaps) if gaps else None), len(gaps)


def days(end, start):
    return ExpressionWrapper(end - start, output_field=DurationField())
