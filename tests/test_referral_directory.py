"""The referral admin keeps the routes and the support directory; they never see a child."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.selectors import child_visible_to
from referrals.models import ReferralRoute, SupportService
from tests.factories import ChildFactory, OrganisationFactory, ReferralRouteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral_admin(db):
    return UserFactory(roles=["Referral admin"])


@pytest.fixture
def admin_client(client, referral_admin):
    client.force_login(referral_admin)
    return client


def route_post(organisation, **overrides):
    today = timezone.localdate()
    return {
        "name": "Hopeside Court duty desk",
        "organisation": organisation.pk,
        "stage": "court",
        "how_to_refer": "Ask the duty desk",
        "last_verified_0": today.day,
        "last_verified_1": today.month,
        "last_verified_2": today.year,
    } | overrides


def test_referral_admin_adds_edits_and_retires_a_route(admin_client):
    court = OrganisationFactory(name="Hopeside Court", type="court")
    response = admin_client.post(reverse("referrals:entry_add", args=["routes"]), route_post(court))
    assert response["Location"] == reverse("referrals:directory_list", args=["routes"])
    route = ReferralRoute.objects.get()
    admin_client.post(
        reverse("referrals:entry_edit", args=["routes", route.id]),
        route_post(court, name="Court duty desk"),
    )
    admin_client.post(
        reverse("referrals:entry_action", args=["routes", route.id]), {"action": "retire"}
    )
    route.refresh_from_db()
    assert route.name == "Court duty desk" and not route.is_active
    page = admin_client.get(reverse("referrals:directory_list", args=["routes"])).content.decode()
    assert "Retired" in page and "Bring back" in page


def test_reordering_swaps_neighbours(admin_client):
    first, second, third = (ReferralRouteFactory(name=n) for n in ("A", "B", "C"))
    admin_client.post(
        reverse("referrals:entry_action", args=["routes", third.id]), {"action": "up"}
    )
    assert list(ReferralRoute.objects.values_list("name", flat=True)) == ["A", "C", "B"]
    admin_client.post(
        reverse("referrals:entry_action", args=["routes", first.id]), {"action": "up"}
    )  # already first: nothing moves
    assert list(ReferralRoute.objects.values_list("name", flat=True)) == ["A", "C", "B"]


def test_entries_not_checked_for_six_months_are_flagged(admin_client):
    ReferralRouteFactory(name="Fresh")
    ReferralRouteFactory(name="Old", last_verified=timezone.localdate() - timedelta(days=200))
    assert not ReferralRoute.objects.get(name="Fresh").is_stale
    assert ReferralRoute.objects.get(name="Old").is_stale
    page = admin_client.get(reverse("referrals:directory_list", args=["routes"])).content.decode()
    assert page.count("Check needed") == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the name"),
        ({"stage": ""}, "Select the stage where children are found"),
        ({"last_verified_2": "2999"}, "Last checked must be today or in the past"),
    ],
)
def test_bad_route_input_keeps_what_was_typed(admin_client, overrides, message):
    court = OrganisationFactory()
    response = admin_client.post(
        reverse("referrals:entry_add", args=["routes"]), route_post(court, **overrides)
    )
    html = response.content.decode()
    assert message in html and "govuk-error-summary" in html and "Ask the duty desk" in html
    assert not ReferralRoute.objects.exists()


def test_service_ages_must_make_sense(admin_client):
    today = timezone.localdate()
    response = admin_client.post(
        reverse("referrals:entry_add", args=["services"]),
        {
            "name": "Mentoring",
            "organisation": OrganisationFactory().pk,
            "type": "mentoring",
            "min_age": "12",
            "max_age": "8",
            "area": "Hopeside",
            "how_to_refer": "Email",
            "last_verified_0": today.day,
            "last_verified_1": today.month,
            "last_verified_2": today.year,
        },
    )
    assert "Oldest age served must be the same as or more than" in response.content.decode()
    assert not SupportService.objects.exists()


def test_only_referral_admins_manage_the_directory(client):
    route = ReferralRouteFactory()
    for roles in (["Practitioner"], ["Alliance chair"], ["Auditor"]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(reverse("referrals:directory_list", args=["routes"])).status_code == 403
        response = client.post(
            reverse("referrals:entry_action", args=["routes", route.id]), {"action": "retire"}
        )
        assert response.status_code == 403
    route.refresh_from_db()
    assert route.is_active


def test_unknown_directory_or_action_is_not_found(admin_client):
    route = ReferralRouteFactory()
    assert admin_client.get("/directory/nope/").status_code == 404
    url = reverse("referrals:entry_action", args=["routes", route.id])
    assert admin_client.post(url, {"action": "explode"}).status_code == 404


def test_a_referral_admin_never_sees_child_data(admin_client, referral_admin):
    child = ChildFactory(preferred_name="Ruby")
    assert not child_visible_to(referral_admin).exists()
    assert admin_client.get(reverse("assessments:child_detail", args=[child.id])).status_code == 404
    assert admin_client.get("/")["Location"] == reverse("referrals:directory_list", args=["routes"])
