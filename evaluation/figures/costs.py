"""The estimate of costs avoided, by the per-family unit-cost method."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from assessments.models import JusticeEvent, ParentChildLink

from ..models import Pilot, UnitCost
from .suppression import Cell, cell


@dataclass
class CostEstimate:
    custody: list
    community: list
    per_family: Decimal
    families: Cell

    @property
    def missing(self) -> list[UnitCost]:
        """The lines with no unit cost entered yet, which the estimate leaves out."""
        return [c for c in [*self.custody, *self.community] if c.amount is None]

    @property
    def total(self) -> Decimal | None:
        """Hidden with the number of families: the total over the per-family cost gives it."""
        return None if self.families.suppressed else self.per_family * self.families.value

    @property
    def paths(self) -> list[tuple[str, list, str]]:
        return [
            (UnitCost.Path.CUSTODY.label, self.custody, ""),
            (f"Less: {UnitCost.Path.COMMUNITY.label.lower()}", self.community, "minus "),
        ]


def community_families(ids) -> int:
    """The families (mothers) whose latest sentence was served in the community."""
    latest_sentence = (
        JusticeEvent.objects.hearings()
        .filter(parent=OuterRef("parent"), outcome__in=JusticeEvent.SENTENCES)
        .latest_first()
        .values("outcome")[:1]
    )
    return (
        ParentChildLink.objects.filter(child__in=ids)
        .annotate(sentence=Subquery(latest_sentence))
        .filter(sentence__in=[JusticeEvent.Outcome.COMMUNITY, JusticeEvent.Outcome.SUSPENDED])
        .values("parent")
        .distinct()
        .count()
    )


def cost_estimate(pilot: Pilot, families: int) -> CostEstimate:
    """(custody path) - (community path), per family, for the `families` whose mother's latest
    sentence was served in the community (a community order or a suspended sentence:
    `community_families`). An estimate, never a measured saving."""
    costs = list(pilot.unit_costs.all())
    custody = [c for c in costs if c.path == UnitCost.Path.CUSTODY]
    community = [c for c in costs if c.path == UnitCost.Path.COMMUNITY]
    per_family = _sum(custody) - _sum(community)
    return CostEstimate(custody, community, per_family, cell(families, pilot.suppress_below))


def _sum(costs: list[UnitCost]) -> Decimal:
    return sum((c.total for c in costs if c.total is not None), Decimal(0))
