"""A real Chromium signs in, opens 'My cases' and a child's page against a live server."""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.factories import PASSWORD, ChildFactory, ParentChildLinkFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots")


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def test_practitioner_signs_in_and_opens_a_childs_page(live_server, page):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    practitioner = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    link = ParentChildLinkFactory(
        child__created_by=practitioner, child__preferred_name="Ruby", parent__name="Dee"
    )
    ChildFactory(preferred_name="Someone else's child")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

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
