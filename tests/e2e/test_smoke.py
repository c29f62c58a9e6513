"""A real Chromium signs in, opens 'My cases' and a child's page against a live server."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, fill_date, sign_in
from tests.factories import ChildFactory, ParentChildLinkFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_practitioner_signs_in_and_opens_a_childs_page(live_server, page):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    practitioner = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    link = ParentChildLinkFactory(
        child__created_by=practitioner, child__preferred_name="Ruby", parent__name="Dee"
    )
    ChildFactory(preferred_name="Someone else's child")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, live_server.url, "sam")

    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    expect(page.get_by_text("Someone else's child")).to_have_count(0)
    # The compiled GOV.UK stylesheet is served (WhiteNoise), not a bare page.
    font = page.eval_on_selector("h1", "e => getComputedStyle(e).fontFamily")
    assert "arial" in font.lower()
    page.screenshot(path=os.path.join(SCREENSHOTS, "smoke-my-cases.png"), full_page=True)

    page.get_by_role("link", name="Ruby").click()
    expect(page.get_by_role("heading", name="Ruby", exact=True)).to_be_visible()
    expect(page.get_by_text("Mum: Dee")).to_be_visible()
    page.screenshot(path=os.path.join(SCREENSHOTS, "smoke-child.png"), full_page=True)
    assert page.url.endswith(f"/children/{link.child.id}/")


def test_practitioner_completes_a_court_stage_conversation(live_server, page, tmp_path):
    """Add a child and family, offer the CIA, hold the conversation, add a drawing, complete it
    and agree an action: the whole court-stage journey, as a practitioner clicks it."""
    from tests.conftest import png_bytes

    UserFactory(username="sam", first_name="Sam", last_name="Patel")
    sign_in(page, live_server.url, "sam")

    page.get_by_role("button", name="Add a child and family").click()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("Family name").fill("The Rivers family")
    page.get_by_label("Name the child likes to be called").fill("Ruby")
    fill_date(page, "Date of birth", "3", "2", "2014")
    page.get_by_label("Girl").check()
    page.get_by_label("White", exact=True).check()
    page.get_by_label("Parent's name").fill("Dee")
    page.get_by_label("Sole or primary carer").check()
    page.get_by_label("Court and sentencing").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Ruby", exact=True)).to_be_visible()

    page.get_by_role("button", name="Offer a CIA").click()
    page.get_by_label("Court and sentencing").check()
    fill_date(page, "Date offered", "1", "3", "2023")
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Court and sentencing")).to_be_checked()  # from the offer
    fill_date(page, "Date of the conversation", "2", "3", "2023")
    page.get_by_role("button", name="Start the conversation").click()

    page.get_by_role("link", name="How I feel").click()
    page.get_by_label("Worried").check()
    page.get_by_label("How I feel, in my words").fill("I miss mum at bedtime")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="What I want people to know").click()
    page.get_by_label("What I want people to know").fill("Judge, mum looks after me")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Drawings").click()
    drawing = tmp_path / "drawing.png"
    drawing.write_bytes(png_bytes())
    page.get_by_label("Drawing or photo of a drawing").set_input_files(str(drawing))
    page.get_by_role("button", name="Upload drawing").click()
    page.screenshot(path=os.path.join(SCREENSHOTS, "journey-task-list.png"), full_page=True)

    page.get_by_role("button", name="Check answers and complete").click()
    expect(page.get_by_text("Judge, mum looks after me")).to_be_visible()
    expect(page.get_by_role("img", name="Drawing by Ruby")).to_be_visible()
    page.screenshot(path=os.path.join(SCREENSHOTS, "journey-check-answers.png"), full_page=True)
    page.get_by_role("button", name="Complete conversation").click()
    expect(page.get_by_text("Conversation completed. Now agree actions")).to_be_visible()
    page.get_by_label("What will happen").fill("Weekly phone call with mum")
    page.get_by_label("Who will do it").fill("Sam Patel")
    fill_date(page, "When by", "1", "1", "2030")
    page.get_by_label("To do").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Weekly phone call with mum", exact=True)).to_be_visible()
    expect(page.get_by_text("Agreed in the court and sentencing conversation")).to_be_visible()
    expect(page.locator(".app-timeline .govuk-tag")).to_have_text("Completed")
    page.screenshot(path=os.path.join(SCREENSHOTS, "journey-child-page.png"), full_page=True)


def test_consent_reaches_the_recipient_and_withdrawal_takes_it_away(live_server, browser):
    from tests.factories import CompletedAssessmentFactory

    holder = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    UserFactory(username="jo", first_name="Jo", last_name="Clarke", job_title="Probation officer")
    court = CompletedAssessmentFactory(
        child__created_by=holder,
        child__preferred_name="Ruby",
        stage="court",
        about_me="I love swimming",
        want_people_to_know="Judge, mum looks after me",
    )
    holder_page = browser.new_context().new_page()
    sign_in(holder_page, live_server.url, "sam")
    holder_page.get_by_role("link", name="Ruby").click()
    holder_page.get_by_role("button", name="Share with someone").click()
    holder_page.get_by_label("Ruby, who is able to decide for themselves").check()
    holder_page.get_by_label("Why the child can decide for themselves").fill("She understood")
    holder_page.get_by_label("Jo Clarke, Probation officer").check()
    holder_page.get_by_label("Court and sentencing").check()
    holder_page.get_by_label("What I want people to know").check()
    holder_page.get_by_label("Why are we sharing it?").fill("So the judge knows about me")
    holder_page.get_by_label("They said it").check()
    holder_page.get_by_role("button", name="Save and share").click()
    expect(holder_page.get_by_text("Only the people Ruby chose")).to_be_visible()

    jo_page = browser.new_context().new_page()
    sign_in(jo_page, live_server.url, "jo")
    jo_page.goto(f"{live_server.url}/children/{court.child.id}/")
    jo_page.get_by_role("link", name="This is me: court and sentencing").click()
    expect(jo_page.get_by_text("Judge, mum looks after me")).to_be_visible()
    expect(jo_page.get_by_text("I love swimming")).to_have_count(0)
    jo_page.screenshot(path=os.path.join(SCREENSHOTS, "sharing-recipient.png"), full_page=True)

    holder_page.get_by_role("link", name="Stop sharing").click()
    holder_page.get_by_role("button", name="Stop sharing").click()
    expect(holder_page.get_by_text("Sharing has stopped")).to_be_visible()
    jo_page.reload()
    expect(jo_page.get_by_role("heading", name="Page not found")).to_be_visible()
