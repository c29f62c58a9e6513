"""In Chromium, with a short idle time: the warning comes, 'Stay signed in' keeps the page, and
at the end what was being written is saved as a draft before signing out."""

from datetime import date

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.e2e.conftest import look, sign_in
from tests.factories import AssessmentFactory, ChildFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_warned_then_the_draft_is_saved_as_the_session_ends(live_server, page, settings):
    settings.SESSION_IDLE_SECONDS = 16
    settings.SESSION_WARN_SECONDS = 10  # the draft is saved 5 seconds before the end
    child = ChildFactory(
        created_by__username="sam", preferred_name="Ruby", date_of_birth=date(2014, 3, 1)
    )
    assessment = AssessmentFactory(child=child, worries="")
    sign_in(page, live_server.url, "sam")

    page.goto(f"{live_server.url}/children/")
    warning = page.get_by_role("dialog", name="You will be signed out soon")
    expect(warning).to_be_visible(timeout=12_000)
    look(page, "session-timeout-warning")  # the dialog, open
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()

    page.goto(f"{live_server.url}/children/conversations/{assessment.id}/what-worries-me/")
    look(page)
    page.get_by_label("What worries me").fill("That nobody will pick me up from school")
    expect(warning).to_be_visible(timeout=12_000)
    expect(warning).to_contain_text("saved as a draft first")
    expect(page.get_by_text("What you were writing was saved as a draft")).to_be_visible(
        timeout=12_000
    )
    look(page, "session-timeout-signed-out")
    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.worries == "That nobody will pick me up from school"
