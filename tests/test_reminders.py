"""The daily reminder digest: actions due, consent reviews and hearings within 7 days, one
email per practitioner, naming children by preferred name only."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from cia_portal.audit.models import AuditEvent
from referrals.services import referral_create
from tests.factories import (
    AgreedActionFactory,
    ChildFactory,
    ConsentFactory,
    HearingFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def fixed_today():
    """Every test here runs on TODAY at noon, whenever the suite runs (a run that crossed
    midnight once failed when "today" was fixed as the file was imported)."""
    with time_machine.travel(timezone.make_aware(datetime(2026, 6, 10, 12)), tick=False):
        yield


@pytest.fixture
def holder():
    return UserFactory(email="sam@example.org", first_name="Sam")


@pytest.fixture
def busy_child(holder):
    child = ChildFactory(created_by=holder, preferred_name="Ruby")
    child.family.name = "The Hallworth family"
    child.family.save()
    AgreedActionFactory(
        child=child, description="Ask Mrs Okoro at St Bede's", due_date=TODAY - timedelta(days=1)
    )
    AgreedActionFactory(child=child, due_date=TODAY + timedelta(days=30))  # not due yet
    ConsentFactory(child=child, review_on=TODAY + timedelta(days=3))
    link = ParentChildLinkFactory(child=child, parent__name="Deborah Hallworth")
    HearingFactory(parent=link.parent, on=TODAY + timedelta(days=2))
    return child


def test_one_email_names_the_child_by_preferred_name_only(busy_child, holder):
    call_command("send_reminders")
    (email,) = mail.outbox
    assert email.to == ["sam@example.org"]
    body = email.body
    assert "Ruby: 1 action due, 1 overdue" in body
    assert "Ruby: consent to share is due for review" in body
    assert "Court dates within 7 days" in body and "CIA not offered" in body
    assert f"/children/{busy_child.id}/" in body
    for identifying in ["Hallworth", "Deborah", "Okoro", "St Bede", "Hopeside Court"]:
        assert identifying not in body + email.subject
    assert AuditEvent.objects.filter(action="remind", child_id=busy_child.id).count() == 1


def test_it_runs_once_a_day(busy_child):
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    call_command("send_reminders", date=(TODAY + timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 2


def test_nothing_due_means_no_email(holder):
    AgreedActionFactory(child=ChildFactory(created_by=holder), due_date=TODAY + timedelta(days=20))
    call_command("send_reminders")
    assert mail.outbox == []


def test_children_only_shared_with_someone_are_not_in_their_digest(busy_child):
    recipient = UserFactory(email="reader@example.org")
    ConsentFactory(child=busy_child, recipients=[recipient])
    call_command("send_reminders")
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_dry_run_sends_nothing_and_bad_dates_are_explained(busy_child, capsys):
    call_command("send_reminders", dry_run=True)
    assert mail.outbox == [] and "Would email sam@example.org" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--date must look like"):
        call_command("send_reminders", date="next tuesday")


def test_referrals_in_court_soon_or_waiting_too_long_are_in_the_email_without_names(holder):
    def referral(**data):
        return referral_create(
            received_by=holder,
            data={
                "route": ReferralRouteFactory(),
                "referred_by": "Hopeside Court",
                "mother_name": "Deborah Hallworth",
                "children_description": "Ruby, 9",
                **data,
            },
        )

    in_court = referral(next_court_date=TODAY + timedelta(days=3))
    waiting = referral(received_on=TODAY - timedelta(days=9))
    referral(next_court_date=TODAY + timedelta(days=20))  # not yet
    call_command("send_reminders")
    (email,) = mail.outbox
    assert f"/referrals/{in_court.pk}/" in email.body and f"/referrals/{waiting.pk}/" in email.body
    assert "Court on" in email.body and "no CIA offered yet" in email.body
    assert email.body.count("/referrals/") == 2
    for identifying in ["Hallworth", "Deborah", "Ruby", "Hopeside Court"]:
        assert identifying not in email.body
