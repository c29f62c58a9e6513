"""In a real Chromium, with its back-forward cache turned on: after "Sign out", Back shows
nothing of the child; on the tablet in child mode, Back never shows the practitioner's pages.

Playwright starts Chromium with the back-forward cache off; these tests turn it back on, so
that they see what a person's browser would do with both of its caches."""

import os
from datetime import date

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, look, sign_in, watched_page
from tests.factories import PASSWORD, AssessmentFactory, ChildFactory, ParentChildLinkFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}


@pytest.fixture(scope="module")
def browser():
    """Chromium as people have it: with the back-forward cache Playwright turns off."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            ignore_default_args=["--disable-back-forward-cache"],
        )
        yield browser
        browser.close()


@pytest.fixture
def assessment(db):
    child = ChildFactory(
        preferred_name="Rubyrose",
        date_of_birth=date(2014, 3, 1),
        created_by__username="sam",
        created_by__first_name="Sam",
    )
    ParentChildLinkFactory(child=child, relationship="mother")
    return AssessmentFactory(
        child=child, conversation_date=date(2023, 5, 1), practitioner_notes="ADULTS ONLY NOTE"
    )


def back(page) -> None:
    """The browser's Back button. A page restored from the back-forward cache fires no load
    event, so wait only for the navigation; the assertions that follow wait for the page."""
    page.go_back(wait_until="commit")


def test_back_after_signing_out_shows_the_sign_in_page_not_the_child(
    live_server, browser, assessment
):
    child = assessment.child
    with watched_page(browser, viewport={"width": 1100, "height": 900}) as page:
        sign_in(page, live_server.url, "sam")
        page.goto(f"{live_server.url}/children/{child.id}/")
        expect(page.get_by_role("heading", name="Rubyrose", exact=True)).to_be_visible()
        look(page)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        look(page)

        # Back through every page of the visit: the child's page, My cases, the code page.
        for _page_before in range(3):
            back(page)
            expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
            expect(page.locator("body")).not_to_contain_text("Rubyrose")
            assert "/sign-in/" in page.url
            look(page)


def test_back_in_child_mode_does_not_show_the_practitioners_notes(live_server, browser, assessment):
    """The practitioner writes notes, opens the conversation and hands the tablet over; the
    child presses Back three times (the set-up page, the conversation, the notes): each time the
    hand-back page, never the practitioner's pages."""
    conversation = f"{live_server.url}/children/conversations/{assessment.id}/"
    hand_back = "For the adult: enter your password"
    with watched_page(browser, viewport=TABLET, has_touch=True) as page:
        sign_in(page, live_server.url, "sam")
        page.goto(f"{conversation}notes/")
        assert "ADULTS ONLY NOTE" in page.content()
        look(page)
        page.goto(conversation)
        expect(page.get_by_role("link", name="Your notes")).to_be_visible()
        look(page)
        page.get_by_role("button", name="Do it together on this device").click()
        look(page)
        page.get_by_label("English").check()
        page.get_by_role("button", name="Start with Rubyrose").click()
        expect(page.get_by_text("Question 1 of 10")).to_be_visible()
        look(page)

        for _page_before in range(3):
            back(page)
            expect(page.get_by_role("heading", name=hand_back)).to_be_visible()
            assert "ADULTS ONLY NOTE" not in page.content()
            assert "Your notes" not in page.content()
            look(page)

        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Go back to my screens").click()
        expect(page.get_by_role("link", name="Your notes")).to_be_visible()
        look(page)
