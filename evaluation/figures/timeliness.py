"""How quickly: medians in days, shown only when at least the threshold's number of gaps are
behind them."""

from dataclasses import dataclass

from django.db.models import F, Min
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from assessments.models import Child

from .pilot import days, median_days
from .suppression import Cell, Table, shown, small

Gap = tuple[float | None, int]  # (median days, how many gaps)


@dataclass
class Timeliness:
    label: str
    days: float | None
    n: int
    threshold: int

    @property
    def cell(self) -> Cell:
        if self.n < self.threshold or self.days is None:
            return small(self.threshold, kind="median")
        return shown(round(self.days, 1), self.threshold, kind="median")

    def __str__(self) -> str:
        if self.cell.suppressed:
            return _("[c] not shown: fewer than %(threshold)s to count") % {
                "threshold": self.threshold
            }
        return f"{self.days:.1f} days".replace(".0 days", " days")


def offer_gap(referrals) -> Gap:
    """(median days from a referral to its offer, how many)."""
    return median_days(
        referrals.filter(offered_at__isnull=False), days(TruncDate("offered_at"), F("received_on"))
    )


def conversation_gap(ids) -> Gap:
    """(median days from a child's first offer to their first conversation, how many)."""
    return median_days(
        Child.objects.filter(pk__in=ids).annotate(
            first_offer=Min("offers__offered_on"),
            first_conversation=Min("assessments__conversation_date"),
        ),
        days(F("first_conversation"), F("first_offer")),
    )


def timeliness(to_offer: Gap, to_conversation: Gap, t: int) -> list[Timeliness]:
    return [
        Timeliness("Median days from referral to offer", *to_offer, t),
        Timeliness("Median days from offer to first conversation", *to_conversation, t),
    ]


def timeliness_table(medians: list[Timeliness]) -> Table:
    return Table(
        "timeliness", "How quickly", [(m.label, m.cell) for m in medians], unit="days (median)"
    )
