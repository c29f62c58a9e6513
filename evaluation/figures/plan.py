"""The action plan's progress: actions, not children, so nothing is hidden."""

from django.db.models import Count, Q

from ..models import Pilot, PlanAction, PlanOutcome
from .suppression import Table, shown


def plan_progress(pilot: Pilot) -> list[dict]:
    """Each outcome of the plan with how many of its actions are in each status."""
    statuses = PlanAction.Status.values
    outcomes = PlanOutcome.objects.filter(pilot=pilot).annotate(
        **{f"n_{s}": Count("actions", filter=Q(actions__status=s)) for s in statuses}
    )
    progress = []
    for outcome in outcomes:
        counts = {s: getattr(outcome, f"n_{s}") for s in statuses}
        progress.append({"outcome": outcome, "counts": counts, "total": sum(counts.values())})
    return progress


def plan_table(progress: list[dict]) -> Table:
    rows = [
        (f"Outcome {row['outcome'].number}: {label}", shown(row["counts"][value]))
        for row in progress
        for value, label in PlanAction.Status.choices
    ]
    return Table("action-plan", "Action plan progress", rows, unit="actions")


def plan_summary(progress: list[dict]) -> dict[str, int]:
    """How many actions in all (`total`) and in each status, over every outcome."""
    counts = {s: sum(row["counts"][s] for row in progress) for s in PlanAction.Status.values}
    return {"total": sum(counts.values()), **counts}
