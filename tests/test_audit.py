"""The audit trail: every access recorded, append-only, searchable by auditors only."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from cia_portal.audit.models import AuditEvent
from tests.factories import ChildFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(client):
    client.force_login(UserFactory(roles=["Auditor"]))
    return client


def test_reads_record_who_what_and_from_where(client, child):
    client.force_login(child.created_by)
    client.get(reverse("assessments:child_detail", args=[child.id]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="view", child_id=child.id)
    assert (event.actor, event.object_type, event.ip_address) == (
        child.created_by,
        "assessments.child",
        "10.1.2.3",
    )


@pytest.mark.parametrize(("trusted_proxies", "recorded"), [(0, "10.0.0.1"), (1, "203.0.113.5")])
def test_behind_a_trusted_proxy_the_trail_records_the_client_not_the_proxy(
    client, child, settings, trusted_proxies, recorded
):
    settings.TRUSTED_PROXY_COUNT = trusted_proxies
    client.force_login(child.created_by)
    client.get(
        reverse("assessments:child_detail", args=[child.id]),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert AuditEvent.objects.get(action="view", child_id=child.id).ip_address == recorded


def test_rows_written_by_services_carry_the_address_too(client, child):
    client.force_login(child.created_by)
    client.post(
        reverse("assessments:child_edit", args=[child.id]),
        {
            "preferred_name": "Renamed",
            "date_of_birth_0": "1",
            "date_of_birth_1": "4",
            "date_of_birth_2": "2013",
            "gender": "girl",
            "ethnicity": "white",
            "care_status": "none",
            "school_knows": "no",
            "saw_arrest": "no",
        },
        REMOTE_ADDR="10.9.9.9",
    )
    event = AuditEvent.objects.get(action="update", child_id=child.id)
    assert event.ip_address == "10.9.9.9" and "preferred_name" in event.detail


def test_no_path_deletes_an_actor_with_audit_rows(child):
    ChildFactory(created_by=child.created_by)
    AuditEvent.objects.create(actor=child.created_by, action="view", object_type="x", object_id="1")
    with pytest.raises(ProtectedError):
        child.created_by.delete()


def test_audit_admin_is_read_only(admin_client):
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403


def test_only_auditors_search_the_trail(client):
    for roles in (["Practitioner"], ["Alliance chair"], ["Referral admin"]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(reverse("audit_trail")).status_code == 403


def test_auditor_searches_by_child_user_action_and_date(auditor_client, child):
    other = ChildFactory()
    ConsentFactory(child=child, recipients=[UserFactory()])
    AuditEvent.objects.create(
        actor=other.created_by,
        action="view",
        object_type="assessments.child",
        object_id=str(other.id),
        child_id=other.id,
    )
    page = auditor_client.get(reverse("audit_trail"), {"child": str(child.id)}).content.decode()
    assert str(child.id) in page and str(other.id) not in page
    assert child.preferred_name not in page  # references only, never a child's name
    page = auditor_client.get(
        reverse("audit_trail"), {"user": other.created_by.username, "action": "view"}
    ).content.decode()
    assert "1 event" in page
    page = auditor_client.get(
        reverse("audit_trail"),
        {
            "date_from_0": "1",
            "date_from_1": "1",
            "date_from_2": "2001",
            "date_to_0": "31",
            "date_to_1": "12",
            "date_to_2": "2001",
        },
    ).content.decode()
    assert "0 events" in page


def test_bad_search_input_gets_a_clear_error(auditor_client):
    response = auditor_client.get(reverse("audit_trail"), {"child": "Ruby"})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Enter a child reference" in html and 'value="Ruby"' in html


def test_trail_page_queries_do_not_grow_with_events(auditor_client, django_assert_max_num_queries):
    actor = UserFactory()
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, action="view", object_type="x", object_id=str(n))
        for n in range(120)
    )
    with django_assert_max_num_queries(6 + 1):  # and the unread notifications in the menu
        response = auditor_client.get(reverse("audit_trail"), {"page": "2"})
    assert "Page 2 of 3" in response.content.decode()
