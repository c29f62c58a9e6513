"""The pilot's figures for a period, for the chair's pages, the report and each table's CSV.

`PilotFigures` works each figure out when it is first asked for and keeps it, so a page (or a
table's CSV) works out only what it shows and the figures it is suppressed with (those that
share its totals), and the report, which shows them all, works each out once. Every page, the
report and every CSV take their tables from it, so they hide exactly the same numbers."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from ..models import Pilot, PilotCounts
from .activity import action_counts, action_steps, sharing, sharing_counts
from .children import ChildFigures, child_counts, child_figures
from .costs import CostEstimate, community_families, cost_estimate
from .families import parent_counts, parents_tables
from .feedback import Feedback, feedback
from .justice import justice_counts, justice_tables
from .kept import kept_counts
from .pilot import Period, pilot_child_ids, pilot_referrals
from .plan import plan_progress, plan_table
from .referrals import ReferralFigures, referral_figures
from .suppression import Cell, Hidden, Table
from .timeliness import (
    Timeliness,
    conversation_gap,
    offer_gap,
    timeliness,
    timeliness_table,
)
from .training import Training, training

# What PilotFigures counts from the records, by name: what is kept for each pilot's whole
# period (`kept`). Each is worked out from the pilot's children (or referrals) in the period.
COUNTS: dict[str, Callable[["PilotFigures"], Any]] = {
    "children": lambda f: child_counts(f.ids, f.period),
    "actions": lambda f: action_counts(f.ids, f.period),
    "sharing": lambda f: sharing_counts(f.ids, f.period),
    "to_offer": lambda f: offer_gap(pilot_referrals(f.pilot, f.period)),
    "to_conversation": lambda f: conversation_gap(f.ids),
    "community_families": lambda f: community_families(f.ids),
    "parents": lambda f: parent_counts(f.ids),
    "justice": lambda f: justice_counts(f.ids, f.period),
}


class PilotFigures:
    """`use_kept`: read the counts kept for the pilot's whole period when they are current (the
    nightly job itself, and the roll-up, count from the records)."""

    def __init__(self, pilot: Pilot, period: Period, *, use_kept: bool = True):
        self.pilot, self.period = pilot, period
        self.threshold = pilot.suppress_below
        self.use_kept = use_kept
        self.counted: dict[str, Any] = {}  # by name (`COUNTS`): each counted once

    @cached_property
    def ids(self):
        return pilot_child_ids(self.pilot, self.period)

    @cached_property
    def kept(self) -> PilotCounts | None:
        return kept_counts(self.pilot, self.period) if self.use_kept else None

    def count(self, name: str) -> Any:
        if name not in self.counted:
            kept = self.kept
            self.counted[name] = kept.counts[name] if kept else COUNTS[name](self)
        return self.counted[name]

    @cached_property
    def children(self) -> ChildFigures:
        return child_figures(self.pilot, self.count("children"))

    @cached_property
    def referrals(self) -> ReferralFigures:
        return referral_figures(self.pilot, self.period)

    @cached_property
    def funnel(self) -> Table:
        return funnel(
            self.referrals, self.children, action_steps(self.count("actions"), self.threshold)
        )

    @property
    def onward_by_type(self) -> Table:
        """Suppressed with the children's counts: a mentor is among the onward referrals."""
        return self.children.onward_by_type

    @cached_property
    def sharing(self) -> Table:
        return sharing(self.count("sharing"), self.threshold)

    @cached_property
    def timeliness(self) -> list[Timeliness]:
        return timeliness(self.count("to_offer"), self.count("to_conversation"), self.threshold)

    @cached_property
    def feedback(self) -> Feedback:
        return feedback(self.pilot, self.period)

    @cached_property
    def plan(self) -> list[dict]:
        return plan_progress(self.pilot)

    @cached_property
    def training(self) -> Training:
        return training(self.pilot)

    @cached_property
    def costs(self) -> CostEstimate:
        return cost_estimate(self.pilot, self.count("community_families"))

    @cached_property
    def parents(self) -> list[Table]:
        return parents_tables(self.count("parents"), self.threshold)

    @cached_property
    def justice(self) -> list[Table]:
        return justice_tables(self.count("justice"), self.threshold)

    @property
    def families_tables(self) -> list[Table]:
        """The families page's tables, in its order (and the report's)."""
        return [*self.children.families[:4], *self.parents]

    @property
    def justice_tables(self) -> list[Table]:
        """The justice journey page's tables: the parents' hearings, sentences and reports,
        and the children whose parent went to prison."""
        return [*self.justice, *self.children.families[4:]]

    @property
    def children_tables(self) -> list[Table]:
        """The tables of the children's page, in its order (and the report's)."""
        return [
            self.funnel,
            self.referrals.by_route,
            self.referrals.by_stage,
            self.children.conversations_by_stage,
            self.onward_by_type,
            self.sharing,
            *self.children.profile,
        ]


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
    plan: list[dict]
    costs: CostEstimate
    children_tables: list[Table]
    families_tables: list[Table]
    justice_tables: list[Table]
    training: Training
    counted_at: datetime | None  # when the counts were kept (None: counted from the records now)

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
            *self.families_tables,
            *self.justice_tables,
            self.feedback_table,
            self.timeliness_table,
            self.plan_table,
            self.training.table,
        ]

    @property
    def marks(self) -> set[Hidden]:
        """The labels used anywhere on the dashboard, for its key."""
        return marks([*(c for table in self.tables for c in table.cells), self.costs.families])

    @property
    def timeliness_table(self) -> Table:
        return timeliness_table(self.timeliness)

    @property
    def plan_table(self) -> Table:
        return plan_table(self.plan)

    @property
    def feedback_table(self) -> Table:
        return Feedback(self.feedback, self.quotes).table


