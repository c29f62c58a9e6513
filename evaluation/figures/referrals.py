"""Referrals by route and by the stage where the child was found: every route of the pilot's
partners (none left out for having no referrals, and in the directory's order, not by size,
so neither which rows appear nor their order says anything about the hidden ones), with the
routes adding up to their stage and the stages to the referrals received."""

from dataclasses import dataclass

from django.db.models import Count, Q

from assessments.models import Stage
from referrals.models import ReferralRoute

from ..models import Pilot
from .pilot import Period
from .suppression import Cell, LinkedCounts, Table


@dataclass
class ReferralFigures:
    received: Cell
    by_route: Table
    by_stage: Table


def referral_figures(pilot: Pilot, period: Period) -> ReferralFigures:
    # The same referrals as referrals.selectors.referrals_for_evaluation, counted per route
    # in the one query that lists the routes.
    routes = list(
        ReferralRoute.objects.filter(organisation__in=pilot.partners.all()).annotate(
            n=Count("referrals", filter=Q(referrals__received_on__range=period.range))
        )
    )
    linked = LinkedCounts(pilot.suppress_below)
    linked.add("received", sum(route.n for route in routes))
    for value in Stage.values:
        linked.add(f"stage_{value}", sum(r.n for r in routes if r.stage == value))
    linked.split("received", [f"stage_{value}" for value in Stage.values])
    for route in routes:
        linked.add(f"route_{route.pk}", route.n)
    for value in Stage.values:
        linked.split(f"stage_{value}", [f"route_{r.pk}" for r in routes if r.stage == value])
    cells = linked.cells()
    return ReferralFigures(
        received=cells["received"],
        by_route=Table(
            "referrals-by-route",
            "Referrals by route",
            [(route.name, cells[f"route_{route.pk}"]) for route in routes],
            total=cells["received"],
            unit="referrals",
        ),
        by_stage=Table(
            "referrals-by-stage",
            "Referrals by the stage where the child was found",
            [(label, cells[f"stage_{value}"]) for value, label in Stage.choices],
            total=cells["received"],
            unit="referrals",
        ),
    )
