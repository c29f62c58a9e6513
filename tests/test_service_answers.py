"""Onward referrals answered by the service, where its organisation uses the portal: its
practitioners see the referrals sent to it (only while the child's consent names it), accept
or decline saying why, record sessions and end the service with an outcome and a note; the
referrer sees each step and is told. Where the service does not use the portal, the referrer
records the status as before (tests/test_onward_referrals.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cia_portal.audit.models import AuditEvent
from cia_portal.errors import NotAllowed
from cia_portal.notifications.models import Notification
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
def sent(child, practitioner):
    """A referral from Sam (the case holder) to a family support service whose organisation
    uses the portal, under a consent naming that organisation."""
    organisation = OrganisationFactory(name="Hopeside Families Together")
    service = SupportServiceFactory(name="Family support", organisation=organisation)
    consent = ConsentFactory(child=child, recipients=[organisation])
    action = AgreedActionFactory(child=child, description="Weekly call with mum")
    onward = services.onward_referral_create(
        action=action, service=service, actor=practitioner, note="Help set up a weekly call."
    )
    worker = UserFactory(organisation=organisation, first_name="Ama", last_name="Boateng")
    return {"onward": onward, "worker": worker, "consent": consent}


def _page(onward):
    return reverse("referrals:service_referral", args=[onward.id])


def test_the_service_answers_records_sessions_and_ends_and_the_referrer_sees_it(
    client, practitioner, child, sent
):
    onward, worker = sent["onward"], sent["worker"]
    client.force_login(worker)
    inbox = client.get(reverse("caseload:inbox")).content.decode()
    assert child.preferred_name in inbox and _page(onward) in inbox
    page = client.get(_page(onward)).content.decode()
    assert "Help set up a weekly call." in page
    assert AuditEvent.objects.filter(actor=worker, child_id=child.pk, action="view").exists()

    assert (
        client.post(_page(onward), {"do": "answer", "answer-answer": "accept"}).status_code == 302
    )
    day = timezone.localdate() - timedelta(days=1)
    session = {"do": "session", "session-on_0": day.day, "session-on_1": day.month}
    session |= {"session-on_2": day.year, "session-note": "First call went well"}
    assert client.post(_page(onward), session).status_code == 302
    ending = {"do": "end", "end-outcome": "Tobi talks to mum every Sunday"}
    ending |= {"end-end_note": "Calls settled; no follow-up needed"}
    assert client.post(_page(onward), ending).status_code == 302

    onward.refresh_from_db()
    assert onward.status == OnwardReferral.Status.COMPLETED
    assert [e.status for e in onward.events.all()] == [
        "sent",
        "accepted",
        "started",
        "completed",
    ]
    told = Notification.objects.filter(recipient=practitioner, kind="onward_answered")
    assert told.count() == 2  # answered, and ended
    client.force_login(practitioner)
    referrer = client.get(reverse("referrals:onward_referrals", args=[onward.action_id]))
    shown = referrer.content.decode()
    for words in ["First call went well", "Tobi talks to mum every Sunday", "no follow-up"]:
        assert words in shown
    assert client.get(_page(onward)).status_code == 404  # the referrer is not the service


def test_a_decline_says_why_and_a_bad_session_date_is_refused(client, sent):
    onward, worker = sent["onward"], sent["worker"]
    client.force_login(worker)
    refused = client.post(_page(onward), {"do": "answer", "answer-answer": "decline"})
    assert "Enter why the service cannot take the child on" in refused.content.decode()
    client.post(
        _page(onward),
        {"do": "answer", "answer-answer": "decline", "answer-reason": "No places until May"},
    )
    onward.refresh_from_db()
    assert onward.status == "declined"
    assert onward.events.last().note == "No places until May"
    closed = client.get(_page(onward)).content.decode()  # the service keeps its record
    assert "Declined" in closed and "Send your answer" not in closed
    assert _page(onward) not in client.get(reverse("caseload:inbox")).content.decode()


def test_only_the_services_practitioners_while_the_consent_names_them(client, practitioner, sent):
    from assessments.services import consent_withdraw

    onward = sent["onward"]
    organisation = onward.service.organisation
    for someone in [
        UserFactory(),  # another organisation
        UserFactory(organisation=organisation, roles=["Alliance chair"]),  # not a practitioner
    ]:
        client.force_login(someone)
        assert client.get(_page(onward)).status_code in (403, 404)
    consent_withdraw(consent=sent["consent"], actor=practitioner)
    client.force_login(sent["worker"])
    assert client.get(_page(onward)).status_code == 404
    assert (
        onward.action.child.preferred_name.encode()
        not in client.get(reverse("caseload:inbox")).content
    )
    with pytest.raises(NotAllowed):
        services.onward_answer(onward=onward, actor=sent["worker"], accept=True)
