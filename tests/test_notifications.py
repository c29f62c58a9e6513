"""Notifications: each person is told what changed for them, in a sentence with at most the
child's preferred name and a link, and nobody else is told anything."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Consent
from cia_portal.accounts.models import Role
from cia_portal.notifications.models import Notification
from cia_portal.notifications.services import notify
from records.services import child_erase
from referrals.models import Referral
from referrals.services import referral_create, referral_transition
from tests.factories import (
    ChildFactory,
    ConsentFactory,
    OrganisationFactory,
    OverrideFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CONSENT = {
    "given_by": Consent.GivenBy.CHILD,
    "competence_note": "Understands",
    "stages": ["court"],
    "sections": ["what-i-want-people-to-know"],
    "purpose": "For my mum's pre-sentence report",
    "how_given": Consent.How.SPOKEN,
}
WORDS = "I worry about who will walk me to school"


def told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def lead():
    return UserFactory(roles=[Role.PRACTITIONER, Role.SAFEGUARDING_LEAD])


def test_a_consent_tells_the_named_person_and_the_organisations_practitioners_only(child):
    named, organisation = UserFactory(), OrganisationFactory()
    colleague = UserFactory(organisation=organisation)
    chair = UserFactory(organisation=organisation, roles=[Role.ALLIANCE_CHAIR])
    gone = UserFactory(organisation=organisation, is_active=False)
    stranger = UserFactory()
    services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data=CONSENT,
        recipient_users=[named],
        recipient_organisations=[organisation],
    )
    assert told(named) == told(colleague) == [Notification.Kind.SHARED]
    assert told(chair) == told(gone) == told(stranger) == told(child.created_by) == []
    note = Notification.objects.get(recipient=named)
    assert note.name == child.preferred_name and note.child_id == child.pk
    assert note.url == reverse("assessments:child_detail", args=[child.pk])
    assert str(child.created_by) in note.sentence() and child.preferred_name in note.sentence()


def test_a_case_holder_named_in_a_consent_is_not_told_it_was_shared_with_them(child):
    colleague = UserFactory()
    services.child_allocate(child=child, practitioner=colleague, actor=child.created_by)
    services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data=CONSENT,
        recipient_users=[colleague],
        recipient_organisations=[],
    )
    assert told(colleague) == [Notification.Kind.CASE_ALLOCATED]


def test_withdrawal_tells_the_recipients_without_a_link(child, outsider):
    consent = ConsentFactory(child=child, recipients=[outsider])
    services.consent_withdraw(consent=consent, actor=child.created_by, note=WORDS)
    note = Notification.objects.get(recipient=outsider)
    assert note.kind == Notification.Kind.CONSENT_WITHDRAWN and note.url == ""
    assert WORDS not in note.sentence()


def test_an_override_tells_its_recipient_and_the_case_holders_and_its_end_tells_both(child):
    dsl, recipient = lead(), UserFactory()
    ends_on = timezone.localdate() + timedelta(days=10)
    override = services.override_record(
        child=child,
        created_by=dsl,
        data={"recipient_user": recipient, "reason": WORDS, "ends_on": ends_on},
    )
    assert told(recipient) == [Notification.Kind.OVERRIDE_TO_YOU]
    assert told(child.created_by) == [Notification.Kind.OVERRIDE_ON_YOUR_CASE]
    assert told(dsl) == []
    for note in Notification.objects.all():
        assert note.on == ends_on and WORDS not in note.sentence()
        assert f"{ends_on:%-d %B %Y}" in note.sentence()
    services.override_end(override=override, actor=dsl)
    assert Notification.Kind.OVERRIDE_ENDED in told(recipient)
    assert Notification.Kind.OVERRIDE_ENDED in told(child.created_by)


def test_a_referral_allocated_to_someone_tells_them_and_names_no_one(practitioner):
    colleague = UserFactory(organisation=practitioner.organisation)
    referral = referral_create(
        received_by=practitioner,
        data={
            "route": ReferralRouteFactory(),
            "referred_by": "Hopeside Court",
            "mother_name": "Dana Example",
        },
    )
    for step in (Referral.Status.OFFERED, Referral.Status.ACCEPTED):
        referral_transition(referral=referral, to=step, actor=practitioner)
    referral_transition(
        referral=referral, to=Referral.Status.ALLOCATED, actor=practitioner, allocated_to=colleague
    )
    note = Notification.objects.get(recipient=colleague)
    assert note.kind == Notification.Kind.REFERRAL_ALLOCATED
    assert "Dana" not in note.sentence() and note.name == ""
    assert note.url == reverse("referrals:referral_detail", args=[referral.pk])


def test_the_daily_run_tells_recipients_once_when_a_stop_date_arrives(child, outsider):
    today = timezone.localdate()
    ConsentFactory(child=child, recipients=[outsider], expires_on=today + timedelta(days=1))
    call_command("send_reminders", date=str(today))
    assert told(outsider) == []  # the last day shared is today
    tomorrow = str(today + timedelta(days=1))
    call_command("send_reminders", date=tomorrow)
    call_command("send_reminders", date=tomorrow)
    assert told(outsider) == [Notification.Kind.SHARING_ENDED]
    assert told(child.created_by) == []


def test_a_missed_day_is_caught_up_but_an_old_stop_is_not_told(child, outsider):
    today = timezone.localdate()
    other = UserFactory()
    ConsentFactory(child=child, recipients=[outsider], expires_on=today - timedelta(days=3))
    ConsentFactory(child=child, recipients=[other], expires_on=today - timedelta(days=30))
    call_command("send_reminders", date=str(today))
    assert told(outsider) == [Notification.Kind.SHARING_ENDED] and told(other) == []


def test_an_override_reaching_its_stop_date_tells_its_recipient(child):
    recipient = UserFactory()
    today = timezone.localdate()
    OverrideFactory(child=child, recipient_user=recipient, ends_on=today - timedelta(days=1))
    call_command("send_reminders", date=str(today))
    assert told(recipient) == [Notification.Kind.SHARING_ENDED]


def test_erasing_a_child_leaves_no_name_in_anyones_notifications(child, outsider):
    ConsentFactory(child=child, recipients=[outsider])
    services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data=CONSENT,
        recipient_users=[outsider],
        recipient_organisations=[],
    )
    other = ChildFactory(created_by=child.created_by)
    services.child_allocate(child=other, practitioner=outsider, actor=child.created_by)
    child_erase(child=child, reason="Subject access: erasure request 17")
    assert list(Notification.objects.values_list("name", flat=True)) == [other.preferred_name]


def test_nobody_is_told_of_their_own_act_or_twice_for_one_source(practitioner):
    other = UserFactory()
    made = notify(
        recipients=[practitioner, other, other],
        kind=Notification.Kind.SHARED,
        actor=practitioner,
        source="consent:1",
    )
    again = notify(recipients=[other], kind=Notification.Kind.SHARED, source="consent:1")
    assert made == 1 and again == 0 and told(other) == [Notification.Kind.SHARED]


# The pages -----------------------------------------------------------------------------------


def test_the_header_counts_unread_and_the_list_shows_the_sentence(client, child, outsider):
    ConsentFactory(child=child)  # to nobody: tells nobody
    services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data=CONSENT,
        recipient_users=[outsider],
        recipient_organisations=[],
    )
    client.force_login(outsider)
    page = client.get(reverse("notification_list")).content.decode()
    assert "1 unread" in page and child.preferred_name in page
    note = Notification.objects.get(recipient=outsider)
    opened = client.get(reverse("notification_open", args=[note.pk]))
    assert opened.status_code == 302 and opened.url == note.url
    assert "unread" not in client.get(reverse("notification_list")).content.decode()


def test_the_header_says_99_plus_beyond_99(practitioner_client, practitioner):
    for n in range(101):
        notify(recipients=[practitioner], kind=Notification.Kind.SHARED, source=f"test:{n}")
    page = practitioner_client.get(reverse("notification_list")).content.decode()
    assert "99+ unread" in page


def test_the_unread_count_adds_one_query_to_a_page(practitioner_client, practitioner):
    notify(recipients=[practitioner], kind=Notification.Kind.REFERRAL_ALLOCATED)
    url = reverse("assessments:my_cases")
    with CaptureQueriesContext(connection) as queries:
        page = practitioner_client.get(url).content.decode()
    reads = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(reads) == 1 and "COUNT" in reads[0].upper() and "1 unread" in page


def test_someone_elses_notification_is_not_found_and_stays_unread(client, child, outsider):
    note = notify(recipients=[outsider], kind=Notification.Kind.SHARED, url="/children/")
    assert note == 1
    client.force_login(UserFactory())
    theirs = Notification.objects.get(recipient=outsider)
    assert client.get(reverse("notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_mark_all_as_read_is_post_only_and_marks_only_mine(client, practitioner, outsider):
    notify(recipients=[practitioner, outsider], kind=Notification.Kind.SHARED)
    client.force_login(practitioner)
    assert client.get(reverse("notifications_read_all")).status_code == 405
    client.post(reverse("notifications_read_all"))
    assert not Notification.objects.filter(recipient=practitioner, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=outsider, read_at__isnull=True).exists()


def test_a_link_out_of_the_portal_is_never_followed(client, practitioner):
    notify(recipients=[practitioner], kind=Notification.Kind.SHARED, url="https://evil.example/")
    client.force_login(practitioner)
    note = Notification.objects.get()
    assert client.get(reverse("notification_open", args=[note.pk])).url == reverse(
        "notification_list"
    )


def test_a_link_opens_only_what_the_person_may_still_see(client, child, outsider):
    consent = services.consent_record(
        child=child,
        recorded_by=child.created_by,
        data=CONSENT,
        recipient_users=[outsider],
        recipient_organisations=[],
    )
    services.consent_withdraw(consent=consent, actor=child.created_by)
    client.force_login(outsider)
    shared = Notification.objects.get(recipient=outsider, kind=Notification.Kind.SHARED)
    followed = client.get(reverse("notification_open", args=[shared.pk]), follow=True)
    assert followed.status_code == 404
