"""What "Stop sharing on" means: from the start of that day, nobody it was shared with sees
anything. The form, the consent (or override), its grants, the scope and the pages agree on
the day before, the day itself and the day after, with nothing run in between."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments import privacy
from assessments.models import Consent, SafeguardingOverride
from tests import consent_pages
from tests.factories import CompletedAssessmentFactory, ConsentFactory, OverrideFactory, UserFactory

pytestmark = pytest.mark.django_db

RECORDED = date(2026, 3, 2)
STOP = date(2026, 3, 5)


def _noon(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def _visible(user, child) -> bool:
    return privacy.child_visible_to(user).filter(pk=child.pk).exists()


@pytest.fixture
def shared(child):
    """A completed court conversation, shared (recorded on 2 March) with one person and with
    a whole organisation, to stop on 5 March; and an override to a third person alike."""
    conversation = CompletedAssessmentFactory(
        child=child, stage="court", want_people_to_know="Please let mum stay"
    )
    person, colleague, protector = UserFactory(), UserFactory(), UserFactory()
    with time_machine.travel(_noon(RECORDED), tick=False):
        consent = ConsentFactory(
            child=child, recipients=[person, colleague.organisation], expires_on=STOP
        )
        override = OverrideFactory(child=child, recipient_user=protector, ends_on=STOP)
    return {
        "conversation": conversation,
        "consent": consent,
        "override": override,
        "people": [person, colleague, protector],
    }


def test_the_grants_last_until_the_day_before_the_stop_date(shared):
    child = shared["conversation"].child
    assert {
        grant.valid_until for grant in child.childuserobjectpermission_set.exclude(valid_until=None)
    } | {grant.valid_until for grant in child.childgroupobjectpermission_set.all()} == {
        STOP - timedelta(days=1)
    }


def test_the_day_before_the_stop_date_everyone_chosen_still_sees_it(shared, client):
    child, day = shared["conversation"].child, STOP - timedelta(days=1)
    with time_machine.travel(_noon(day), tick=False):
        assert Consent.objects.active(on=day).filter(pk=shared["consent"].pk).exists()
        assert SafeguardingOverride.objects.active(on=day).exists()
        assert shared["consent"].is_active_on(day) and shared["override"].is_active_on(day)
        for person in shared["people"]:
            assert _visible(person, child)
            assert privacy.child_scope_for(user=person, child=child).covers("court")
            client.force_login(person)
            page = client.get(reverse("assessments:this_is_me", args=[shared["conversation"].id]))
            assert page.status_code == 200 and "Please let mum stay" in page.content.decode()


@pytest.mark.parametrize("days_after", [0, 1], ids=["the day itself", "the day after"])
def test_from_the_stop_date_nobody_chosen_sees_anything(shared, client, days_after):
    child, day = shared["conversation"].child, STOP + timedelta(days=days_after)
    with time_machine.travel(_noon(day), tick=False):
        assert not Consent.objects.active(on=day).exists()
        assert not SafeguardingOverride.objects.active(on=day).exists()
        assert not shared["consent"].is_active_on(day)
        assert not shared["override"].is_active_on(day)
        assert shared["consent"].state == "Expired"
        for person in shared["people"]:
            assert not _visible(person, child)
            assert privacy.child_scope_for(user=person, child=child).stages == frozenset()
            client.force_login(person)
            page = client.get(reverse("assessments:this_is_me", args=[shared["conversation"].id]))
            assert page.status_code == 404
            assert "Please let mum stay" not in page.content.decode()
        # Nothing to grant any more: the nightly check agrees with what people can see.
        assert privacy.child_expected_grants(child=child, today=day) == {
            ("user", holder.pk, codename): None
            for holder in child.practitioners.all()
            for codename in ("view_child", "change_child")
        }


@pytest.mark.parametrize(
    ("stop", "accepted"),
    [(-1, False), (0, False), (1, True)],
    ids=["yesterday", "today", "tomorrow"],
)
def test_the_consent_form_takes_a_stop_date_after_today_only(client, child, stop, accepted):
    recipient = UserFactory()
    day = timezone.localdate() + timedelta(days=stop)
    client.force_login(child.created_by)
    consent_pages.fill_in(client, child, consent_pages.answers_for(recipient, when={}))
    response = client.post(
        consent_pages.step_url(child, "when"),
        {"expires_on_0": day.day, "expires_on_1": day.month, "expires_on_2": day.year},
    )
    assert (response.status_code == 302) is accepted
    if not accepted:
        html = response.content.decode()
        assert "Stop sharing on must be a date after today" in html
        assert f'value="{day.year}"' in html  # what was typed is kept
        check = client.get(consent_pages.check_url(child)).content.decode()
        assert f"When {child.preferred_name} changes their mind" in check  # no date taken
    else:
        consent_pages.confirm(client, child)
        assert Consent.objects.get().expires_on == day
        assert _visible(recipient, child)


@pytest.mark.parametrize(
    ("stop", "accepted"),
    [(-1, False), (0, False), (1, True)],
    ids=["yesterday", "today", "tomorrow"],
)
def test_the_override_form_takes_a_stop_date_after_today_only(client, child, stop, accepted):
    recipient = UserFactory()
    day = timezone.localdate() + timedelta(days=stop)
    client.force_login(UserFactory(roles=["Practitioner", "Safeguarding lead"]))
    response = client.post(
        reverse("assessments:override_create", args=[child.id]),
        {
            "recipient_user": recipient.pk,
            "reason": "Risk of significant harm at home",
            "ends_on_0": day.day,
            "ends_on_1": day.month,
            "ends_on_2": day.year,
        },
    )
    assert SafeguardingOverride.objects.exists() is accepted
    assert _visible(recipient, child) is accepted
    if not accepted:
        html = response.content.decode()
        assert "Stop sharing on must be a date after today" in html
        assert "Risk of significant harm at home" in html


def test_the_form_says_what_the_date_means(client, child):
    client.force_login(child.created_by)
    html = client.get(consent_pages.step_url(child, "when")).content.decode()
    assert "From this day, nobody it was shared with can see it" in html
