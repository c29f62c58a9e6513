"""Onward referrals: from an agreed action to a support service, only when the child's consent
names the service's organisation; their status is tracked and invalid steps refused."""

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from cia_portal.audit.models import AuditEvent
from referrals import services
from referrals.models import OnwardReferral
from tests.factories import (
    AgreedActionFactory,
    ConsentFactory,
    OrganisationFactory,
    SupportServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(child):
    return AgreedActionFactory(child=child, description="Find a mentor")


@pytest.fixture
def covered(child):
    """A service whose organisation the child's consent names."""
    organisation = OrganisationFactory(name="Families Together")
    ConsentFactory(child=child, recipients=[organisation])
    return SupportServiceFactory(organisation=organisation, name="Mentoring")


def test_a_service_the_consent_names_can_be_referred_to(action, covered, practitioner):
    onward = services.onward_referral_create(
        action=action, service=covered, actor=practitioner, note="A mentor for Saturdays"
    )
    assert onward.status == "sent" and onward.consent.child == action.child
    assert AuditEvent.objects.filter(
        child_id=action.child_id, action="create", object_id=str(onward.pk)
    ).exists()


def test_no_consent_no_onward_referral(action, practitioner):
    uncovered = SupportServiceFactory()
    ConsentFactory(child=action.child, recipients=[OrganisationFactory()])  # someone else
    with pytest.raises(services.OnwardRefused, match="consent does not cover"):
        services.onward_referral_create(action=action, service=uncovered, actor=practitioner)
    assert not OnwardReferral.objects.exists()


def test_a_withdrawn_consent_no_longer_covers_the_service(action, covered, practitioner):
    consent = action.child.consents.get()
    assessment_services.consent_withdraw(consent=consent, actor=practitioner)
    with pytest.raises(services.OnwardRefused, match="consent does not cover"):
        services.onward_referral_create(action=action, service=covered, actor=practitioner)


def test_a_consent_to_one_person_does_not_cover_their_organisation(action, practitioner):
    service = SupportServiceFactory()
    ConsentFactory(child=action.child, recipients=[UserFactory(organisation=service.organisation)])
    with pytest.raises(services.OnwardRefused):
        services.onward_referral_create(action=action, service=service, actor=practitioner)


def test_status_moves_step_by_step(action, covered, practitioner):
    onward = services.onward_referral_create(action=action, service=covered, actor=practitioner)
    with pytest.raises(services.OnwardRefused, match="sent cannot be marked completed"):
        services.onward_referral_transition(onward=onward, to="completed", actor=practitioner)
    for to in ["accepted", "started", "completed"]:
        onward = services.onward_referral_transition(onward=onward, to=to, actor=practitioner)
    assert [e.status for e in onward.events.all()] == ["sent", "accepted", "started", "completed"]
    with pytest.raises(services.OnwardRefused, match="Next it can be: nothing"):
        services.onward_referral_transition(onward=onward, to="declined", actor=practitioner)


def test_the_page_offers_only_covered_services(practitioner_client, action, covered):
    uncovered = SupportServiceFactory(name="Counselling elsewhere")
    url = reverse("referrals:onward_referrals", args=[action.id])
    page = practitioner_client.get(url).content.decode()
    assert f'value="{covered.pk}"' in page and f'value="{uncovered.pk}"' not in page
    assert "Services not covered by the consent (1)" in page

    refused = practitioner_client.post(url, {"service": uncovered.pk})
    assert "Select a service the child&#x27;s consent covers" in refused.content.decode()
    sent = practitioner_client.post(url, {"service": covered.pk, "note": "Saturdays"})
    assert sent["Location"] == url
    onward = OnwardReferral.objects.get()
    update = reverse("referrals:onward_referral_update", args=[action.id, onward.id])
    wrong = practitioner_client.post(update, {"to": "completed"})
    assert "Select a valid choice" in wrong.content.decode()
    practitioner_client.post(update, {"to": "accepted", "note": "Starts next week"})
    onward.refresh_from_db()
    assert onward.status == "accepted"
    assert "Starts next week" in practitioner_client.get(url).content.decode()


def test_without_consent_the_page_says_what_to_do(practitioner_client, action):
    SupportServiceFactory()
    page = practitioner_client.get(reverse("referrals:onward_referrals", args=[action.id]))
    assert "Record consent to share" in page.content.decode()
