"""Every figure the chair sees, counted from the records (or the counts kept each night for
the pilot's whole period), with small numbers hidden.

The chair (and through the report, funders and the Police and Crime Commissioner) are not
working with the children, and a pilot of 15 means almost every breakdown points at someone.
How small numbers are hidden: `suppression` and docs/decisions/0006-suppression.md.

    suppression  Cell, Table, LinkedCounts: primary and complementary suppression
    pilot        the period, the pilot's children and referrals, medians
    children     headline, the children's funnel steps, conversations, sentencing, profile
    referrals    by route and by stage
    activity     actions, onward referrals, consents and overrides
    timeliness   medians in days
    feedback     shares who agreed, and quotes
    costs        the estimate of costs avoided
    plan         the action plan's progress
    families     the families' circumstances and the parents (what the costs report found
                 nobody records)
    justice      the parents' hearings, sentences and reports in the period
    training     the training register's counts (staff, not children: nothing hidden)
    kept         the counts kept for a pilot's whole period, and when they may be read
    dashboard    PilotFigures: each worked out once, when a page, the report or a CSV asks;
                 the report's Dashboard; each table alone, and as tidy CSV rows
"""

from .costs import CostEstimate
from .dashboard import (
    CSV_COLUMNS,
    TABLES,
    Dashboard,
    PilotFigures,
    csv_rows,
    dashboard,
    dashboard_of,
    marks,
    table,
)
from .pilot import Period, pilot_child_ids, pilot_referrals
from .plan import plan_progress, plan_summary, plan_table
from .suppression import (
    Cell,
    Hidden,
    LinkedCounts,
    Table,
    cell,
    key,
    share,
    suppressed_table,
)
from .timeliness import timeliness_table
from .training import Training, training

__all__ = [
    "CSV_COLUMNS",
    "TABLES",
    "Cell",
    "CostEstimate",
    "Dashboard",
    "Hidden",
    "LinkedCounts",
    "Period",
    "PilotFigures",
    "Table",
    "cell",
    "csv_rows",
    "dashboard",
    "dashboard_of",
    "key",
    "marks",
    "pilot_child_ids",
    "pilot_referrals",
    "plan_progress",
    "plan_summary",
    "plan_table",
    "share",
    "suppressed_table",
    "table",
    "timeliness_table",
    "training",
    "Training",
]
