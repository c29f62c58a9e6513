"""The chair's dashboard, composed of the figures, and each table on its own for its CSV.

A table's CSV works out that table and the figures it is suppressed with (those that share
its totals), not the whole dashboard, and hides exactly what the dashboard hides."""

from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import Pilot
from .activity import action_steps, onward_by_type, sharing
from .children import ChildFigures, child_figures
from .costs import CostEstimate, cost_estimate
from .feedback import Feedback, feedback
from .pilot import Period, pilot_child_ids, pilot_referrals
from .plan import plan_progress, plan_table
from .referrals import ReferralFigures, referral_figures
from .suppression import Cell, Table
from .timeliness import Timeliness, timeliness, timeliness_table


@dataclass
class Dashboard:
    pilot: Pilot
    period: Period
    headline: Table
    funnel: Table
    referrals_by_route: Table
    referrals_by_stage: Table
    conversations_by_stage: Table
    timeliness: list[Timeliness]
    before_sentencing: Table
    onward_by_type: Table
    sharing: Table
    feedback: list[dict]
    quotes: list
    profile: list[Table]
    plan: list[dict] = field(default_factory=list)
    costs: CostEstimate | None = None

    @property
    def tables(self) -> list[Table]:
        """Every table, as its CSV gives it."""
        return [
            self.headline,
            self.funnel,
            self.referrals_by_route,
            self.referrals_by_stage,
            self.conversations_by_stage,
            self.before_sentencing,
            self.onward_by_type,
            self.sharing,
            *self.profile,
            self.feedback_table,
            self.timeliness_table,
            self.plan_table,
        ]

    @property
    def marks(self) -> set:
        """The labels used anywhere on the dashboard, for its key."""
        marks = set().union(*(table.marks for table in self.tables))
        if self.costs and self.costs.families.hidden:
            marks.add(self.costs.families.hidden)
        return marks

    @property
    def timeliness_table(self) -> Table:
        return timeliness_table(self.timeliness)

    @property
    def plan_table(self) -> Table:
        return plan_table(self.plan)

    @property
    def feedback_table(self) -> Table:
        return Feedback(self.feedback, self.quotes).table


def funnel(
    referrals: ReferralFigures, children: ChildFigures, actions: list[tuple[str, Cell]]
) -> Table:
    return Table(
        "funnel",
        "From referral to action",
        [("Referrals received (families)", referrals.received), *children.steps, *actions],
        unit="children, referrals or actions",
    )


def dashboard(pilot: Pilot, period: Period) -> Dashboard:
    t = pilot.suppress_below
    ids = pilot_child_ids(pilot, period)
    children = child_figures(pilot, period, ids)
    referrals = referral_figures(pilot, period)
    said = feedback(pilot, period)
    return Dashboard(
        pilot=pilot,
        period=period,
        headline=children.headline,
        funnel=funnel(referrals, children, action_steps(ids, period, t)),
        referrals_by_route=referrals.by_route,
        referrals_by_stage=referrals.by_stage,
        conversations_by_stage=children.conversations_by_stage,
        timeliness=timeliness(pilot_referrals(pilot, period), ids, t),
        before_sentencing=children.before_sentencing,
        onward_by_type=onward_by_type(ids, period, t),
        sharing=sharing(ids, period, t),
        feedback=said.groups,
        quotes=said.quotes,
        profile=children.profile,
        plan=plan_progress(pilot),
        costs=cost_estimate(pilot, period, ids),
    )


# Each table on its own ----------------------------------------------------------------------


def _children(pilot: Pilot, period: Period) -> ChildFigures:
    return child_figures(pilot, period, pilot_child_ids(pilot, period))


def _funnel(pilot: Pilot, period: Period) -> Table:
    ids = pilot_child_ids(pilot, period)
    return funnel(
        referral_figures(pilot, period),
        child_figures(pilot, period, ids),
        action_steps(ids, period, pilot.suppress_below),
    )


def _profile(index: int) -> Callable[[Pilot, Period], Table]:
    return lambda pilot, period: _children(pilot, period).profile[index]


def _with_ids(figure) -> Callable[[Pilot, Period], Table]:
    return lambda pilot, period: figure(
        pilot_child_ids(pilot, period), period, pilot.suppress_below
    )


TABLES: dict[str, Callable[[Pilot, Period], Table]] = {
    "headline": lambda pilot, period: _children(pilot, period).headline,
    "funnel": _funnel,
    "referrals-by-route": lambda pilot, period: referral_figures(pilot, period).by_route,
    "referrals-by-stage": lambda pilot, period: referral_figures(pilot, period).by_stage,
    "conversations-by-stage": lambda pilot, period: _children(pilot, period).conversations_by_stage,
    "before-sentencing": lambda pilot, period: _children(pilot, period).before_sentencing,
    "onward-by-type": _with_ids(onward_by_type),
    "sharing": _with_ids(sharing),
    "age": _profile(0),
    "gender": _profile(1),
    "ethnicity": _profile(2),
    "feedback": lambda pilot, period: feedback(pilot, period).table,
    "timeliness": lambda pilot, period: timeliness_table(
        timeliness(
            pilot_referrals(pilot, period), pilot_child_ids(pilot, period), pilot.suppress_below
        )
    ),
    "action-plan": lambda pilot, period: plan_table(plan_progress(pilot)),
}


def table(pilot: Pilot, period: Period, slug: str) -> Table | None:
    """One table of the dashboard, or None if there is no table of that name."""
    make = TABLES.get(slug)
    return make(pilot, period) if make else None
