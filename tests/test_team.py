"""A team manager sees the caseloads of the practitioners in their organisation as counts, moves
cases and referrals when someone is away or leaving, and closes an account only once nothing
would be left with nobody."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from assessments import privacy
from assessments import services as assessment_services
from assessments.models import Child
from cia_portal.accounts.models import Role, User
from cia_portal.accounts.services import StillHolds, account_deactivate
from cia_portal.audit.models import AuditEvent
from cia_portal.notifications.models import Notification
from referrals.models import Referral
from referrals.services import referral_create
from tests.factories import (
    AgreedActionFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    HearingFactory,
    OrganisationFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEAM = reverse("caseload:team")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Hopeside Family Support")


@pytest.fixture
def manager(organisation):
    return UserFactory(organisation=organisation, roles=[Role.TEAM_MANAGER])


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def leaving(organisation):
    return UserFactory(organisation=organisation, first_name="Lee")


@pytest.fixture
def staying(organisation):
    return UserFactory(organisation=organisation, first_name="Sky")


def referral_for(user):
    return referral_create(
        received_by=user,
        data={"route": ReferralRouteFactory(), "referred_by": "Court", "mother_name": "Dana"},
    )


def member_url(user) -> str:
    return reverse("caseload:team_member", args=[user.pk])


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.AUDITOR])
def test_only_a_team_manager_opens_the_team_pages(client, role, leaving):
    client.force_login(UserFactory(roles=[role], organisation=leaving.organisation))
    assert client.get(TEAM).status_code == 403
    assert client.get(member_url(leaving)).status_code == 403


def test_the_team_page_counts_each_practitioners_work_and_names_no_child(
    manager_client, leaving, staying
):
    today = timezone.localdate()
    late = ChildFactory(created_by=leaving, preferred_name="Hidden")
    AgreedActionFactory(child=late, due_date=today - timedelta(days=2), description="Secret")
    soon = ParentChildLinkFactory(child__created_by=leaving)
    HearingFactory(parent=soon.parent, on=today + timedelta(days=5))
    done = ParentChildLinkFactory(child__created_by=leaving)
    HearingFactory(parent=done.parent, on=today + timedelta(days=5))
    CompletedAssessmentFactory(child=done.child)
    closed = ChildFactory(created_by=leaving)
    Child.objects.filter(pk=closed.pk).update(closed_on=today)
    referral_for(leaving)  # received, nobody allocated yet
    for allocated in (referral_for(staying), referral_for(leaving)):
        Referral.objects.filter(pk=allocated.pk).update(allocated_to=leaving)
    Referral.objects.filter(pk=referral_for(leaving).pk).update(status=Referral.Status.CLOSED)
    ChildFactory(created_by=UserFactory())  # another organisation
    page = manager_client.get(TEAM).content.decode()
    row = page.split(str(leaving))[1].split("</tr>")[0]
    numbers = [re.sub(r"<[^>]+>|\s", "", cell) for cell in row.split("</td>")[1:6]]
    # open cases, overdue actions, referrals held, received and not allocated, no CIA
    assert numbers == ["3", "1", "2", "1", "1"], row
    assert "Hidden" not in page and "Secret" not in page and str(staying) in page


def test_the_team_page_is_one_query_for_the_whole_team(
    manager_client, organisation, django_assert_max_num_queries
):
    for _ in range(8):
        member = UserFactory(organisation=organisation)
        ChildFactory(created_by=member)
        referral_for(member)
    with django_assert_max_num_queries(7):
        manager_client.get(TEAM)


def test_a_manager_sees_names_and_references_to_move_and_nothing_more(
    manager_client, manager, leaving
):
    child = ChildFactory(created_by=leaving, preferred_name="Mo", school="St Bede's")
    AgreedActionFactory(child=child, description="Private plan")
    page = manager_client.get(member_url(leaving)).content.decode()
    assert "Mo" in page and child.reference in page
    assert "St Bede" not in page and "Private plan" not in page
    assert AuditEvent.objects.filter(actor=manager, child_id=child.pk, action="view").exists()
    assert not privacy.child_visible_to(manager).exists()


def test_another_organisations_practitioner_is_not_found(manager_client):
    stranger = UserFactory()
    ChildFactory(created_by=stranger)
    assert manager_client.get(member_url(stranger)).status_code == 404
    assert (
        manager_client.post(reverse("caseload:team_member_close", args=[stranger.pk])).status_code
        == 404
    )
    stranger.refresh_from_db()
    assert stranger.is_active


def test_moving_work_gives_it_to_the_colleague_and_tells_them(
    manager_client, manager, leaving, staying
):
    children = [ChildFactory(created_by=leaving) for _ in range(2)]
    referral = referral_for(leaving)
    response = manager_client.post(
        member_url(leaving),
        {
            "children": [c.pk for c in children],
            "referrals": [referral.pk],
            "to_user": staying.pk,
        },
    )
    assert response.status_code == 302
    assert set(privacy.child_held_by(staying)) == set(children)
    assert not privacy.child_held_by(leaving).exists()
    referral.refresh_from_db()
    assert referral.received_by == staying
    assert referral.events.last().reason == f"Moved from {leaving} to {staying}"
    kinds = list(Notification.objects.filter(recipient=staying).values_list("kind", flat=True))
    assert sorted(kinds) == ["case_allocated", "case_allocated", "referral_allocated"]
    for child in children:  # each move is in the child's audit trail, done by the manager
        details = set(
            AuditEvent.objects.filter(child_id=child.pk, actor=manager).values_list(
                "detail", flat=True
            )
        )
        assert {
            f"Allocated to {staying.username}",
            f"No longer allocated to {leaving.username}",
        } <= details


def test_moving_needs_something_chosen_and_a_colleague(manager_client, leaving, staying):
    ChildFactory(created_by=leaving)
    page = manager_client.post(member_url(leaving), {"to_user": staying.pk}).content.decode()
    assert "Select at least one case or referral to move" in page
    page = manager_client.post(member_url(leaving), {"to_user": ""}).content.decode()
    assert "Choose who will hold them" in page
    stranger = UserFactory()
    page = manager_client.post(member_url(leaving), {"to_user": stranger.pk}).content.decode()
    assert "govuk-error-summary" in page


def test_an_account_closes_only_once_its_work_is_moved(manager_client, manager, leaving, staying):
    child = ChildFactory(created_by=leaving)
    referral = referral_for(leaving)
    close = reverse("caseload:team_member_close", args=[leaving.pk])
    page = manager_client.post(close, follow=True).content.decode()
    assert "1 case nobody else holds" in page and "1 open referral" in page
    leaving.refresh_from_db()
    assert leaving.is_active
    manager_client.post(
        member_url(leaving),
        {"children": [child.pk], "referrals": [referral.pk], "to_user": staying.pk},
    )
    assert manager_client.post(close).url == TEAM
    leaving.refresh_from_db()
    assert not leaving.is_active
    closed = AuditEvent.objects.get(detail="Account closed")
    assert (closed.actor, str(closed.object_id)) == (manager, str(leaving.pk))


def test_a_case_held_with_an_active_colleague_does_not_stop_closing(leaving, staying, manager):
    child = ChildFactory(created_by=leaving)
    assessment_services.child_allocate(child=child, practitioner=staying, actor=leaving)
    account_deactivate(user=leaving, actor=manager)
    with pytest.raises(StillHolds):  # now Sky is the only active holder
        account_deactivate(user=staying, actor=manager)


def test_the_admin_closes_accounts_through_the_same_check(admin_client, leaving):
    ChildFactory(created_by=leaving)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "close_accounts", "_selected_action": [leaving.pk]},
        follow=True,
    )
    assert "1 case nobody else holds" in response.content.decode()
    leaving.refresh_from_db()
    assert leaving.is_active
    change = admin_client.get(reverse("admin:accounts_user_change", args=[leaving.pk]))
    assert 'name="is_active"' not in change.content.decode()


def test_the_last_active_holder_cannot_be_removed_when_the_other_is_closed(leaving, staying):
    child = ChildFactory(created_by=leaving)
    assessment_services.child_allocate(child=child, practitioner=staying, actor=leaving)
    User.objects.filter(pk=leaving.pk).update(is_active=False)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assessment_services.child_unallocate(child=child, practitioner=staying, actor=staying)


# Property: whatever is allocated, removed, moved and closed, in whatever order, no case is
# ever left with nobody active holding it --------------------------------------------------------

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["allocate", "unallocate", "move", "close"]),
        st.integers(0, 3),  # a child
        st.integers(0, 2),  # a practitioner
        st.integers(0, 2),  # another
    ),
    max_size=12,
)


class NoCaseIsLeftWithNobody(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=STEPS)
    def test_every_case_always_has_an_active_holder(self, steps):
        from django.core.exceptions import ValidationError

        from caseload.services import caseload_move
        from cia_portal.errors import Refused

        organisation = OrganisationFactory()
        manager = UserFactory(organisation=organisation, roles=[Role.TEAM_MANAGER])
        people = [UserFactory(organisation=organisation) for _ in range(3)]
        children = [ChildFactory(created_by=people[n % 3]) for n in range(4)]
        for action, c, a, b in steps:
            child, one, other = children[c], people[a], people[b]
            try:
                if action == "allocate" and one.is_active:
                    assessment_services.child_allocate(child=child, practitioner=one, actor=manager)
                elif action == "unallocate" and child.practitioners.filter(pk=one.pk).exists():
                    assessment_services.child_unallocate(
                        child=child, practitioner=one, actor=manager
                    )
                elif action == "move" and child.practitioners.filter(pk=one.pk).exists():
                    caseload_move(
                        children=[child], referrals=[], from_user=one, to_user=other, actor=manager
                    )
                elif action == "close":
                    account_deactivate(user=one, actor=manager)
            except (Refused, ValidationError):
                pass
            for person in people:
                person.refresh_from_db()
            for each in children:
                assert each.practitioners.filter(is_active=True).exists(), (action, steps)
