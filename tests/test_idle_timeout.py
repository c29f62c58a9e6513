"""Signed out after 30 minutes without activity; warned first; a conversation's draft is saved
as the session ends; the session is written at most once a minute, not on every page."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import Assessment
from cia_portal.accounts.idle import LAST_SEEN
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_thirty_minutes_without_activity_by_default():
    assert settings.SESSION_IDLE_SECONDS == settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_WARN_SECONDS == 5 * 60


def test_activity_moves_the_end_on_but_writes_the_session_at_most_once_a_minute(
    practitioner_client,
):
    practitioner_client.get(reverse("assessments:my_cases"))
    first = practitioner_client.session[LAST_SEEN]
    practitioner_client.get(reverse("assessments:my_cases"))
    assert practitioner_client.session[LAST_SEEN] == first  # within the minute: no write

    session = practitioner_client.session
    session[LAST_SEEN] = first - 120
    session.save()
    practitioner_client.get(reverse("assessments:my_cases"))
    assert practitioner_client.session[LAST_SEEN] >= int(time.time()) - 5


def test_pages_carry_the_warning_with_the_time_left(practitioner_client):
    page = practitioner_client.get(reverse("assessments:my_cases")).content.decode()
    assert 'data-module="app-session-timeout"' in page and "Stay signed in" in page
    left = int(page.split('data-seconds-left="')[1].split('"')[0])
    assert 30 * 60 - 5 <= left <= 30 * 60


def test_staying_signed_in_starts_the_full_time_again(practitioner_client):
    session = practitioner_client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    response = practitioner_client.post(reverse("session_keep_alive"))
    assert response.json() == {"seconds_left": 30 * 60}
    assert practitioner_client.session[LAST_SEEN] >= int(time.time()) - 5
    assert practitioner_client.get(reverse("session_keep_alive")).status_code == 405


def test_the_draft_is_saved_and_the_person_signed_out_when_time_runs_out(
    practitioner_client, child
):
    assessment = AssessmentFactory(child=child, worries="")
    url = reverse("assessments:assessment_section", args=[assessment.id, "what-worries-me"])
    response = practitioner_client.post(
        url, {"worries": "Half a sentence", "later": "", "timed_out": "1"}
    )
    assert response["Location"] == f"{reverse('login')}?timed_out=1&draft_saved=1"
    assert Assessment.objects.get(pk=assessment.pk).worries == "Half a sentence"
    assert "_auth_user_id" not in practitioner_client.session
    page = practitioner_client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    assert "What you were writing was saved as a draft" in page
