"""The audit trail's page, for auditors and information governance officers: a sentence a row,
repeated views as one line, a search sent with GET, pages, and the CSV export of what was found.
(That every read and change is recorded is tests/test_audit.py.)"""

import csv
import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from cia_portal.audit.models import AuditEvent
from cia_portal.audit.sentences import Names, sentence, sentence_template
from cia_portal.audit.services import EXPORT_HEADER
from tests.factories import AssessmentFactory, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit_trail")
EXPORT = reverse("audit_trail_csv")
VIEW = AuditEvent.Action.VIEW


@pytest.fixture
def auditor():
    return UserFactory(roles=["Auditor"], username="auditor")


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def jo():
    return UserFactory(first_name="Jo", last_name="Clarke", username="jclarke")


@pytest.fixture
def ayo(jo):
    return ChildFactory(preferred_name="Ayo", created_by=jo)


def _at(hour: int, minute: int, day: int = 2) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, hour, minute))


def _rows(*, actor, child, times: list[datetime], **fields) -> None:
    """Audit rows as the portal writes them, at the given times (`at` is set on insert)."""
    fields = {"action": VIEW, "object_type": "assessments.child", "object_id": str(child.pk)} | (
        fields
    )
    made = AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, child_id=child.pk, ip_address="10.1.2.3", **fields) for _ in times
    )
    for event, at in zip(made, times, strict=True):
        AuditEvent.objects.filter(pk=event.pk).update(at=at)


def _page(client, **search) -> str:
    response = client.get(TRAIL, search)
    assert response.status_code == 200
    return response.content.decode()


def _lines(html: str) -> list[str]:
    """Each row of the table, as its text reads."""
    cells = re.findall(r"<tbody.*?</tbody>", html, re.S)
    rows = re.findall(r"<tr .*?</tr>", cells[0], re.S) if cells else []
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


# A sentence a row


def test_a_row_names_the_person_and_the_child_by_case_reference_and_the_stage_in_words(
    client, jo, ayo, auditor_client
):
    conversation = AssessmentFactory(child=ayo, stage="court")
    client.force_login(jo)
    client.get(reverse("assessments:this_is_me", args=[conversation.pk]))
    auditor_client.force_login(UserFactory(roles=["Auditor"]))
    html = _page(auditor_client)
    assert (
        f"Jo Clarke opened child {ayo.reference}’s “This is me”, court and sentencing stage"
        in html.replace("&#x27;", "’").replace("'", "’")
    )
    assert "Ayo" not in html  # auditors see no child's name: the case reference only
    assert "assessments.assessment" not in html and str(ayo.pk) not in html


@pytest.mark.parametrize(
    ("action", "object_type", "detail", "reads"),
    [
        (VIEW, "assessments.child", "", "Jo Clarke opened child {ref}'s record"),
        (VIEW, "assessments.child", "Chronology", "Jo Clarke opened child {ref}'s chronology"),
        (VIEW, "accounts.user", "My cases", "Jo Clarke saw child {ref} named on My cases"),
        (
            "download",
            "assessments.child",
            "Whole record (subject access)",
            "Jo Clarke downloaded child {ref}'s whole record (subject access)",
        ),
        (
            "update",
            "assessments.child",
            "Changed: school",
            "Jo Clarke changed child {ref}'s record",
        ),
        (
            "consent",
            "assessments.consent",
            "Withdrawn",
            "Jo Clarke recorded that child {ref} stopped sharing",
        ),
        ("delete", "assessments.child", "Erased: asked", "Jo Clarke erased child {ref}'s record"),
        (
            "create",
            "assessments.carer",
            "",
            "Jo Clarke added a carer's details, on child {ref}'s record",
        ),
        (
            "update",
            "assessments.someday",
            "",
            "Jo Clarke changed a record (assessments.someday), on child {ref}'s record",
        ),
    ],
)
def test_each_kind_of_row_reads_as_a_plain_sentence(jo, ayo, action, object_type, detail, reads):
    event = AuditEvent(
        actor=jo,
        action=action,
        object_type=object_type,
        object_id="1",
        child_id=ayo.pk,
        detail=detail,
    )
    assert sentence(event, Names.of([event])) == reads.format(ref=ayo.reference)


