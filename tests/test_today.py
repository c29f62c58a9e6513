"""Today: a practitioner's day on one page, each piece of work linking to where it is done, and
nothing from a child whose case they do not hold."""

import re
from datetime import timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import AgreedAction, Assessment, Consent, JoinRequest
from cia_portal.accounts.models import User
from cia_portal.audit.models import AuditEvent
from cia_portal.notifications.models import Notification
from referrals.models import Referral
from referrals.selectors import referral_visible_to
from referrals.services import referral_create, referral_transition
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    HearingFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    UserFactory,
)
from tests.plans import scans_reading_every_row

pytestmark = pytest.mark.django_db

TODAY = reverse("caseload:today")


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def page(client) -> str:
    response = client.get(TODAY)
    assert response.status_code == 200
    return response.content.decode()


def new_referral(received_by, **data):
    return referral_create(
        received_by=received_by,
        data={
            "route": ReferralRouteFactory(),
            "referred_by": "Hopeside Court",
            "mother_name": "Dana Example",
            "children_description": "Two boys, 6 and 9",
            **data,
        },
    )


def test_a_practitioner_starts_the_day_on_today(practitioner_client):
    assert practitioner_client.get("/").url == TODAY


def test_actions_overdue_or_due_this_week_are_listed_and_cleared_ones_go(
    practitioner_client, practitioner, child, outsider
):
    late = AgreedActionFactory(child=child, description="Call the school", due_date=days(-2))
    AgreedActionFactory(child=child, description="Book the visit", due_date=days(5))
    AgreedActionFactory(child=child, description="Next month's check-in", due_date=days(30))
    AgreedActionFactory(
        child=child, description="Already done", due_date=days(-9), status=AgreedAction.Status.DONE
    )
    theirs = ChildFactory(created_by=outsider)
    AgreedActionFactory(child=theirs, description="Someone else's action", due_date=days(1))
    ConsentFactory(child=theirs, recipients=[practitioner])  # shared with me: not my work
    html = page(practitioner_client)
    assert "Call the school" in html and "Book the visit" in html and "Overdue" in html
    for absent in ["Next month", "Already done", "Someone else"]:
        assert absent not in html, absent
    assert reverse("assessments:action_edit", args=[late.pk]) in html
    assessment_services.action_save(
        child=child, actor=practitioner, action=late, data={"status": AgreedAction.Status.DONE}
    )
    assert "Call the school" not in page(practitioner_client)


def test_court_dates_in_the_next_two_weeks_with_what_to_do_next(practitioner_client, practitioner):
    ready = ParentChildLinkFactory(child__created_by=practitioner, child__preferred_name="Ready")
    HearingFactory(parent=ready.parent, on=days(6), court="Hopeside Magistrates")
    CompletedAssessmentFactory(child=ready.child)
    shared = ParentChildLinkFactory(child__created_by=practitioner, child__preferred_name="Told")
    HearingFactory(parent=shared.parent, on=days(10))
    CompletedAssessmentFactory(child=shared.child)
    ConsentFactory(child=shared.child, for_pre_sentence_report=True, recipients=[UserFactory()])
    fresh = ParentChildLinkFactory(child__created_by=practitioner, child__preferred_name="Fresh")
    HearingFactory(parent=fresh.parent, on=days(1))
    far = ParentChildLinkFactory(child__created_by=practitioner, child__preferred_name="Faraway")
    HearingFactory(parent=far.parent, on=days(20))
    new_referral(practitioner, next_court_date=days(8), children_description="A girl of 7")
    html = page(practitioner_client).split('id="hearings"')[1]
    # The children's hearings and a referral's court date in one order, soonest first
    assert (
        html.index("Fresh") < html.index("Ready") < html.index("A girl of 7") < html.index("Told")
    )
    assert "Faraway" not in html and "Hopeside Magistrates" in html
    psr = reverse("assessments:consent_create", args=[ready.child.pk])
    assert f"{psr}?for=pre-sentence-report" in html
    assert "Shared for the pre-sentence report" in html
    assert reverse("assessments:offer_create", args=[fresh.child.pk]) in html
    practitioner_client.get(psr, {"for": "pre-sentence-report"})
    why = practitioner_client.get(reverse("assessments:consent_why", args=[ready.child.pk]))
    assert "in the pre-sentence report" in why.content.decode()  # the purpose, filled in
    assert re.search(r'<input[^>]*name="for_pre_sentence_report"[^>]*checked', why.content.decode())


def test_drafts_and_consent_reviews_due_are_listed(practitioner_client, child):
    draft = AssessmentFactory(child=child)
    ConsentFactory(child=child, review_on=days(3), recipients=[UserFactory()])
    html = page(practitioner_client)
    assert reverse("assessments:assessment_detail", args=[draft.pk]) in html
    assert 'id="reviews"' in html and f"review by {days(3):%-d %b}" in html
    Assessment.objects.update(status=Assessment.Status.COMPLETED)
    Consent.objects.update(review_on=days(30))
    html = page(practitioner_client)
    assert 'id="drafts"' not in html and 'id="reviews"' not in html


