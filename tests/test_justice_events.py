"""The parent's journey as dated events: where she is now is worked out from them (the same on
every page and in every list), dates that cannot happen are refused with the field named and
the typing kept, and the records held before the events existed move across."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.justice import Journey
from assessments.models import JusticeEvent, Stage
from assessments.selectors import CaseFilters, caseload_for_user, child_current_stage
from cia_portal.audit.models import AuditEvent
from records.selectors import child_record
from records.services import child_erase
from tests.factories import JusticeEventFactory, ParentChildLinkFactory

pytestmark = pytest.mark.django_db
Kind, Outcome = JusticeEvent.Kind, JusticeEvent.Outcome
TODAY = timezone.localdate()


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def link(practitioner):
    return ParentChildLinkFactory(child__created_by=practitioner, parent__stage="")


def record(link, kind, on, **details):
    return JusticeEventFactory(parent=link.parent, kind=kind, on=on, **details)


# Where she is now ---------------------------------------------------------------------------

JOURNEYS = [
    ([], None),
    ([(Kind.ARREST, -90, {})], Stage.ARREST),
    ([(Kind.ARREST, -90, {}), (Kind.BAIL, -89, {})], Stage.ARREST),
    ([(Kind.ARREST, -90, {}), (Kind.HEARING, -60, {})], Stage.COURT),
    ([(Kind.ARREST, -90, {}), (Kind.HEARING, 20, {})], Stage.ARREST),  # court still to come
    ([(Kind.HEARING, -60, {"outcome": Outcome.CUSTODY}), (Kind.TRANSFER, -9, {})], Stage.CUSTODY),
    ([(Kind.HEARING, -60, {"outcome": Outcome.SUSPENDED})], Stage.COMMUNITY_SENTENCE),
    ([(Kind.HEARING, -60, {"outcome": Outcome.COMMUNITY})], Stage.COMMUNITY_SENTENCE),
    ([(Kind.HEARING, -60, {"outcome": Outcome.ACQUITTED})], Stage.COURT),
    ([(Kind.PRISON, -60, {}), (Kind.EXPECTED_RELEASE, -5, {})], Stage.CUSTODY),
    ([(Kind.PRISON, -60, {}), (Kind.RELEASE, -5, {})], Stage.RELEASE),
    ([(Kind.PRISON, -60, {}), (Kind.RELEASE, -30, {}), (Kind.RECALL, -2, {})], Stage.CUSTODY),
]


@pytest.mark.parametrize(("steps", "stage"), JOURNEYS)
def test_where_the_parent_is_now_is_worked_out_from_her_events_the_same_everywhere(
    practitioner, link, steps, stage
):
    for kind, offset, details in steps:
        record(link, kind, days(offset), **details)
    assert child_current_stage(link.child) == stage
    journey = Journey(list(link.parent.events.all()), TODAY)
    assert journey.stage == stage  # the child's page says the same
    held, _shared = caseload_for_user(practitioner, CaseFilters())
    assert held.get().parent_stage == stage  # and My cases
    for other in Stage.values:  # and its filter by stage
        filtered, _shared = caseload_for_user(practitioner, CaseFilters(stage=other))
        assert filtered.exists() == (other == stage)


def test_the_child_page_shows_the_stage_and_next_hearing_and_the_journey_the_rest(
    practitioner_client, link
):
    record(link, Kind.ARREST, days(-200))
    record(link, Kind.HEARING, days(-100), court="Hopeside Crown Court", outcome=Outcome.CUSTODY)
    record(link, Kind.PRISON, days(-100), prison="HMP Eastwood Park", distance_miles=64)
    record(link, Kind.TRANSFER, days(-20), prison="HMP Styal", distance_miles=140)
    record(link, Kind.HEARING, days(12), court="Hopeside Crown Court")  # an appeal, to come
    record(link, Kind.HEARING, days(40), court="Northtown Crown Court")
    record(link, Kind.EXPECTED_RELEASE, days(50))
    child_page = practitioner_client.get(reverse("assessments:child_detail", args=[link.child.id]))
    text = child_page.content.decode()
    assert "Custody (prison)" in text
    assert f"{days(12):%-d %b %Y}, Hopeside Crown Court" in text  # the next hearing only
    assert "Northtown" not in text
    # Since issue 19 the prison, the release and each event are one link away.
    journey_url = reverse("assessments:parent_journey", args=[link.child.id, link.id])
    assert journey_url in text and "HMP Styal" not in text
    journey = practitioner_client.get(journey_url).content.decode()
    assert (
        journey.index("Arrested") < journey.index("HMP Eastwood Park") < journey.index("HMP Styal")
    )
    assert "(140 miles from home)" in journey and f"{days(50):%-d %b %Y}" in journey
    assert "To come" in journey and "Court hearing: sentenced to custody" in journey


# Recording and changing events --------------------------------------------------------------


def _add(client, link, kind, on: date, **fields):
    url = reverse("assessments:justice_event_add", args=[link.child.id, link.id]) + f"?kind={kind}"
    return client.post(url, {"on_0": on.day, "on_1": on.month, "on_2": on.year, **fields})


def test_a_holder_records_a_hearing_adjourned_for_a_report_and_a_cia_audited(
    practitioner_client, practitioner, link
):
    response = _add(
        practitioner_client,
        link,
        Kind.HEARING,
        days(-3),
        court="Hopeside Magistrates' Court",
        purpose="sentencing",
        outcome="adjourned",
        adjourned_for="report_and_cia",
        note="The bench asked for the child's view.",
    )
    assert response.status_code == 302
    assert response.url == reverse("assessments:parent_journey", args=[link.child.id, link.id])
    hearing = link.parent.events.get()
    assert (hearing.outcome, hearing.adjourned_for) == ("adjourned", "report_and_cia")
    assert hearing.stage == Stage.COURT
    assert AuditEvent.objects.filter(action="create", object_id=str(hearing.pk), actor=practitioner)


def test_a_hearing_still_to_come_may_be_in_the_future_and_nothing_else_may(
    practitioner_client, link
):
    ahead = days(14)
    assert _add(practitioner_client, link, Kind.HEARING, ahead, court="Hopeside").status_code == 302
    assert _add(practitioner_client, link, Kind.EXPECTED_RELEASE, days(300)).status_code == 302
    for kind, fields in [
        (Kind.ARREST, {}),
        (Kind.HEARING, {"court": "Hopeside", "outcome": "custody"}),  # decided: it happened
        (Kind.RELEASE, {}),
    ]:
        refused = _add(practitioner_client, link, kind, ahead, **fields)
        page = refused.content.decode()
        assert refused.status_code == 200 and "The date must be today or in the past" in page
        assert 'href="#id_on_0"' in page or 'href="#id_on"' in page  # the summary names it
    assert link.parent.events.count() == 2


@pytest.mark.parametrize(
    ("before", "kind", "offset", "fields", "message"),
    [
        # sentenced before she was arrested
        (
            [(Kind.ARREST, -50, {})],
            Kind.HEARING,
            -60,
            {"court": "Hopeside", "outcome": "custody"},
            "The date must be the same as or after",
        ),
        # an arrest after the sentence
        (
            [(Kind.HEARING, -60, {"outcome": Outcome.CUSTODY})],
            Kind.ARREST,
            -50,
            {},
            "The date must be the same as or before",
        ),
        # released before she went to prison
        ([(Kind.PRISON, -20, {"prison": "HMP Styal"})], Kind.RELEASE, -30, {}, "(went to prison)"),
        # released before the custodial sentence
        (
            [(Kind.HEARING, -20, {"outcome": Outcome.CUSTODY})],
            Kind.RELEASE,
            -30,
            {},
            "(sentenced to custody)",
        ),
        # recalled before she was released
        (
            [(Kind.PRISON, -90, {}), (Kind.RELEASE, -20, {})],
            Kind.RECALL,
            -30,
            {"prison": "X"},
            "(released)",
        ),
        # a report written before it was asked for
        ([(Kind.REPORT_ASKED, -20, {})], Kind.REPORT_WRITTEN, -30, {}, "(pre-sentence report"),
    ],
)
def test_dates_out_of_order_are_refused_naming_the_date_and_keeping_the_typing(
    practitioner_client, link, before, kind, offset, fields, message
):
    for earlier_kind, earlier_offset, details in before:
        record(link, earlier_kind, days(earlier_offset), **details)
    refused = _add(practitioner_client, link, kind, days(offset), note="Typed words", **fields)
    page = refused.content.decode()
    assert refused.status_code == 200 and "govuk-error-summary" in page and message in page
    assert "Typed words" in page and f'value="{days(offset).year}"' in page
    assert link.parent.events.count() == len(before)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (Kind.RELEASE, "Record first when they went into custody"),
        (Kind.TEMPORARY_RELEASE, "Record first when they went into custody"),
        (Kind.TRANSFER, "Record first the prison they went to"),
        (Kind.RECALL, "Record their release first"),
    ],
)
def test_a_step_that_needs_one_before_it_is_refused_without_it(
    practitioner_client, link, kind, message
):
    record(link, Kind.ARREST, days(-90))
    record(link, Kind.BAIL, days(-89))
    refused = _add(practitioner_client, link, kind, days(-10), prison="HMP Styal")
    assert message in refused.content.decode()
    assert link.parent.events.count() == 2


def test_a_move_to_the_prison_she_is_already_in_is_refused(practitioner_client, link):
    record(link, Kind.PRISON, days(-90), prison="HMP Eastwood Park")
    record(link, Kind.TRANSFER, days(-40), prison="HMP Styal")
    refused = _add(practitioner_client, link, Kind.TRANSFER, days(-10), prison="hmp styal ")
    assert "They were already in HMP Styal" in refused.content.decode()
    # Back to the first prison is a move; so is a move dated before the second one.
    assert _add(practitioner_client, link, Kind.TRANSFER, days(-10), prison="HMP Eastwood Park")
    assert link.parent.events.filter(kind=Kind.TRANSFER).count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"court": ""}, "Enter the court"),
        ({"outcome": "adjourned"}, "Select why the hearing was adjourned"),
        ({"adjourned_for": "report"}, "Leave this blank unless the hearing was adjourned"),
        ({"outcome": "fine", "sentence_months": "6"}, "Leave this blank unless the sentence"),
        ({"sentence_months": "lots"}, "Enter a number"),
        ({"note": "x" * 2001}, "2000 characters or fewer"),
        ({"court": "y" * 201}, "200 characters or fewer"),
        ({"outcome": "moon"}, "Select a valid choice"),
    ],
)
def test_bad_details_of_a_hearing_get_a_clear_error(practitioner_client, link, fields, message):
    base = {"court": "Hopeside", "purpose": "trial"}
    refused = _add(practitioner_client, link, Kind.HEARING, days(-5), **(base | fields))
    page = refused.content.decode()
    assert refused.status_code == 200 and message in page and "This field is required" not in page
    assert not link.parent.events.exists()


def test_an_event_is_changed_and_one_recorded_in_error_is_removed(
    practitioner_client, practitioner, link
):
    record(link, Kind.ARREST, days(-90))
    release = record(link, Kind.RELEASE, days(-5))
    assert child_current_stage(link.child) == Stage.RELEASE
    edit = reverse("assessments:justice_event_edit", args=[link.child.id, release.id])
    assert "Released" in practitioner_client.get(edit).content.decode()
    remove = reverse("assessments:justice_event_remove", args=[link.child.id, release.id])
    assert "Remove this event?" in practitioner_client.get(remove).content.decode()
    assert practitioner_client.post(remove).status_code == 302
    assert child_current_stage(link.child) == Stage.ARREST  # worked out from what is left
    assert AuditEvent.objects.filter(action="delete", object_id=str(release.pk), actor=practitioner)


def test_another_childs_event_is_not_found_through_this_child(practitioner_client, practitioner):
    mine = ParentChildLinkFactory(child__created_by=practitioner)
    theirs = ParentChildLinkFactory(child__created_by=practitioner)
    event = record(theirs, Kind.ARREST, days(-9))
    url = reverse("assessments:justice_event_edit", args=[mine.child.id, event.id])
    assert practitioner_client.get(url).status_code == 404


# The record and erasure ---------------------------------------------------------------------


def test_the_journey_is_in_the_record_and_erasure_keeps_only_what_the_figures_count(link):
    record(link, Kind.HEARING, days(-60), court="Hopeside", outcome=Outcome.CUSTODY, note="Words")
    record(link, Kind.PRISON, days(-60), prison="HMP Styal", distance_miles=40, note="Visits")
    part = next(p for p in child_record(link.child).parts if p.slug == "justice-events")
    assert len(part.entries) == 2 and all(entry.third_party for entry in part.entries)
    child_erase(child=link.child, reason="Test")
    hearing, prison = link.parent.events.order_by("kind")
    assert (hearing.court, hearing.outcome, hearing.note) == ("Hopeside", "custody", "")
    assert (prison.prison, prison.distance_miles, prison.note, prison.stage) == (
        "",
        40,
        "",
        Stage.CUSTODY,
    )


def test_an_arrest_after_an_earlier_sentence_and_release_is_a_new_start(practitioner_client, link):
    record(link, Kind.PRISON, days(-400), prison="HMP Styal")
    record(link, Kind.RELEASE, days(-200))
    assert _add(practitioner_client, link, Kind.ARREST, days(-20)).status_code == 302
    assert child_current_stage(link.child) == Stage.ARREST
    # ...but within one sentence, nothing comes before the arrest.
    refused = _add(practitioner_client, link, Kind.CHARGE, days(-25))
    assert "The date must be the same as or after" in refused.content.decode()


def test_a_change_that_would_leave_another_event_out_of_order_is_refused(practitioner_client, link):
    first = record(link, Kind.PRISON, days(-90), prison="HMP Eastwood Park")
    record(link, Kind.RELEASE, days(-30))
    record(link, Kind.RECALL, days(-10), prison="HMP Styal")
    edit = reverse("assessments:justice_event_edit", args=[link.child.id, first.id])
    moved = days(-5)
    refused = practitioner_client.post(
        edit, {"on_0": moved.day, "on_1": moved.month, "on_2": moved.year, "prison": "X"}
    )
    assert "The date must be the same as or before" in refused.content.decode()
    sentence = record(link, Kind.HEARING, days(-200), court="Hopeside", outcome=Outcome.CUSTODY)
    first.delete()
    edit = reverse("assessments:justice_event_edit", args=[link.child.id, sentence.id])
    on = sentence.on
    refused = practitioner_client.post(
        edit,
        {"on_0": on.day, "on_1": on.month, "on_2": on.year, "court": "Hopeside", "outcome": "fine"},
    )
    assert "with nothing before it that it could follow" in refused.content.decode()


def test_an_event_recorded_before_the_rules_can_still_be_corrected(practitioner_client, link):
    """A release with no custody before it (as the new-case form's "Released from prison" or
    the migration may leave one) keeps its place; its note can be changed."""
    release = record(link, Kind.RELEASE, days(-30))
    edit = reverse("assessments:justice_event_edit", args=[link.child.id, release.id])
    on = release.on
    saved = practitioner_client.post(
        edit, {"on_0": on.day, "on_1": on.month, "on_2": on.year, "note": "Home with Nan"}
    )
    assert saved.status_code == 302
    release.refresh_from_db()
    assert release.note == "Home with Nan"


def test_an_early_release_clears_the_expected_date(link):
    record(link, Kind.PRISON, days(-90))
    record(link, Kind.EXPECTED_RELEASE, days(30))
    assert Journey(list(link.parent.events.all()), TODAY).expected_release.on == days(30)
    record(link, Kind.RELEASE, days(-2))  # released early
    assert Journey(list(link.parent.events.all()), TODAY).expected_release is None