def test_rows_about_no_child_and_by_the_portal_itself_read_as_sentences(jo):
    search = AuditEvent(
        actor=jo,
        action=VIEW,
        object_type="accounts.user",
        object_id=str(jo.pk),
        detail="Safeguarding search: searched for 'Ayo', 2 shown",
    )
    retention = AuditEvent(
        actor=None,
        action="delete",
        object_type="audit.auditevent",
        object_id="0",
        detail="Retention: deleted 12 audit rows",
    )
    names = Names.of([search, retention])
    assert sentence(search, names) == (
        "Jo Clarke searched: Safeguarding search: searched for 'Ayo', 2 shown"
    )
    assert sentence(retention, names) == "The portal deleted old rows of the audit trail"


def _the_portals_apps() -> list:
    return [config for config in apps.get_app_configs() if "site-packages" not in config.path]


def _actions_the_code_records() -> set[str]:
    """Every audit action named in the portal's own code (not its tests or migrations)."""
    named = set()
    for config in _the_portals_apps():
        for path in Path(config.path).rglob("*.py"):
            text = path.read_text()
            if "AuditEvent" in text and "migrations" not in path.parts:
                named |= set(re.findall(r"\b(?:AuditEvent\.)?Action\.([A-Z_]+)\b", text))
    return {AuditEvent.Action[name] for name in named if name in AuditEvent.Action.__members__}


def _the_portals_models() -> list[str]:
    return [
        model._meta.label_lower for config in _the_portals_apps() for model in config.get_models()
    ]


def test_every_action_the_code_records_reads_as_a_sentence_for_every_record_it_can_be_about(
    jo, ayo
):
    actions = _actions_the_code_records()
    assert actions == set(AuditEvent.Action)  # each is written somewhere
    models = _the_portals_models()
    assert "assessments.assessment" in models and "chronology.casenote" in models
    for action in actions:
        for object_type in models:
            for child_id in (ayo.pk, None):
                event = AuditEvent(
                    actor=jo,
                    action=action,
                    object_type=object_type,
                    object_id="1",
                    child_id=child_id,
                )
                said = sentence(event, Names.of([event]))
                assert said.startswith("Jo Clarke") or said.startswith("The duplicate check"), said
                assert object_type not in said and "%(" not in said, said
                if child_id:
                    assert ayo.reference in said, said


def test_an_action_the_table_does_not_know_still_reads(jo):
    template = sentence_template("teleport", "x.y", "", about_a_child=True)
    event = AuditEvent(actor=jo, action="teleport", object_type="x.y", object_id="1", child_id=None)
    assert "%(actor)s" in template and sentence(event, Names.of([event])).startswith("Jo Clarke")


# Repeated views as one line


def test_views_of_the_same_page_one_after_another_are_one_line(jo, ayo, auditor_client):
    ten_minutes = [_at(10, 2) + timedelta(seconds=600 * n / 154) for n in range(155)]
    _rows(actor=jo, child=ayo, times=ten_minutes)
    _rows(actor=jo, child=ayo, times=[_at(11, 0)])  # 48 minutes later: a visit of its own
    _rows(actor=UserFactory(first_name="Sam", last_name="Patel"), child=ayo, times=[_at(10, 5)])
    _rows(actor=jo, child=ayo, times=[_at(10, 6)], action="update", detail="Changed: school")
    lines = [line.replace("&#x27;", "'") for line in _lines(_page(auditor_client))]
    assert len(lines) == 4
    assert lines[0].startswith(f"2 Mar 2026 11:00:00 Jo Clarke opened child {ayo.reference}")
    assert "times" not in lines[0]
    assert lines[1].startswith(
        f"2 Mar 2026 10:02:00 to 10:12:00 Jo Clarke opened child {ayo.reference}'s record "
        "155 times between 10:02 and 10:12"
    )
    assert "Changed: school" in lines[2] and "Sam Patel" in lines[3]


def test_views_from_another_place_or_of_another_page_are_not_grouped(jo, ayo, auditor_client):
    _rows(actor=jo, child=ayo, times=[_at(10, 0), _at(10, 1)])
    _rows(actor=jo, child=ayo, times=[_at(10, 2)], detail="Chronology")
    AuditEvent.objects.filter(at=_at(10, 1)).update(ip_address="10.9.9.9")
    assert len(_lines(_page(auditor_client))) == 3