def test_referrals_waiting_for_an_offer_and_the_teams_unallocated_ones(
    client, practitioner, outsider
):
    waiting = new_referral(practitioner, received_on=days(-8))
    accepted = new_referral(practitioner)
    for step in (Referral.Status.OFFERED, Referral.Status.ACCEPTED):
        referral_transition(referral=accepted, to=step, actor=practitioner)
    client.force_login(practitioner)
    html = page(client)
    assert reverse("referrals:referral_detail", args=[waiting.pk]) in html
    assert "Waiting 8 days" in html
    assert reverse("referrals:referral_detail", args=[accepted.pk]) in html

    teammate = UserFactory(organisation=practitioner.organisation)
    client.force_login(teammate)
    html = page(client)
    assert reverse("referrals:referral_detail", args=[accepted.pk]) in html
    assert reverse("referrals:referral_detail", args=[waiting.pk]) not in html
    detail = client.get(reverse("referrals:referral_detail", args=[accepted.pk]))
    assert detail.status_code == 200
    client.post(
        reverse("referrals:referral_detail", args=[accepted.pk]),
        {"to": Referral.Status.ALLOCATED, "allocated_to": teammate.pk},
    )
    accepted.refresh_from_db()
    assert accepted.allocated_to == teammate

    client.force_login(outsider)  # another organisation: never its inbox
    assert reverse("referrals:referral_detail", args=[accepted.pk]) not in page(client)
    assert client.get(reverse("referrals:referral_detail", args=[waiting.pk])).status_code == 404


def test_what_was_shared_with_me_and_asks_of_me_is_for_you(practitioner_client, practitioner):
    child = ChildFactory(preferred_name="Kit")
    assessment_services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data={
            "given_by": Consent.GivenBy.CHILD,
            "stages": ["court"],
            "sections": ["what-i-want-people-to-know"],
            "purpose": "Pre-sentence report",
            "how_given": Consent.How.SPOKEN,
        },
        recipient_users=[practitioner],
        recipient_organisations=[],
    )
    html = page(practitioner_client).split('id="for-you"')[1]
    assert "Kit" in html
    Notification.objects.update(read_at=timezone.now())
    assert 'id="for-you"' not in page(practitioner_client)


def test_a_colleagues_request_to_join_waits_on_today_until_a_holder_decides_it(
    practitioner_client, practitioner
):
    """Reading the notification (or marking all read) does not answer the colleague: the
    request stays on Today, with a link to where it is decided, until a holder decides."""
    kit = ChildFactory(created_by=practitioner, preferred_name="Kit")
    colleague = UserFactory()
    theirs = ChildFactory(
        created_by=colleague, preferred_name="Kitt", date_of_birth=kit.date_of_birth
    )
    assert assessment_services.duplicate_check(child=theirs, actor=colleague) == 1
    request = JoinRequest.objects.get()
    Notification.objects.update(read_at=timezone.now())
    html = page(practitioner_client).split('id="requests"')[1].split("</ul>")[0]
    assert reverse("assessments:join_request", args=[kit.pk, request.pk]) in html
    assert "Kit</a>" in html and "Kitt" not in html
    assert 'id="for-you"' not in page(practitioner_client)  # nothing unread: it is in one place
    assessment_services.join_request_decide(request=request, add=False, actor=practitioner)
    assert 'id="requests"' not in page(practitioner_client)


def test_today_is_audited_for_each_child_it_names(practitioner_client, practitioner, child):
    AgreedActionFactory(child=child, due_date=days(1))
    page(practitioner_client)
    assert AuditEvent.objects.filter(actor=practitioner, child_id=child.pk, detail="Today")


def test_nothing_to_do_says_so(practitioner_client):
    assert "Nothing needs you today" in page(practitioner_client)


def test_today_makes_the_same_few_queries_however_big_the_caseload(
    practitioner_client, practitioner, django_assert_max_num_queries
):
    def grow():
        link = ParentChildLinkFactory(child__created_by=practitioner)
        HearingFactory(parent=link.parent, on=days(4))
        AgreedActionFactory(child=link.child, due_date=days(-1))
        AssessmentFactory(child=link.child)
        ConsentFactory(child=link.child, review_on=days(2), recipients=[UserFactory()])
        new_referral(practitioner)

    grow()
    with django_assert_max_num_queries(12) as small:
        page(practitioner_client)
    for _ in range(15):
        grow()
    with django_assert_max_num_queries(12) as large:
        page(practitioner_client)
    assert len(small) == len(large)


def test_the_teams_inbox_is_looked_up_in_indexes_never_by_reading_every_referral(practitioner):
    """Today's referrals (theirs, and their organisation's accepted ones nobody holds) come
    from indexes: at 300,000 children there are about 90,000 referrals (docs/performance.md)."""
    theirs = referral_visible_to(practitioner)
    assert scans_reading_every_row(theirs, "referrals_referral") == []
    # The check can fail: ORed with a plain IN (subquery), the team's referrals read them all.
    team = User.objects.filter(organisation=practitioner.organisation_id).values("pk")
    plain = Referral.objects.filter(Q(allocated_to=practitioner) | Q(received_by__in=team))
    assert scans_reading_every_row(plain, "referrals_referral")
