"""Where a child's CIA has got to at a stage, and the one next step (assessments/progress.py)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from assessments.models import AgreedAction, Assessment, Consent, Offer, Stage
from assessments.progress import CiaProgress, NextStep, Status, current_stage, next_step

ACCEPTED, DECLINED, SOMEONE_ELSE = (
    Offer.Outcome.ACCEPTED,
    Offer.Outcome.DECLINED,
    Offer.Outcome.SOMEONE_ELSE,
)
DRAFT, COMPLETED = Assessment.Status.DRAFT, Assessment.Status.COMPLETED


@pytest.mark.parametrize(
    ("offer", "conversation", "actions", "shared", "expected"),
    [
        # Nothing yet at this stage: offer it.
        (None, None, False, False, NextStep.OFFER),
        # The child said yes (or yes, with someone else): start.
        (ACCEPTED, None, False, False, NextStep.START),
        (SOMEONE_ELSE, None, False, False, NextStep.START),
        # The child said no: nothing is pressed on them.
        (DECLINED, None, False, False, None),
        # A conversation under way is continued, whatever the offer says.
        (ACCEPTED, DRAFT, False, False, NextStep.CONTINUE),
        (None, DRAFT, False, False, NextStep.CONTINUE),
        (DECLINED, DRAFT, True, True, NextStep.CONTINUE),
        # Finished: actions, then sharing, then nothing.
        (ACCEPTED, COMPLETED, False, False, NextStep.AGREE_ACTIONS),
        (ACCEPTED, COMPLETED, False, True, NextStep.AGREE_ACTIONS),
        (ACCEPTED, COMPLETED, True, False, NextStep.SHARE),
        (ACCEPTED, COMPLETED, True, True, None),
        (None, COMPLETED, True, True, None),
    ],
)
def test_the_next_step_follows_where_the_cia_has_got_to(
    offer, conversation, actions, shared, expected
):
    step = next_step(
        offer_outcome=offer, conversation_status=conversation, has_actions=actions, shared=shared
    )
    assert step == expected


@pytest.mark.parametrize(
    ("parents", "latest", "expected"),
    [
        (Stage.COURT, None, Stage.COURT),
        (None, None, None),
        (None, Stage.ARREST, Stage.ARREST),
        # Offered for court while the parent is on bail: the page follows the court's CIA.
        (Stage.ARREST, Stage.COURT, Stage.COURT),
        # The parent has moved on since the court's CIA: the page follows the new stage.
        (Stage.CUSTODY, Stage.COURT, Stage.CUSTODY),
        (Stage.RELEASE, Stage.CUSTODY, Stage.RELEASE),
    ],
)
def test_the_page_follows_the_parents_stage_unless_the_cia_is_ahead_of_it(
    parents, latest, expected
):
    assert current_stage(parents, latest=latest and Offer(stage=latest)) == expected


TODAY = date(2026, 5, 20)


def _progress(parents_stage=Stage.COURT, *, offers=(), conversations=(), actions=(), consents=()):
    return CiaProgress.at(
        parents_stage,
        offers=list(offers),
        conversations=list(conversations),
        actions=list(actions),
        consents=list(consents),
        today=TODAY,
    )


def _statuses(progress):
    return [step.status for step in progress.steps]


def test_nothing_recorded_asks_for_an_offer_at_the_parents_stage():
    progress = _progress()
    assert progress.stage == Stage.COURT and progress.stage_label == "Court and sentencing"
    assert _statuses(progress) == [Status.NOT_STARTED] * 4
    assert progress.next == NextStep.OFFER


def test_a_cia_done_at_an_earlier_stage_does_not_count_at_this_one():
    court = Assessment(pk=1, stage=Stage.COURT, status=COMPLETED, conversation_date=TODAY)
    progress = _progress(
        Stage.CUSTODY,
        offers=[Offer(stage=Stage.COURT, outcome=ACCEPTED, offered_on=TODAY)],
        conversations=[court],
    )
    assert progress.stage == Stage.CUSTODY and progress.next == NextStep.OFFER


def test_each_step_says_what_was_done_and_when():
    offered_on, talked_on, agreed_at = TODAY - timedelta(days=9), TODAY - timedelta(days=2), TODAY
    conversation = Assessment(
        pk=1, stage=Stage.COURT, status=COMPLETED, conversation_date=talked_on
    )
    progress = _progress(
        offers=[Offer(stage=Stage.COURT, outcome=ACCEPTED, offered_on=offered_on)],
        conversations=[conversation],
        actions=[
            AgreedAction(
                assessment_id=1,
                created_at=timezone.make_aware(datetime(2026, 5, 20, 12)),
            ),
            AgreedAction(assessment_id=None, created_at=timezone.now()),  # not in a conversation
        ],
        consents=[Consent(stages=[Stage.COURT], given_on=TODAY, purpose="For the report")],
    )
    offered, talked, agreed, shared = progress.steps
    assert (offered.status, offered.on, offered.detail) == (Status.DONE, offered_on, "Accepted")
    assert (talked.status, talked.on) == (Status.DONE, talked_on)
    assert (agreed.status, agreed.on, agreed.detail) == (Status.DONE, agreed_at, "1 action")
    assert (shared.status, shared.on, shared.detail) == (Status.DONE, TODAY, "For the report")
    assert progress.next is None


def test_a_conversation_under_way_is_the_one_to_continue_even_after_a_finished_one():
    finished = Assessment(pk=1, stage=Stage.COURT, status=COMPLETED, conversation_date=TODAY)
    under_way = Assessment(pk=2, stage=Stage.COURT, status=DRAFT, conversation_date=TODAY)
    progress = _progress(conversations=[finished, under_way])
    assert progress.conversation is under_way
    assert _statuses(progress)[1] == Status.IN_PROGRESS and progress.next == NextStep.CONTINUE


def test_a_child_who_said_no_is_shown_as_saying_no_and_asked_nothing_more():
    progress = _progress(offers=[Offer(stage=Stage.COURT, outcome=DECLINED, offered_on=TODAY)])
    assert _statuses(progress)[0] == Status.DECLINED and progress.next is None


@pytest.mark.parametrize(
    "consent",
    [
        Consent(stages=[Stage.CUSTODY], given_on=TODAY),  # another stage
        Consent(stages=[Stage.COURT], given_on=TODAY, withdrawn_at=timezone.now()),
        Consent(stages=[Stage.COURT], given_on=TODAY, expires_on=TODAY),  # stopped today
    ],
)
def test_only_an_active_consent_for_this_stage_counts_as_shared(consent):
    conversation = Assessment(pk=1, stage=Stage.COURT, status=COMPLETED, conversation_date=TODAY)
    progress = _progress(
        conversations=[conversation],
        actions=[AgreedAction(assessment_id=1, created_at=timezone.now())],
        consents=[consent],
    )
    assert _statuses(progress)[3] == Status.NOT_STARTED and progress.next == NextStep.SHARE
