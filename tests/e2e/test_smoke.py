"""A real Chromium signs in, lands on Today, opens 'My cases' and a child's page against a live
server."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import look, sign_in
from tests.factories import ChildFactory, ParentChildLinkFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_practitioner_signs_in_and_opens_a_childs_page(live_server, page):
    practitioner = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    link = ParentChildLinkFactory(
        child__created_by=practitioner, child__preferred_name="Ruby", parent__name="Dee"
    )
    ChildFactory(preferred_name="Someone else's child")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    look(page)
    sign_in(page, live_server.url, "sam")

    expect(page.get_by_role("heading", name="Today")).to_be_visible()  # a practitioner's start
    page.get_by_role("link", name="My cases").click()
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    expect(page.get_by_text("Someone else's child")).to_have_count(0)
    # The compiled GOV.UK stylesheet is served (WhiteNoise), not a bare page.
    font = page.eval_on_selector("h1", "e => getComputedStyle(e).fontFamily")
    assert "arial" in font.lower()
    look(page, "smoke-my-cases")

    page.get_by_role("link", name="Ruby").click()
    expect(page.get_by_role("heading", name="Ruby", exact=True)).to_be_visible()
    expect(page.get_by_text("Mum: Dee")).to_be_visible()
    look(page, "smoke-child")
    assert page.url.endswith(f"/children/{link.child.id}/")


def test_the_header_says_who_is_signed_in_as_text_beside_sign_out(live_server, page):
    UserFactory(username="sam", first_name="Sam", last_name="Patel")
    sign_in(page, live_server.url, "sam")
    signed_in = page.get_by_text("Signed in as Sam Patel")
    sign_out = page.get_by_role("button", name="Sign out")
    menu_link = page.get_by_role("link", name="My cases")
    # Not a link, and not drawn like one.
    assert signed_in.evaluate("e => e.closest('a') === null")
    link_colour = menu_link.evaluate("e => getComputedStyle(e).color")
    assert signed_in.evaluate("e => getComputedStyle(e).color") != link_colour
    # "Sign out" reads like the menu's links, on the same line as them and the name.
    assert sign_out.evaluate("e => getComputedStyle(e).color") == link_colour
    lines = {
        round(box["y"] + box["height"] / 2)
        for box in (signed_in.bounding_box(), sign_out.bounding_box(), menu_link.bounding_box())
    }
    assert max(lines) - min(lines) <= 2, lines
    look(page, "header-signed-in")
