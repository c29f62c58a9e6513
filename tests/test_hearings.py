"""Upcoming hearings: each mother's next court date with her children's CIA status; a hearing
within 7 days without a completed or declined CIA stands out."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Offer
from assessments.selectors import CiaStatus, child_annotate_cia_status
from referrals import selectors, services
from tests.factories import (
    AssessmentFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    HearingFactory,
    OfferFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def status_of(child):
    return child_annotate_cia_status(type(child).objects.filter(pk=child.pk)).get().cia_status


def test_cia_status_follows_the_childs_offers_and_conversations(practitioner):
    child = ChildFactory(created_by=practitioner)
    assert status_of(child) == CiaStatus.NOT_OFFERED
    OfferFactory(child=child, offered_on=TODAY - timedelta(days=9))
    assert status_of(child) == CiaStatus.OFFERED
    OfferFactory(child=child, outcome=Offer.Outcome.DECLINED)
    assert status_of(child) == CiaStatus.DECLINED
    draft = AssessmentFactory(child=child)
    assert status_of(child) == CiaStatus.IN_PROGRESS
    draft.status = Assessment.Status.COMPLETED
    draft.save()
    assert status_of(child) == CiaStatus.COMPLETED


def hearing_for(child, days):
    link = ParentChildLinkFactory(child=child)
    return HearingFactory(parent=link.parent, on=TODAY + timedelta(days=days))


def test_hearings_list_the_holders_children_with_their_status(practitioner, outsider):
    soon = ChildFactory(created_by=practitioner, preferred_name="Ruby")
    hearing_for(soon, 3)
    done = ChildFactory(created_by=practitioner, preferred_name="Max")
    CompletedAssessmentFactory(child=done)
    hearing_for(done, 5)
    later = ChildFactory(created_by=practitioner, preferred_name="Ola")
    hearing_for(later, 20)
    hearing_for(ChildFactory(created_by=practitioner, preferred_name="Past"), -1)
    hearing_for(ChildFactory(created_by=outsider, preferred_name="Not mine"), 2)

    rows = selectors.hearings_for_user(practitioner)

    assert [[label for label, _, _ in row.children] for row in rows] == [
        ["Ruby"],
        ["Max"],
        ["Ola"],
    ]
    assert [row.needs_cia for row in rows] == [True, False, False]
    assert rows[1].children[0][1] == CiaStatus.COMPLETED
    assert selectors.hearings_for_user(outsider)[0].children[0][0] == "Not mine"


def test_siblings_share_their_mothers_hearing_row(practitioner):
    older = ChildFactory(created_by=practitioner, preferred_name="Older")
    link = ParentChildLinkFactory(child=older)
    younger = ChildFactory(created_by=practitioner, family=older.family, preferred_name="Younger")
    ParentChildLinkFactory(child=younger, parent=link.parent)
    OfferFactory(child=younger, outcome=Offer.Outcome.DECLINED)
    HearingFactory(parent=link.parent, on=TODAY + timedelta(days=2))

    (row,) = selectors.hearings_for_user(practitioner)

    statuses = {label: status for label, status, _ in row.children}
    assert statuses == {"Older": CiaStatus.NOT_OFFERED, "Younger": CiaStatus.DECLINED}
    assert row.needs_cia  # the older child has not had a CIA yet


def test_a_referral_not_yet_linked_shows_its_court_date(practitioner):
    referral = services.referral_create(
        received_by=practitioner,
        data={
            "route": ReferralRouteFactory(),
            "referred_by": "Court duty desk",
            "mother_name": "Dee",
            "next_court_date": TODAY + timedelta(days=4),
            "children_description": "Ruby (9)",
        },
    )
    (row,) = selectors.hearings_for_user(practitioner)
    assert (row.mother, row.referral, row.needs_cia) == ("Dee", referral, True)
    assert row.children == [("Ruby (9)", CiaStatus.NOT_OFFERED, None)]


def test_the_hearings_page_marks_the_urgent_ones(practitioner_client, practitioner):
    hearing_for(ChildFactory(created_by=practitioner, preferred_name="Ruby"), 3)
    page = practitioner_client.get(reverse("referrals:hearings")).content.decode()
    assert "Ruby" in page and "Within 7 days: CIA not done" in page
    assert "CIA not offered" in page


def test_the_hearings_page_makes_the_same_queries_for_many_hearings(
    practitioner_client, practitioner, django_assert_max_num_queries
):
    for n in range(12):
        child = ChildFactory(created_by=practitioner)
        CompletedAssessmentFactory(child=child)
        hearing_for(child, n + 1)
    with django_assert_max_num_queries(12):
        response = practitioner_client.get(reverse("referrals:hearings"))
    assert response.content.decode().count("CIA completed") == 12


@pytest.mark.parametrize("role", ["Alliance chair", "Referral admin", "Auditor"])
def test_only_practitioners_see_hearings(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("referrals:hearings")).status_code == 403
