from datetime import date, timedelta

from assessments import privacy

ENDING_SOON_DAYS = 7
OVERRIDES_SHOWN = 50  # of each kind; ended ones, most recent first


def overrides_by_state(user, *, today: date) -> dict:
    """The overrides a safeguarding lead looks after, as the workspace lists them: ending
    within a week, active, and ended (by date or by hand), most recent first."""
    overrides = privacy.overrides_for_safeguarding_lead(user)
    active = overrides.active(on=today)
    soon = today + timedelta(days=ENDING_SOON_DAYS)
    return {
        "ending_soon": list(active.filter(ends_on__lte=soon).order_by("ends_on")[:OVERRIDES_SHOWN]),
        "active": list(active.filter(ends_on__gt=soon).order_by("ends_on")[:OVERRIDES_SHOWN]),
        "ended": list(
            overrides.exclude(pk__in=active.values("pk")).order_by("-created_at")[:OVERRIDES_SHOWN]
        ),
    }