def marks(cells: Iterable[Cell]) -> set[Hidden]:
    """The labels these figures use, for a key beside them."""
    return {c.hidden for c in cells if c.hidden}


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
    """Every figure, for the report."""
    return dashboard_of(PilotFigures(pilot, period))


def dashboard_of(f: PilotFigures) -> Dashboard:
    pilot, period = f.pilot, f.period
    return Dashboard(
        pilot=pilot,
        period=period,
        headline=f.children.headline,
        funnel=f.funnel,
        referrals_by_route=f.referrals.by_route,
        referrals_by_stage=f.referrals.by_stage,
        conversations_by_stage=f.children.conversations_by_stage,
        timeliness=f.timeliness,
        before_sentencing=f.children.before_sentencing,
        onward_by_type=f.onward_by_type,
        sharing=f.sharing,
        feedback=f.feedback.groups,
        quotes=f.feedback.quotes,
        profile=f.children.profile,
        plan=f.plan,
        costs=f.costs,
        children_tables=f.children_tables,
        families_tables=f.families_tables,
        justice_tables=f.justice_tables,
        training=f.training,
        counted_at=f.kept.counted_at if f.kept else None,
    )


# Each table on its own ----------------------------------------------------------------------

CHILDREN_FAMILY_TABLES = [
    "care-before",
    "living-now",
    "siblings-apart",
    "care-status",
    "prison-distance",
    "contact",
    "after-the-conversation",
]
JUSTICE_TABLES = ["adjourned", "sentences", "sentences-to-carers", "reports-child-view"]


def _one(group: str, slug: str) -> Callable[[PilotFigures], Table]:
    """The table `slug` of a group of tables worked out together."""

    def make(f: PilotFigures) -> Table:
        tables = f.children.families if group == "families" else getattr(f, group)
        return next(table for table in tables if table.slug == slug)

    return make


TABLES: dict[str, Callable[[PilotFigures], Table]] = {
    "headline": lambda f: f.children.headline,
    "funnel": lambda f: f.funnel,
    "referrals-by-route": lambda f: f.referrals.by_route,
    "referrals-by-stage": lambda f: f.referrals.by_stage,
    "conversations-by-stage": lambda f: f.children.conversations_by_stage,
    "before-sentencing": lambda f: f.children.before_sentencing,
    "onward-by-type": lambda f: f.onward_by_type,
    "sharing": lambda f: f.sharing,
    "age": lambda f: f.children.profile[0],
    "gender": lambda f: f.children.profile[1],
    "ethnicity": lambda f: f.children.profile[2],
    **{slug: _one("families", slug) for slug in CHILDREN_FAMILY_TABLES[:4]},
    **{slug: _one("parents", slug) for slug in ("parents", "parents-by-children")},
    **{slug: _one("justice", slug) for slug in JUSTICE_TABLES},
    **{slug: _one("families", slug) for slug in CHILDREN_FAMILY_TABLES[4:]},
    "feedback": lambda f: f.feedback.table,
    "timeliness": lambda f: timeliness_table(f.timeliness),
    "action-plan": lambda f: plan_table(f.plan),
    "training": lambda f: f.training.table,
}


def table(pilot: Pilot, period: Period, slug: str) -> Table | None:
    """One table of the dashboard, or None if there is no table of that name."""
    make = TABLES.get(slug)
    return make(PilotFigures(pilot, period)) if make else None


# A table as CSV ------------------------------------------------------------------------------

CSV_COLUMNS = ["Figure", "Number", "Measure", "Why there is no number"]
MEASURES = {"count": "count", "percent": "percent", "median": "median, in days"}


def csv_rows(table: Table, *, added_up: bool = False) -> list[list]:
    """A table as tidy rows: one header row (`CSV_COLUMNS`), then one row for each figure and
    its total last, with only a number (or nothing) in the number's column and, when there is
    no number, why not in a column of its own. `added_up`: figures added up across pilots."""
    rows = [*table.rows, *([("Total", table.total)] if table.total else [])]
    return [
        CSV_COLUMNS,
        *([label, _number(c), MEASURES[c.kind], _why_no_number(c, added_up)] for label, c in rows),
    ]


def _number(c: Cell) -> int | float | str:
    return "" if c.suppressed else c.value


def _why_no_number(c: Cell, added_up: bool = False) -> str:
    t = c.threshold
    if c.hidden is Hidden.SMALL and c.kind == "count":
        return f"suppressed [c]: fewer than {t}"
    if c.hidden is Hidden.SMALL:
        return f"suppressed [c]: worked out from a number below {t}"
    if c.hidden is Hidden.PROTECTS:
        return "suppressed [x]: hidden to protect another figure"
    if c.hidden is Hidden.WITHDRAWN and added_up:
        return "suppressed [z]: added up, it would give away a number hidden in a pilot"
    if c.hidden is Hidden.WITHDRAWN:
        return "suppressed [z]: the whole breakdown is left out"
    return ""