def test_visits_are_worked_out_by_the_database_a_page_at_a_time(
    jo, ayo, auditor_client, django_assert_max_num_queries
):
    """120 visits (each an hour apart) of 3 views each: the page reads 50 visits, whatever the
    rows, in a fixed number of queries."""
    _rows(
        actor=jo,
        child=ayo,
        times=[_at(0, 0) + timedelta(hours=n, minutes=m) for n in range(120) for m in range(3)],
    )
    with django_assert_max_num_queries(10):
        html = _page(auditor_client, page="2")
    assert "Page 2 of 3" in html and "120 lines found" in html
    assert len(_lines(html)) == 50 and "3 times between" in _lines(html)[0]


def test_past_its_limit_the_page_says_more_than_and_how_to_narrow_it(
    jo, ayo, auditor_client, monkeypatch
):
    monkeypatch.setattr("cia_portal.audit.selectors.MOST_COUNTED", 60)
    monkeypatch.setattr("cia_portal.audit.views.MOST_COUNTED", 60)
    _rows(actor=jo, child=ayo, times=[_at(0, 0) + timedelta(hours=n) for n in range(70)])
    html = _page(auditor_client)
    assert "More than 60 lines found" in html and "Search by person, child or dates" in html
    assert len(_lines(html)) == 50 and "Page 1 of 2" in html
    assert len(_lines(_page(auditor_client, child=ayo.reference, page="2"))) == 11


@pytest.mark.parametrize("number", ["3", "99", "0", "-1", "two"])
def test_a_page_number_not_on_the_list_shows_the_last_page_or_the_first(
    jo, ayo, auditor_client, number
):
    _rows(actor=jo, child=ayo, times=[_at(0, 0) + timedelta(hours=n) for n in range(60)])
    html = _page(auditor_client, page=number)
    last = number in ("3", "99", "0", "-1")  # as Django answers: the last page
    assert ("Page 2 of 2" if last else "Page 1 of 2") in html
    assert len(_lines(html)) == (10 if last else 50)


# The search


def test_the_search_is_sent_with_get_and_carries_no_csrf_token(auditor_client):
    html = _page(auditor_client)
    form = re.search(r"<form method=\"get\".*?</form>", html, re.S).group()
    assert "csrfmiddlewaretoken" not in form


def test_the_auditor_finds_rows_by_person_child_reference_action_and_dates(jo, ayo, auditor_client):
    other = ChildFactory(created_by=jo)
    sam = UserFactory(first_name="Sam", last_name="Patel", username="spatel")
    _rows(actor=jo, child=ayo, times=[_at(10, 0, day=2)])
    _rows(actor=jo, child=other, times=[_at(10, 0, day=5)], action="update")
    _rows(actor=sam, child=ayo, times=[_at(10, 0, day=9)])

    def found(**search):
        return len(_lines(_page(auditor_client, **search)))

    assert found() == 3
    assert found(person="jo clarke") == 2 and found(person="SPATEL") == 1
    assert found(child=ayo.reference.lower().replace("-", " ")) == 2
    assert found(child=str(other.pk)) == 1  # the long id, for a record erased long ago
    assert found(action="update") == 1
    dates = {"date_from_0": "3", "date_from_1": "3", "date_from_2": "2026"}
    assert found(**dates) == 2
    assert found(**dates, date_to_0="6", date_to_1="3", date_to_2="2026") == 1


