"""Writes to the evaluation's own tables. Nothing here writes to another app."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cia_portal.concurrency import update_checked

from .figures.dashboard import COUNTS, PilotFigures
from .figures.kept import made_with
from .figures.pilot import Period
from .figures.rollup import pilot_year_tables, pilot_years, year_period
from .models import (
    LINK_LIFETIME,
    FeedbackLink,
    FeedbackResponse,
    Pilot,
    PilotCounts,
    PilotYear,
    PlanAction,
    PlanOutcome,
    TrainingAttendance,
    TrainingSession,
    UnitCost,
)


class LinkUnusable(Exception):
    """The feedback link was used already or has expired; the message says so kindly."""


@transaction.atomic
def feedback_link_create(*, pilot: Pilot, respondent: str, stage: str, created_by) -> str:
    """Make a single-use link and return its token. Only the token's hash is stored."""
    token, token_hash = FeedbackLink.new_token()
    FeedbackLink.objects.create(
        pilot=pilot,
        respondent=respondent,
        stage=stage,
        token_hash=token_hash,
        created_by=created_by,
        expires_at=timezone.now() + LINK_LIFETIME,
    )
    return token


def feedback_link_check(link: FeedbackLink | None) -> FeedbackLink:
    if link is None:
        raise LinkUnusable("not_found")
    if link.used_at:
        raise LinkUnusable("used")
    if link.is_expired:
        raise LinkUnusable("expired")
    return link


@transaction.atomic
def feedback_submit(*, link: FeedbackLink, answers: dict) -> FeedbackResponse:
    """Save the answers and use up the link, at once: a second submission is refused."""
    link = feedback_link_check(FeedbackLink.objects.select_for_update().filter(pk=link.pk).first())
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return FeedbackResponse.objects.create(
        pilot=link.pilot,
        respondent=link.respondent,
        stage=link.stage,
        source=FeedbackResponse.Source.LINK,
        **answers,
    )


@transaction.atomic
def feedback_enter_paper(*, pilot: Pilot, entered_by, data: dict) -> FeedbackResponse:
    return FeedbackResponse.objects.create(
        pilot=pilot, source=FeedbackResponse.Source.PAPER, entered_by=entered_by, **data
    )


@transaction.atomic
def plan_action_update(*, action: PlanAction, actor, data: dict) -> PlanAction:
    action, changed = update_checked(action, data)
    if changed:
        PlanAction.objects.filter(pk=action.pk).update(updated_by=actor)
    return action


@transaction.atomic
def pilot_save(*, pilot: Pilot, data: dict) -> Pilot:
    return update_checked(pilot, data)[0]


PLANS = Path(settings.BASE_DIR) / "fixtures" / "action_plans"


@transaction.atomic
def action_plan_load(*, pilot: Pilot, plan_file: Path) -> int:
    """Load a pilot plan's outcomes and actions (reference data), and its starting unit costs.
    Safe to run again: wording, timescales and leads are refreshed; the chair's statuses, notes,
    evidence and unit costs are kept."""
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    count = 0
    for outcome_data in plan["outcomes"]:
        outcome, _ = PlanOutcome.objects.update_or_create(
            pilot=pilot,
            number=outcome_data["number"],
            defaults={"plan_stage": outcome_data["stage"], "text": outcome_data["text"]},
        )
        for position, action in enumerate(outcome_data["actions"]):
            PlanAction.objects.update_or_create(
                outcome=outcome,
                code=action["code"],
                defaults={
                    "position": position,
                    "text": action["text"],
                    "timescale": action.get("timescale", ""),
                    "leads": action.get("leads", ""),
                },
            )
            count += 1
    if not pilot.unit_costs.exists():  # the chair's own figures are never overwritten
        for position, cost in enumerate(plan.get("unit_costs", [])):
            UnitCost.objects.create(pilot=pilot, position=position, **cost)
    return count


@transaction.atomic
def unit_cost_save(*, pilot: Pilot, data: dict, cost: UnitCost | None = None) -> UnitCost:
    if cost is not None:
        return update_checked(cost, data)[0]
    return UnitCost.objects.create(pilot=pilot, position=pilot.unit_costs.count(), **data)


@transaction.atomic
def unit_cost_remove(*, cost: UnitCost) -> None:
    cost.delete()


@transaction.atomic
def training_session_save(
    *,
    pilot: Pilot,
    actor,
    data: dict,
    attendance: dict[str, int],
    session: TrainingSession | None = None,
) -> TrainingSession:
    """Record a session of the training register (or change one): who came, by type of
    organisation, replaces what was recorded."""
    data = dict(data)
    trained = data.pop("trained", [])
    if session is None:
        session = TrainingSession.objects.create(pilot=pilot, recorded_by=actor, **data)
    else:
        session = update_checked(session, data)[0]
    session.trained.set(trained)
    session.attendance.all().delete()
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(session=session, organisation_type=kind, attended=n)
        for kind, n in attendance.items()
    )
    return session


@transaction.atomic
def training_session_remove(*, session: TrainingSession) -> None:
    session.delete()


def pilot_counts_refresh(*, pilot: Pilot) -> PilotCounts:
    """Count the pilot's figures for its whole period from the records now, and keep them for
    its pages, report and CSVs (`figures.kept`)."""
    counted_for = made_with(pilot)  # before counting: a change meanwhile makes them stale
    figures = PilotFigures(pilot, Period(pilot.start, pilot.end), use_kept=False)
    counts = {name: figures.count(name) for name in COUNTS}
    kept, _made = PilotCounts.objects.update_or_create(
        pilot=pilot,
        defaults={"counts": counts, "made_with": counted_for, "counted_at": timezone.now()},
    )
    pilot.kept_counts = kept  # not the counts this pilot may have read before
    return kept


def rollup_refresh(*, today: date | None = None) -> int:
    """Work out and store every pilot's counts for each calendar year it has run in (so far),
    for the national roll-up; forget years a pilot no longer runs in. Each pilot is stored in
    a transaction of its own, so the roll-up never mixes half a pilot. Returns how many
    pilot-years were stored."""
    today = today or timezone.localdate()
    stored = 0
    for pilot in Pilot.objects.select_related("area"):
        years = [y for y in pilot_years(pilot) if year_period(pilot, y).start <= today]
        with transaction.atomic():
            PilotYear.objects.filter(pilot=pilot).exclude(year__in=years).delete()
            for year in years:
                PilotYear.objects.update_or_create(
                    pilot=pilot,
                    year=year,
                    defaults={
                        "tables": pilot_year_tables(pilot, year),
                        "worked_out_at": timezone.now(),
                    },
                )
                stored += 1
    return stored
