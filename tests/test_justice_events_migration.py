"""The records held before the parent's journey became dated events move across: every date
becomes an event, nothing typed is lost, and the stage worked out afterwards is the stage each
record held."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("assessments", "0008_join_requests")]
AFTER = [("assessments", "0009_justice_events")]


def _stage_now(events) -> str | None:
    happened = [e for e in events if e.on <= timezone.localdate() and e.stage]
    return max(happened, key=lambda e: (e.on, e.created_at)).stage if happened else None


@pytest.mark.django_db(transaction=True)
def test_the_old_stage_dates_prison_and_court_dates_become_events():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Family = old.get_model("assessments", "Family")
    Parent = old.get_model("assessments", "ParentInJustice")
    Hearing = old.get_model("assessments", "CourtHearing")

    someone = old.get_model(settings.AUTH_USER_MODEL).objects.create(username="someone")

    def parent(name, **fields):
        family = Family.objects.create(name=name, created_by=someone)
        return Parent.objects.create(family=family, name=name, **fields)

    sentenced = parent(
        "Sentenced",
        stage="custody",
        arrest_date=date(2023, 1, 5),
        sentence_type="custody",
        sentence_date=date(2023, 3, 14),
        prison="HMP Eastwood Park",
        prison_distance_miles=64,
        expected_release_date=date(2099, 1, 1),
    )
    Hearing.objects.create(
        parent=sentenced, date=date(2023, 2, 1), court="Hopeside", purpose="plea"
    )
    Hearing.objects.create(
        parent=sentenced, date=date(2023, 3, 14), court="Hopeside", purpose="sentencing"
    )
    no_dates = parent("No dates", stage="release", sentence_type="fine_or_discharge")
    planned = parent("Planned", stage="court", sentence_date=date(2023, 6, 1))
    waiting = parent("Waiting", stage="court")
    Hearing.objects.create(parent=waiting, date=date(2099, 5, 1), court="Hopeside", purpose="trial")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Event = new.get_model("assessments", "JusticeEvent")

    def journey(old_parent):
        events = Event.objects.filter(parent_id=old_parent.pk).order_by("on", "created_at")
        return list(events)

    events = journey(sentenced)
    assert [(e.kind, e.on) for e in events] == [
        ("arrest", date(2023, 1, 5)),
        ("hearing", date(2023, 2, 1)),
        ("hearing", date(2023, 3, 14)),
        ("prison", date(2023, 3, 14)),
        ("expected_release", date(2099, 1, 1)),
    ]
    assert events[2].outcome == "custody" and events[1].outcome == ""
    assert (events[3].prison, events[3].distance_miles) == ("HMP Eastwood Park", 64)
    assert _stage_now(events) == "custody"  # as the record said: nothing added

    events = journey(no_dates)  # a sentence with no date, and a stage the events do not give
    assert [e.kind for e in events] == ["hearing", "release"]
    assert events[0].outcome == "fine" and "a fine or a discharge" in events[0].note
    assert "Moved from the earlier record" in events[1].note
    assert _stage_now(events) == "release"

    events = journey(planned)  # a sentence date and no sentence: the hearing for it
    assert [(e.kind, e.on, e.purpose, e.outcome) for e in events] == [
        ("hearing", date(2023, 6, 1), "sentencing", "")
    ]
    assert _stage_now(events) == "court"

    events = journey(waiting)  # court still to come: the stage it held is kept by an event
    assert [(e.kind, e.on) for e in events] == [
        ("hearing", timezone.localdate()),
        ("hearing", date(2099, 5, 1)),
    ]
    assert events[0].court == "" and "Moved from the earlier record" in events[0].note
    assert _stage_now(events) == "court"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # as every other test expects
