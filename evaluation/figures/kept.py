"""The counts kept for each pilot's whole period, so that the chair's pages, the report and
the CSVs read one row rather than every child's records (docs/decisions/0013-kept-counts.md).

The nightly job (`refresh_figures`) counts every pilot; the pilot's chair can count again at
any time. What is kept is the counts before anything is hidden: the threshold is applied when
a page shows them, so a new threshold takes effect at once. Kept counts are used only for the
period they were counted for, and only while the pilot still finds its children the same way
(its court, dates and partners); otherwise every figure is worked out from the records."""

from ..models import Pilot, PilotCounts
from .pilot import Period

# Raise when what is counted changes (a count added, a choice or a type of service added, a
# count worked out another way), so that counts kept by the code before are not read.
COUNTING = 1


def made_with(pilot: Pilot) -> dict:
    """What the pilot's children are found by, and how they are counted: if any of it
    changes, the kept counts are not the pilot's any more."""
    return {
        "counting": COUNTING,
        "court": pilot.court,
        "start": pilot.start.isoformat(),
        "end": pilot.end.isoformat(),
        "partners": sorted(str(pk) for pk in pilot.partners.values_list("pk", flat=True)),
    }


def kept_counts(pilot: Pilot, period: Period) -> PilotCounts | None:
    """The pilot's kept counts, if they are for this period and still the pilot's."""
    if period != Period(pilot.start, pilot.end):
        return None
    try:
        kept = pilot.kept_counts  # the pages select it with the pilot
    except PilotCounts.DoesNotExist:
        return None
    return kept if kept.made_with == made_with(pilot) else None
