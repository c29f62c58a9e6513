"""Handing a case on to another organisation: only where the record may go (a consent naming
the organisation, or a safeguarding override reaching it); it waits in the receiving team's
inbox; someone there accepts and holds it, or declines saying why; the sender chose whether
to stay; everyone concerned is told, and all of it is audited and in the chronology."""

import pytest
from django.urls import reverse

from assessments.models import Child
from chronology.models import HandOn
from cia_portal.audit.models import AuditEvent
from cia_portal.notifications.models import Notification
from tests.factories import (
    ChildFactory,
    ConsentFactory,
    OrganisationFactory,
    OverrideFactory,
    UserFactory,
    whole_case_consent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def prison():
    """Another organisation (the prison's family services), with a practitioner and a team
    manager who is a practitioner too."""
    organisation = OrganisationFactory(name="HMP Hopeside family services")
    return {
        "organisation": organisation,
        "worker": UserFactory(organisation=organisation, first_name="Kim", last_name="Jones"),
        "colleague": UserFactory(organisation=organisation),
    }


def _propose(client, child, organisation, **changes):
    return client.post(
        reverse("chronology:hand_on", args=[child.id]),
        {
            "to_organisation": organisation.pk,
            "note": "Mum is now at HMP Hopeside; Tobi wants video calls.",
            "sender_stays": "no",
        }
        | changes,
    )


def test_a_case_goes_only_where_the_child_agreed_to_the_whole_case_or_a_lead_shared_it(
    practitioner_client, child, prison
):
    # Named for some of the child's words only: the organisation may read those, not hold
    # the case (whoever accepts sees everything).
    ConsentFactory(child=child, recipients=[prison["organisation"]])
    page = practitioner_client.get(reverse("chronology:hand_on", args=[child.id]))
    assert "Record a consent with the child that names the organisation first" in (
        page.content.decode()
    )
    response = _propose(practitioner_client, child, prison["organisation"])
    assert response.status_code == 200  # not one of the choices: refused, typing kept
    assert "Mum is now at HMP Hopeside" in response.content.decode()
    assert not HandOn.objects.exists()

    OverrideFactory(child=child, recipient_organisation=prison["organisation"])
    assert _propose(practitioner_client, child, prison["organisation"]).status_code == 302
    assert HandOn.objects.get().to_organisation == prison["organisation"]


def test_the_receiving_team_accepts_and_the_sender_leaves_unless_they_chose_to_stay(
    client, practitioner, child, prison
):
    whole_case_consent(child=child, organisation=prison["organisation"])
    client.force_login(practitioner)
    assert _propose(client, child, prison["organisation"]).status_code == 302
    hand_on = HandOn.objects.get()
    told = Notification.objects.filter(kind="handed_on")
    assert {n.recipient for n in told} == {prison["worker"], prison["colleague"]}
    again = _propose(client, child, prison["organisation"])
    assert "already waiting" in again.content.decode()

    client.force_login(prison["worker"])
    inbox = client.get(reverse("caseload:inbox")).content.decode()
    assert child.preferred_name in inbox
    answer = reverse("caseload:hand_on_answer", args=[hand_on.id])
    assert "Tobi wants video calls" in client.get(answer).content.decode()
    assert "Tobi wants video calls" not in inbox  # the note is read on its own page
    assert AuditEvent.objects.filter(actor=prison["worker"], child_id=child.pk, action="view")
    assert client.post(answer, {"answer": "accept"}).status_code == 302
    child = Child.objects.get(pk=child.pk)
    assert set(child.practitioners.all()) == {prison["worker"]}
    hand_on.refresh_from_db()
    assert (hand_on.status, hand_on.decided_by) == ("accepted", prison["worker"])
    assert Notification.objects.filter(kind="hand_on_decided", recipient=practitioner).exists()
    assert answer not in client.get(reverse("caseload:inbox")).content.decode()
    assert client.get(answer).status_code == 404  # answered: gone from the inbox
    chronology = client.get(reverse("chronology:chronology", args=[child.id])).content.decode()
    assert "Handed on to HMP Hopeside family services" in chronology
    assert "Tobi wants video calls" in chronology  # the handover note, kept with the case
    assert "HMP Hopeside family services answered: accepted" in chronology


def test_a_decline_says_why_and_the_sender_keeps_the_case(client, practitioner, child, prison):
    whole_case_consent(child=child, organisation=prison["organisation"])
    client.force_login(practitioner)
    _propose(client, child, prison["organisation"], sender_stays="yes")
    hand_on = HandOn.objects.get()
    client.force_login(prison["worker"])
    answer = reverse("caseload:hand_on_answer", args=[hand_on.id])
    response = client.post(answer, {"answer": "decline", "reason": ""})
    assert "Enter why your organisation cannot take the case on" in response.content.decode()
    client.post(answer, {"answer": "decline", "reason": "Mum was moved to HMP Elsewhere"})
    hand_on.refresh_from_db()
    assert (hand_on.status, hand_on.reason) == ("declined", "Mum was moved to HMP Elsewhere")
    assert set(Child.objects.get(pk=child.pk).practitioners.all()) == {practitioner}
    client.force_login(practitioner)  # the sender reads why, in the chronology
    chronology = client.get(reverse("chronology:chronology", args=[child.id])).content.decode()
    assert "answered: declined" in chronology and "Mum was moved to HMP Elsewhere" in chronology


def test_a_consent_withdrawn_meanwhile_stops_the_case_moving(client, practitioner, child, prison):
    from assessments.services import consent_withdraw

    consent = whole_case_consent(child=child, organisation=prison["organisation"])
    OverrideFactory(child=child, recipient_user=prison["worker"])  # she may still see the child
    client.force_login(practitioner)
    _propose(client, child, prison["organisation"])
    hand_on = HandOn.objects.get()
    consent_withdraw(consent=consent, actor=practitioner)
    client.force_login(prison["worker"])
    answer = reverse("caseload:hand_on_answer", args=[hand_on.id])
    assert client.get(answer).status_code == 404  # the note is not read
    assert client.post(answer, {"answer": "accept"}).status_code == 404
    assert HandOn.objects.get().status == "waiting"
    assert set(Child.objects.get(pk=child.pk).practitioners.all()) == {practitioner}


def test_nobody_else_sees_or_answers_it(client, practitioner, child, prison):
    whole_case_consent(child=child, organisation=prison["organisation"])
    client.force_login(practitioner)
    _propose(client, child, prison["organisation"])
    hand_on = HandOn.objects.get()
    answer = reverse("caseload:hand_on_answer", args=[hand_on.id])
    for someone in [
        practitioner,  # the sender answers nothing
        UserFactory(),  # another organisation
        UserFactory(organisation=prison["organisation"], roles=["Alliance chair"]),
    ]:
        client.force_login(someone)
        assert client.get(answer).status_code in (403, 404)
        assert client.post(answer, {"answer": "accept"}).status_code in (403, 404)
        inbox = client.get(reverse("caseload:inbox"))
        assert child.preferred_name.encode() not in inbox.content
    assert HandOn.objects.get().status == "waiting"


def test_only_a_case_holder_hands_a_case_on(child, prison):
    from chronology import services
    from cia_portal.errors import NotAllowed

    whole_case_consent(child=child, organisation=prison["organisation"])
    with pytest.raises(NotAllowed):
        services.hand_on_propose(
            child=child,
            actor=UserFactory(),
            to_organisation=prison["organisation"],
            note="N",
            sender_stays=False,
        )


def test_a_case_is_not_handed_on_within_the_same_organisation(practitioner_client, practitioner):
    child = ChildFactory(created_by=practitioner)
    ConsentFactory(child=child, recipients=[practitioner.organisation])
    page = practitioner_client.get(reverse("chronology:hand_on", args=[child.id])).content
    assert str(practitioner.organisation).encode() not in page.split(b"<select")[-1][:2000]


def test_a_hand_on_is_in_the_whole_record_and_goes_with_erasure(practitioner, child, prison):
    from chronology import services
    from records.selectors import child_record
    from records.services import child_erase

    whole_case_consent(child=child, organisation=prison["organisation"])
    services.hand_on_propose(
        child=child,
        actor=practitioner,
        to_organisation=prison["organisation"],
        note="Mum is at HMP Hopeside",
        sender_stays=True,
    )
    part = next(p for p in child_record(child).parts if p.slug == "hand-ons")
    assert "Mum is at HMP Hopeside" in str(part.entries[0].fields)
    child_erase(child=child, reason="A request to erase")
    assert not HandOn.objects.filter(child=child).exists()
