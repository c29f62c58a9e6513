"""Consent is the gate: a child's words reach exactly the people the child agreed to."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from assessments import privacy, selectors, services
from assessments.models import ChildUserObjectPermission, Consent
from assessments.privacy import child_scope_for, child_sync_grants
from cia_portal.audit.models import AuditEvent
from tests.factories import ChildFactory, ConsentFactory, OverrideFactory, UserFactory

pytestmark = pytest.mark.django_db

CONSENT = {
    "given_by": Consent.GivenBy.CHILD,
    "competence_note": "Understands",
    "stages": ["court"],
    "sections": ["what-i-want-people-to-know", "drawings"],
    "purpose": "For my mum's pre-sentence report",
    "how_given": Consent.How.SPOKEN,
}


def visible(user, child) -> bool:
    return privacy.child_visible_to(user).filter(pk=child.pk).exists()


def test_recording_consent_shares_at_once_with_the_named_practitioner(child, outsider):
    assert not visible(outsider, child)
    consent = services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data=CONSENT,
        recipient_users=[outsider],
        recipient_organisations=[],
    )
    assert visible(outsider, child)
    assert AuditEvent.objects.filter(action="consent", object_id=str(consent.pk)).exists()


def test_consent_to_an_organisation_reaches_its_practitioners(child, outsider):
    colleague = UserFactory(organisation=outsider.organisation)
    services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data=CONSENT,
        recipient_users=[],
        recipient_organisations=[outsider.organisation],
    )
    assert visible(outsider, child) and visible(colleague, child)
    assert not visible(UserFactory(), child)


def test_withdrawal_removes_access_at_once(child, outsider):
    consent = ConsentFactory(child=child, recipients=[outsider])
    assert visible(outsider, child)
    services.consent_withdraw(consent=consent, actor=child.created_by, note="Changed my mind")
    assert not visible(outsider, child)
    assert not ChildUserObjectPermission.objects.filter(user=outsider).exists()
    assert visible(child.created_by, child)
    # Recorded in the trail, without the note (it may hold the child's words).
    event = AuditEvent.objects.get(action="consent", detail="Withdrawn")
    assert event.object_id == str(consent.pk)


def test_an_expired_consent_grants_nothing_when_recorded(child, outsider):
    ConsentFactory(
        child=child, recipients=[outsider], expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert not visible(outsider, child)


def test_scope_is_the_union_of_the_active_consents_to_that_person(child, outsider):
    ConsentFactory(child=child, recipients=[outsider])
    ConsentFactory(
        child=child,
        recipients=[outsider],
        stages=["custody"],
        sections=["who-helps-me"],
        include_practitioner_notes=True,
    )
    withdrawn = ConsentFactory(
        child=child, recipients=[outsider], stages=["release"], sections=["about-me"]
    )
    services.consent_withdraw(consent=withdrawn, actor=child.created_by)
    scope = child_scope_for(user=outsider, child=child)
    assert scope.stages == {"court", "custody"}
    assert scope.sections == {"what-i-want-people-to-know", "who-helps-me"}
    assert scope.practitioner_notes and not scope.holds_case and not scope.drawings


def test_the_case_holder_sees_everything(child):
    scope = child_scope_for(user=child.created_by, child=child)
    assert scope.holds_case and scope.practitioner_notes and scope.drawings
    assert scope.covers("release")


def test_only_a_safeguarding_lead_may_share_without_consent(child, outsider):
    data = {
        "recipient_user": outsider,
        "reason": "Risk of harm",
        "ends_on": timezone.localdate() + timedelta(days=7),
    }
    with pytest.raises(PermissionDenied):
        services.override_record(child=child, created_by=child.created_by, data=data)
    assert not visible(outsider, child)
    dsl = UserFactory(roles=["Practitioner", "Safeguarding lead"])
    override = services.override_record(child=child, created_by=dsl, data=data)
    assert visible(outsider, child)
    scope = child_scope_for(user=outsider, child=child)
    assert scope.overrides == (override,) and not scope.practitioner_notes
    event = AuditEvent.objects.get(action="override")
    assert "Risk of harm" in event.detail and event.actor == dsl
    services.override_end(override=override, actor=dsl)
    assert not visible(outsider, child)


def test_longest_source_wins_when_consent_and_override_overlap(child, outsider):
    today = timezone.localdate()
    ConsentFactory(child=child, recipients=[outsider], expires_on=today + timedelta(days=3))
    OverrideFactory(child=child, recipient_user=outsider, ends_on=today + timedelta(days=9))
    grant = ChildUserObjectPermission.objects.get(user=outsider)
    assert grant.valid_until == today + timedelta(days=8)  # the day before it stops


def test_verify_sharing_passes_after_every_kind_of_change_and_catches_drift(
    child, outsider, capsys
):
    consent = ConsentFactory(child=child, recipients=[outsider, outsider.organisation])
    OverrideFactory(child=ChildFactory(), recipient_organisation=outsider.organisation)
    services.consent_withdraw(
        consent=ConsentFactory(child=child, recipients=[UserFactory()]), actor=child.created_by
    )
    call_command("verify_sharing")
    assert "Grants match the records" in capsys.readouterr().out

    ChildUserObjectPermission.objects.filter(user=outsider).delete()  # someone edits the table
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_sharing")
    assert exit_info.value.code == 1
    assert f"child {child.pk}: user {outsider.pk} view_child" in capsys.readouterr().out
    call_command("verify_sharing", "--fix")
    call_command("verify_sharing")
    assert visible(outsider, child) and consent.is_active


def test_sync_is_idempotent_and_writes_nothing_when_nothing_changed(child, outsider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ConsentFactory(child=child, recipients=[outsider, outsider.organisation])
    with CaptureQueriesContext(connection) as queries:
        child_sync_grants(child=child)
    writes = [q["sql"] for q in queries if not q["sql"].startswith("SELECT")]
    assert writes == []


def test_my_cases_stays_within_its_queries_however_many_grants(
    practitioner, django_assert_max_num_queries
):
    from tests.factories import ParentChildLinkFactory

    for n in range(12):
        ChildFactory(created_by=practitioner)
        shared = ParentChildLinkFactory().child
        ConsentFactory(
            child=shared, recipients=[practitioner if n % 2 else practitioner.organisation]
        )
        ConsentFactory(child=shared, recipients=[UserFactory()])
    held, shared = selectors.caseload_for_user(practitioner, selectors.CaseFilters())
    with django_assert_max_num_queries(2):
        assert (len(list(held)), len(list(shared))) == (12, 12)
