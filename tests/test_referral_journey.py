"""The referral journey: received -> offered -> accepted/declined/not reached -> allocated ->
closed. Each step timestamped, invalid steps refused with a plain message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cia_portal.audit.models import AuditEvent
from referrals import selectors, services
from referrals.models import Referral
from tests.factories import AssessmentFactory, ChildFactory, ReferralRouteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(practitioner):
    return services.referral_create(
        received_by=practitioner,
        data={
            "route": ReferralRouteFactory(),
            "referred_by": "Court duty desk",
            "received_on": timezone.localdate() - timedelta(days=3),
            "mother_name": "Dee",
            "children_description": "Ruby (9), Max (6)",
        },
    )


def step(referral, to, actor, **kwargs):
    return services.referral_transition(referral=referral, to=to, actor=actor, **kwargs)


def test_the_whole_journey_is_timestamped(referral, practitioner):
    colleague = UserFactory()
    step(referral, "offered", practitioner)
    step(referral, "accepted", practitioner)
    step(referral, "allocated", practitioner, allocated_to=colleague)
    done = step(referral, "closed", practitioner, reason="CIA completed")
    assert done.status == "closed" and done.allocated_to == colleague
    assert done.offered_at and done.closed_at
    assert [e.status for e in done.events.all()] == [
        "received",
        "offered",
        "accepted",
        "allocated",
        "closed",
    ]


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        ([], "accepted", "A referral that is received cannot be marked accepted"),
        (["offered", "declined:Not now"], "allocated", "cannot be marked allocated"),
        (["offered"], "declined", "Give a reason for marking it declined"),
        (["offered", "accepted"], "allocated", "Choose the practitioner who will do the CIA"),
        (["closed:Duplicate"], "offered", "Next it can be: nothing"),
    ],
)
def test_invalid_steps_are_refused_and_change_nothing(
    referral, practitioner, path, refused, message
):
    for move in path:
        to, _, reason = move.partition(":")
        step(referral, to, practitioner, reason=reason)
    before = Referral.objects.get(pk=referral.pk).status
    with pytest.raises(services.TransitionRefused, match=message):
        step(referral, refused, practitioner)
    assert Referral.objects.get(pk=referral.pk).status == before


def test_timeliness_and_waiting_too_long(practitioner, referral):
    old = services.referral_create(
        received_by=practitioner,
        data={
            "route": referral.route,
            "referred_by": "School",
            "mother_name": "Kim",
            "received_on": timezone.localdate() - timedelta(days=9),
            "children_description": "Ali (12)",
        },
    )
    step(referral, "offered", practitioner)
    rows = {r.pk: r for r in selectors.referral_list_for_user(practitioner)}
    assert rows[referral.pk].days_to_offer == 3 and not rows[referral.pk].waiting_too_long
    assert rows[old.pk].waiting_too_long and rows[old.pk].days_to_offer is None


def test_pages_record_and_move_a_referral(practitioner_client, practitioner):
    route = ReferralRouteFactory(name="Court duty desk")
    today = timezone.localdate()
    response = practitioner_client.post(
        reverse("referrals:referral_create"),
        {
            "route": route.pk,
            "referred_by": "Duty desk officer",
            "received_on_0": today.day,
            "received_on_1": today.month,
            "received_on_2": today.year,
            "mother_name": "Dee",
            "children_description": "Ruby (9)",
        },
    )
    referral = Referral.objects.get()
    url = reverse("referrals:referral_detail", args=[referral.id])
    assert response["Location"] == url
    bad = practitioner_client.post(url, {"to": "declined"})  # not offered among the next steps
    assert "Select a valid choice" in bad.content.decode()
    reasonless = practitioner_client.post(url, {"to": "closed"})
    assert "Give a reason for marking it closed" in reasonless.content.decode()
    practitioner_client.post(url, {"to": "offered"})
    referral.refresh_from_db()
    assert referral.status == "offered"
    listing = practitioner_client.get(reverse("referrals:referral_list")).content.decode()
    assert "Dee's children" in listing and "CIA offered" in listing


def test_referrals_are_seen_only_by_the_people_working_on_them(client, referral):
    url = reverse("referrals:referral_detail", args=[referral.id])
    for user in [
        UserFactory(),
        UserFactory(roles=["Referral admin"]),
        UserFactory(roles=["Alliance chair"]),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == 404
    allocated = UserFactory()
    step(referral, "offered", referral.received_by)
    step(referral, "accepted", referral.received_by)
    step(referral, "allocated", referral.received_by, allocated_to=allocated)
    client.force_login(allocated)
    assert client.get(url).status_code == 200


def test_bad_referral_input_keeps_what_was_typed(practitioner_client):
    response = practitioner_client.post(
        reverse("referrals:referral_create"),
        {"referred_by": "Duty desk officer", "mother_name": "", "children_description": "Ruby"},
    )
    html = response.content.decode()
    assert "Select how the referral came in" in html and "Enter the mother" in html
    assert 'value="Duty desk officer"' in html and not Referral.objects.exists()


def test_linking_the_family_times_offer_to_first_conversation(
    practitioner_client, practitioner, referral
):
    child = ChildFactory(created_by=practitioner, preferred_name="Ruby")
    step(referral, "offered", practitioner, at=timezone.now() - timedelta(days=6))
    AssessmentFactory(child=child, conversation_date=timezone.localdate() - timedelta(days=2))
    url = reverse("referrals:referral_detail", args=[referral.id])
    assert "Link the family to measure this" in practitioner_client.get(url).content.decode()

    response = practitioner_client.post(
        reverse("referrals:referral_link_family", args=[referral.id]), {"family": child.family_id}
    )

    assert response["Location"] == url
    referral.refresh_from_db()
    assert referral.family == child.family
    (row,) = selectors.referral_list_for_user(practitioner)
    assert row.days_to_assessment == 4
    page = practitioner_client.get(url).content.decode()
    assert "Ruby" in page and "CIA in progress" in page
    assert AuditEvent.objects.filter(child_id=child.id, actor=practitioner).exists()


def test_a_family_the_practitioner_does_not_hold_cannot_be_linked(
    practitioner_client, practitioner, referral
):
    someone_elses = ChildFactory(preferred_name="Hidden")
    response = practitioner_client.post(
        reverse("referrals:referral_link_family", args=[referral.id]),
        {"family": someone_elses.family_id},
    )
    assert response.status_code == 200
    assert "Select the family" in response.content.decode()
    referral.refresh_from_db()
    assert referral.family is None
    with pytest.raises(services.TransitionRefused, match="in which you hold a child's case"):
        services.referral_link_family(
            referral=referral, family=someone_elses.family, actor=practitioner
        )
