"""The audit trail: every access recorded, append-only. (Its page: tests/test_audit_trail.py.)"""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from cia_portal.audit.models import AuditEvent
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


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
