"""A pilot and a dataset whose right answers are known, for the evaluation tests."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from assessments.models import AgreedAction, JusticeEvent, Offer
from evaluation.models import FeedbackResponse
from referrals import services as referral_services
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    HearingFactory,
    OfferFactory,
    OrganisationFactory,
    ParentChildLinkFactory,
    PilotFactory,
    ReferralRouteFactory,
    SupportServiceFactory,
)

# A known dataset --------------------------------------------------------------------------

IN_2023 = date(2023, 6, 1)


def at(day: date):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@pytest.fixture
def pilot(db):
    partner = OrganisationFactory(name="Test Court duty desk")
    return PilotFactory(court="Test Court", partners=[partner], suppress_below=2)


def in_pilot(court="Test Court", day=IN_2023, purpose=JusticeEvent.Purpose.SENTENCING, **child):
    """A child whose mother has a hearing at `court` on `day`."""
    link = ParentChildLinkFactory(child=ChildFactory(**child))
    HearingFactory(parent=link.parent, court=court, on=day, purpose=purpose)
    return link.child


@pytest.fixture
def world(pilot):
    """Six children in the pilot and one outside it, with known journeys:

    ann   offered 1 May, completed court conversation 6 May (5 days), before sentencing 1 June
    ben   offered 1 May, declined
    cat   offered 1 May, conversation 11 May still a draft (10 days)
    dan   offered 1 May, completed custody conversation 1 July, after sentencing 1 June
    eve   not offered; her mother's hearing is a plea hearing
    fay   in the pilot through a referral only (no hearing at the court); completed 20 May
    out   a hearing at another court: not counted anywhere
    """
    kids = {
        "ann": in_pilot(date_of_birth=date(2015, 1, 1), gender="girl", ethnicity="white"),
        "ben": in_pilot(date_of_birth=date(2010, 1, 1), gender="boy", ethnicity="white"),
        "cat": in_pilot(date_of_birth=date(2021, 1, 1), gender="girl", ethnicity="black"),
        "dan": in_pilot(date_of_birth=date(2007, 6, 1), gender="boy", ethnicity="asian"),
        "eve": in_pilot(purpose=JusticeEvent.Purpose.PLEA, gender="girl", ethnicity="white"),
        "fay": ChildFactory(date_of_birth=date(2012, 1, 1), gender="girl", ethnicity="mixed"),
        "out": in_pilot(court="Elsewhere Court"),
    }
    for name in ["ann", "ben", "cat", "dan", "out"]:
        outcome = Offer.Outcome.DECLINED if name == "ben" else Offer.Outcome.ACCEPTED
        OfferFactory(child=kids[name], offered_on=date(2023, 5, 1), outcome=outcome)
    OfferFactory(child=kids["fay"], offered_on=date(2023, 5, 10))
    court = CompletedAssessmentFactory(child=kids["ann"], conversation_date=date(2023, 5, 6))
    AssessmentFactory(child=kids["cat"], conversation_date=date(2023, 5, 11))
    CompletedAssessmentFactory(
        child=kids["dan"], stage="custody", conversation_date=date(2023, 7, 1)
    )
    CompletedAssessmentFactory(child=kids["fay"], conversation_date=date(2023, 5, 20))
    CompletedAssessmentFactory(child=kids["out"], conversation_date=date(2023, 5, 20))
    AgreedActionFactory(child=kids["ann"], assessment=court, status=AgreedAction.Status.DONE)
    AgreedActionFactory(child=kids["ann"], assessment=court)
    AgreedActionFactory(child=kids["out"])

    route = ReferralRouteFactory(organisation=pilot.partners.get(), name="Duty desk")
    other_route = ReferralRouteFactory(name="Somewhere else")
    for received, family, offered in [
        (date(2023, 4, 20), kids["fay"].family, date(2023, 4, 23)),  # 3 days
        (date(2023, 4, 1), kids["ann"].family, date(2023, 4, 8)),  # 7 days
        (date(2023, 4, 5), None, None),
    ]:
        referral = referral_services.referral_create(
            received_by=kids["ann"].created_by,
            data={
                "route": route,
                "referred_by": "Court",
                "received_on": received,
                "mother_name": "M",
                "children_description": "C",
                "family": family,
            },
        )
        if offered:
            referral_services.referral_transition(
                referral=referral, to="offered", actor=referral.received_by, at=at(offered)
            )
    referral_services.referral_create(  # another area's route: not counted
        received_by=kids["ann"].created_by,
        data={
            "route": other_route,
            "referred_by": "X",
            "received_on": IN_2023,
            "mother_name": "M",
            "children_description": "C",
        },
    )
    ConsentFactory(child=kids["ann"], given_on=date(2023, 5, 6), for_pre_sentence_report=True)
    ConsentFactory(child=kids["out"], given_on=date(2023, 5, 6), for_pre_sentence_report=True)
    service = SupportServiceFactory(type="mentoring")
    ConsentFactory(child=kids["ann"], given_on=date(2023, 5, 6), recipients=[service.organisation])
    onward = referral_services.onward_referral_create(
        action=kids["ann"].actions.first(), service=service, actor=kids["ann"].created_by
    )
    onward.sent_at = at(date(2023, 5, 7))
    onward.save()
    for respondent, scores in [
        ("child", (5, 4, 2)),
        ("child", (4, 5, None)),
        ("child", (2, 2, 5)),
        ("mother", (5, 5, 5)),
    ]:
        FeedbackResponse.objects.create(
            pilot=pilot,
            respondent=respondent,
            stage="court",
            source="paper",
            listened_to=scores[0],
            supported=scores[1],
            included=scores[2],
            submitted_on=IN_2023,
            comments=f"{respondent} words",
            may_quote=respondent == "child",
        )
    return kids
