"""Areas (issue 21): a chair sees and keeps their own area's pilots; a national lead sees every
area's and keeps none; anyone else sees none."""

import pytest
from django.urls import reverse

from evaluation.selectors import pilots_kept_by, pilots_seen_by
from tests.factories import AreaFactory, OrganisationFactory, PilotFactory, UserFactory

pytestmark = pytest.mark.django_db

FIGURE_PAGES = ["dashboard", "children", "families", "justice", "timeliness", "feedback"]
FIGURE_PAGES += ["action_plan", "unit_costs"]
KEEPING_PAGES = ["narrative_edit", "unit_cost_add"]


@pytest.fixture
def areas():
    north, south = AreaFactory(name="Northvale"), AreaFactory(name="Southmere")
    return {
        "north": PilotFactory(area=north, name="Northvale pilot"),
        "south": PilotFactory(area=south, name="Southmere pilot"),
        "north_chair": UserFactory(
            organisation=OrganisationFactory(area=north), roles=["Alliance chair"]
        ),
        "national": UserFactory(
            organisation=OrganisationFactory(area=None), roles=["National lead"]
        ),
    }


def status(client, name, pilot):
    return client.get(reverse(f"evaluation:{name}", args=[pilot.slug])).status_code


def test_a_chair_sees_and_keeps_only_their_own_areas_pilots(client, areas):
    client.force_login(areas["north_chair"])
    for name in FIGURE_PAGES + KEEPING_PAGES:
        assert status(client, name, areas["north"]) == 200, name
        # Another area's pilot is not found: its name is not given away either.
        assert status(client, name, areas["south"]) == 404, name
    # The only pilot a chair sees opens at once.
    assert client.get(reverse("evaluation:pilot_list")).url == reverse(
        "evaluation:dashboard", args=[areas["north"].slug]
    )


def test_a_chair_whose_organisation_has_no_area_sees_no_pilot(client, areas):
    client.force_login(
        UserFactory(organisation=OrganisationFactory(area=None), roles=["Alliance chair"])
    )
    page = client.get(reverse("evaluation:pilot_list")).content.decode()
    assert "There are no pilots to show yet" in page
    assert status(client, "dashboard", areas["north"]) == 404


def test_the_national_lead_sees_every_areas_pilots_and_changes_none(client, areas):
    client.force_login(areas["national"])
    page = client.get(reverse("evaluation:pilot_list")).content.decode()
    assert "Northvale" in page and "Southmere" in page
    assert page.index("Northvale pilot") < page.index("Southmere pilot")  # grouped by area
    for pilot in (areas["north"], areas["south"]):
        for name in FIGURE_PAGES:
            assert status(client, name, pilot) == 200, name
        for name in KEEPING_PAGES:
            assert status(client, name, pilot) == 403, name
    dashboard = client.get(reverse("evaluation:dashboard", args=[areas["north"].slug]))
    assert "Write the report&#x27;s sections" not in dashboard.content.decode()
    costs = client.get(reverse("evaluation:unit_costs", args=[areas["north"].slug]))
    assert "Add a unit cost" not in costs.content.decode()


def test_a_national_lead_who_chairs_an_area_keeps_only_that_one(client, areas):
    both = areas["north_chair"]
    both.groups.add(*areas["national"].groups.all())
    both = type(both).objects.get(pk=both.pk)  # (roles are read once per user object)
    assert set(pilots_seen_by(user=both)) == {areas["north"], areas["south"]}
    assert set(pilots_kept_by(user=both)) == {areas["north"]}
    client.force_login(both)
    assert status(client, "narrative_edit", areas["north"]) == 200
    assert status(client, "narrative_edit", areas["south"]) == 404
    south = client.get(reverse("evaluation:dashboard", args=[areas["south"].slug]))
    assert "Write the report&#x27;s sections" not in south.content.decode()


@pytest.mark.parametrize("role", ["Practitioner", "Safeguarding lead", "Referral admin", "Auditor"])
def test_nobody_else_sees_any_pilot(client, areas, role):
    user = UserFactory(roles=[role])
    assert not pilots_seen_by(user=user).exists()
    client.force_login(user)
    assert status(client, "dashboard", areas["north"]) == 403


def test_a_practitioner_hands_out_feedback_for_their_own_areas_pilots(client, areas):
    north = areas["north"].area
    client.force_login(UserFactory(organisation=OrganisationFactory(area=north)))
    form = client.get(reverse("evaluation:feedback_link_create")).content.decode()
    assert "Northvale pilot" in form and "Southmere pilot" not in form
    paper = client.get(reverse("evaluation:feedback_paper")).content.decode()
    assert "Northvale pilot" in paper
    # While an organisation has no area, no pilot is offered (nor named).
    client.force_login(UserFactory(organisation=OrganisationFactory(area=None)))
    form = client.get(reverse("evaluation:feedback_link_create")).content.decode()
    assert "Northvale pilot" not in form and "Southmere pilot" not in form
