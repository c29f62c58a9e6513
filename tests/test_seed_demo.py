import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Assessment, Child, Drawing, JoinRequest, Offer
from assessments.privacy import (
    child_search_for_safeguarding_lead,
    child_visible_to,
    overrides_for_safeguarding_lead,
)
from assessments.search import search_parse
from assessments.selectors import child_current_stage
from cia_portal.accounts.models import Organisation, User
from cia_portal.notifications.models import Notification
from evaluation.models import Pilot
from referrals.models import OnwardReferral, Referral, ReferralRoute, SupportService
from referrals.selectors import hearings_for_user, referral_list_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mode(settings, monkeypatch):
    settings.DEMO_MODE = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo-only-password")


def test_seed_demo_builds_the_hopeside_pilot(demo_mode):
    call_command("seed_demo")
    assert Child.objects.count() == 15 + 2  # the pilot's, and Ellie and Toby outside it
    assert set(User.objects.values_list("username", flat=True)) == {
        "practitioner1",
        "practitioner2",
        "practitioner3",
        "dsl",
        "chair",
        "national",
        "admin",
        "auditor",
        "manager",
        "prison1",
    }
    assert Organisation.objects.filter(name="Hopeside Court", type="court").exists()
    assert User.objects.get(username="chair").has_role("Alliance chair")
    assert User.objects.get(username="national").has_role("National lead")
    assert Pilot.objects.get(slug="hopeside-2023").area.slug == "hopeside"
    assert User.objects.get(username="dsl").has_role("Safeguarding lead")
    assert Offer.objects.filter(outcome="declined").count() == 1
    assert Assessment.objects.filter(stage="court", status="completed").exists()
    assert Assessment.objects.filter(status="draft").exists()
    assert Drawing.objects.count() == 1
    stages = {child_current_stage(child) for child in Child.objects.all()}
    assert stages == {"arrest", "court", "custody", "community_sentence", "release"}
    p1, p2 = User.objects.get(username="practitioner1"), User.objects.get(username="practitioner2")
    assert p1.allocated_children.count() + p2.allocated_children.count() == 15 + 1  # and Toby
    assert not child_visible_to(User.objects.get(username="chair")).exists()
    assert User.objects.get(username="practitioner1").check_password("demo-only-password")
    tobi = Child.objects.get(preferred_name="Tobi")
    assert child_visible_to(p2).filter(pk=tobi.pk).exists()  # shared for the report
    assert not child_visible_to(p2).filter(preferred_name="Liam").exists()
    call_command("verify_sharing")
    assert ReferralRoute.objects.filter(is_active=True).count() == 8
    assert (
        ReferralRoute.objects.get(takes_family_requests=True).name
        == "Families asking for themselves"
    )
    assert SupportService.objects.count() == 5
    assert ReferralRoute.objects.get(name="School designated safeguarding leads").is_stale
    # The referral journey: every family came through a route; this week has things to do.
    assert Referral.objects.filter(family__isnull=False).count() == 10
    assert {r.waiting_too_long for r in referral_list_for_user(p1)} == {True, False}
    rows = hearings_for_user(p1) + hearings_for_user(p2)
    assert any(row.needs_cia for row in rows) and any(not row.needs_cia for row in rows)
    under_way = OnwardReferral.objects.exclude(action__child__preferred_name="Mia").get()
    assert under_way.status == "accepted"
    # One family followed from arrest to release: Mia's mum.
    mia = Child.objects.get(preferred_name="Mia")
    events = list(mia.parent_links.get().parent.events.values_list("kind", flat=True))
    for kind in ["arrest", "bail", "hearing", "report_written", "prison", "transfer", "release"]:
        assert kind in events, kind
    assert child_current_stage(mia) == "release"
    assert mia.hand_ons.get().status == "accepted" and mia.practitioners.count() == 2
    assert mia.parent_links.get().release_plan.room_for_children == "yes"
    assert mia.parent_links.get().contact.how_often == "fortnightly"
    assert mia.notes.filter(kind="parent_visit").exists()
    answered = OnwardReferral.objects.get(action__child=mia)
    assert answered.status == "completed" and answered.sessions.count() == 1
    call_command("send_reminders")
    assert {m.to[0] for m in mail.outbox} == {
        "practitioner1@hopeside.example",
        "practitioner2@hopeside.example",
        "practitioner3@hopeside.example",
        "prison1@hopeside.example",  # holds Mia's case, with Sam
    }
    # A team's day: a likely duplicate waiting for Sam, notifications, Dan's work to move.
    request = JoinRequest.objects.get()
    assert request.child == tobi and request.requested_by == p2
    assert Notification.objects.filter(recipient=p1, kind="join_request").exists()
    assert Notification.objects.filter(recipient=p2, kind="shared").exists()
    manager = User.objects.get(username="manager")
    dan = User.objects.get(username="practitioner3")
    assert manager.has_role("Team manager") and dan.allocated_children.count() == 1
    assert "on leave" in dan.job_title and Referral.objects.filter(received_by=dan).exists()
    # The safeguarding lead finds Harvey, whose case she does not hold, and her override on
    # his record is in her list; the holders were told.
    dsl = User.objects.get(username="dsl")
    harvey = Child.objects.get(preferred_name="Harvey")
    assert harvey in child_search_for_safeguarding_lead(dsl, search_parse("Harvy"))
    assert not harvey.practitioners.filter(pk=dsl.pk).exists()
    override = overrides_for_safeguarding_lead(dsl).active(on=timezone.localdate()).get()
    assert override.child == harvey
    told = Notification.objects.filter(kind="override_on_case", child_id=harvey.pk)
    assert set(told.values_list("recipient", flat=True)) == set(
        harvey.practitioners.values_list("pk", flat=True)
    )


def test_seed_demo_twice_changes_nothing(demo_mode):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Child.objects.count() == 17
    assert User.objects.count() == 10
    assert ReferralRoute.objects.count() == 8


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    assert not User.objects.exists()