@pytest.mark.parametrize(
    ("search", "error", "kept"),
    [
        ({"child": "Ruby"}, "No child has the case reference Ruby", 'value="Ruby"'),
        (
            {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"},
            "From must be a real date",
            'value="31"',
        ),
        (
            {"date_from_0": "3", "date_from_1": "", "date_from_2": "2026"},
            "From must include a day, month and year",
            'value="2026"',
        ),
        (
            {
                "date_from_0": "9",
                "date_from_1": "3",
                "date_from_2": "2026",
                "date_to_0": "2",
                "date_to_1": "3",
                "date_to_2": "2026",
            },
            "To must be the same as or after From",
            'value="9"',
        ),
    ],
)
def test_a_bad_search_says_what_is_wrong_and_keeps_what_was_typed(
    jo, ayo, auditor_client, search, error, kept
):
    _rows(actor=jo, child=ayo, times=[_at(10, 0)])
    html = _page(auditor_client, person="jclarke", **search)
    assert "govuk-error-summary" in html and error in html
    assert kept in html and 'value="jclarke"' in html
    assert html.count(error) == 2  # in the summary and beside the field
    assert not _lines(html)  # nothing found is shown for a search that could not be read


def test_only_auditors_open_the_trail_or_its_export(client):
    for roles in (["Practitioner"], ["Alliance chair"], ["Referral admin"], ["Safeguarding lead"]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(TRAIL).status_code == 403
        assert client.get(EXPORT).status_code == 403
    client.logout()
    assert client.get(EXPORT).status_code == 302


# The export


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_export_holds_every_row_found_ungrouped_under_one_header(jo, ayo, auditor_client):
    _rows(actor=jo, child=ayo, times=[_at(10, n) for n in range(5)])
    _rows(actor=jo, child=ayo, times=[_at(9, 0)], action="update", detail='=HYPERLINK("x")')
    _rows(actor=jo, child=ChildFactory(), times=[_at(9, 30)])  # another child: not searched for
    rows = _csv(auditor_client.get(EXPORT, {"child": ayo.reference}))
    assert rows[0] == EXPORT_HEADER and EXPORT_HEADER not in rows[1:]
    assert len(rows) == 1 + 6
    first = dict(zip(EXPORT_HEADER, rows[1], strict=True))
    assert first["When"] == "2026-03-02T10:04:00+00:00"
    assert first["What happened"] == f"Jo Clarke opened child {ayo.reference}'s record"
    assert (first["Username"], first["Name"], first["Child's case reference"]) == (
        "jclarke",
        "Jo Clarke",
        ayo.reference,
    )
    assert (first["Action"], first["IP address"]) == ("view", "10.1.2.3")
    assert rows[-1][EXPORT_HEADER.index("Detail")] == '\'=HYPERLINK("x")'  # no formula


def test_the_export_is_itself_in_the_trail_with_what_was_searched_for(
    jo, ayo, auditor, auditor_client
):
    _rows(actor=jo, child=ayo, times=[_at(10, 0), _at(10, 1)])
    _csv(auditor_client.get(EXPORT, {"child": ayo.reference, "action": "view"}))
    export = AuditEvent.objects.get(actor=auditor)
    assert (export.action, export.object_type) == ("download", "audit.auditevent")
    assert export.detail == (
        f"Exported 2 rows of the audit trail. Searched for: child {ayo.reference}, action view"
    )
    assert "exported the audit trail" in _lines(_page(auditor_client, action="download"))[0]


def test_with_no_search_the_export_holds_the_whole_trail(jo, ayo, auditor, auditor_client):
    _rows(actor=jo, child=ayo, times=[_at(10, 0), _at(10, 1)])
    assert len(_csv(auditor_client.get(EXPORT))) == 1 + 2
    export = AuditEvent.objects.get(actor=auditor)
    assert export.detail == "Exported 2 rows of the audit trail. Searched for: everything"


def test_a_bad_search_is_not_exported_but_shown_with_its_errors(auditor_client):
    response = auditor_client.get(EXPORT, {"child": "Ruby", "person": "jo"})
    assert response.status_code == 302
    assert response["Location"] == f"{TRAIL}?child=Ruby&person=jo"
    assert not AuditEvent.objects.filter(action="download").exists()


def test_the_page_describes_the_download_and_links_it_with_the_same_search(jo, ayo, auditor_client):
    _rows(actor=jo, child=ayo, times=[_at(10, 0)])
    html = _page(auditor_client, person="jclarke")
    assert f'href="{EXPORT}?person=jclarke"' in html
    assert "What the download holds" in html and "one header row" in html


def test_a_search_to_the_last_day_of_the_calendar_is_not_an_error(auditor_client):
    response = auditor_client.get(
        reverse("audit_trail"), {"date_to_0": "31", "date_to_1": "12", "date_to_2": "9999"}
    )
    assert response.status_code == 200 and "There is a problem" not in response.content.decode()
