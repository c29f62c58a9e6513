"""The child's page in a browser (issue 19): where the CIA has got to, with the next step as
its one primary button from the offer to sharing; a second conversation at a stage asked
about first; and the page, its agreed actions, the family and the sharing legible at 320 CSS
pixels wide without sideways scrolling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.e2e.conftest import look, sign_in, watched_page
from tests.factories import (
    AgreedActionFactory,
    CarerFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRIMARY = "main .govuk-button:not(.govuk-button--secondary)"


def _ruby(**child):
    """Ruby, held by Sam, whose mum Dee is at court."""
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    return ParentChildLinkFactory(
        child__preferred_name="Ruby", child__created_by=sam, parent__name="Dee", **child
    ).child


def _progress(page) -> list[str]:
    return page.locator(".app-progress .govuk-task-list__item").all_inner_texts()


def test_the_next_step_is_the_one_primary_button_from_the_offer_to_the_conversation(
    live_server, page
):
    ruby = _ruby()
    sign_in(page, live_server.url, "sam")
    page.goto(f"{live_server.url}/children/{ruby.id}/")
    expect(page.get_by_role("heading", name="The CIA: Court and sentencing")).to_be_visible()
    expect(page.locator(PRIMARY)).to_have_text(["Offer a CIA"])
    assert all("Not started" in step for step in _progress(page))
    look(page, "child-page/1-nothing-yet")

    page.locator(PRIMARY).click()
    look(page)
    page.get_by_label("Court and sentencing").check()
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ruby said yes")).to_be_visible()
    look(page)
    page.get_by_role("link", name="Back to Ruby").click()
    expect(page.locator(PRIMARY)).to_have_text(["Start the conversation"])
    assert "Done" in _progress(page)[0] and "Accepted" in _progress(page)[0]
    look(page, "child-page/2-offered")

    page.locator(PRIMARY).click()
    look(page)
    page.get_by_role("button", name="Start the conversation").click()
    expect(page.get_by_role("link", name="How I feel")).to_be_visible()
    look(page)
    page.goto(f"{live_server.url}/children/{ruby.id}/")
    expect(page.locator(PRIMARY)).to_have_text(["Continue the conversation"])
    assert "In progress" in _progress(page)[1]
    look(page, "child-page/3-under-way")


def test_a_second_conversation_at_the_same_stage_is_asked_about_first(live_server, page):
    ruby = _ruby()
    earlier = CompletedAssessmentFactory(child=ruby, stage="court")
    sign_in(page, live_server.url, "sam")
    page.goto(f"{live_server.url}/children/{ruby.id}/")
    expect(page.locator(PRIMARY)).to_have_text(["Agree actions"])
    look(page)
    page.get_by_role("button", name="Start a conversation").click()
    look(page)
    page.get_by_label("Court and sentencing").check()
    page.get_by_role("button", name="Start the conversation").click()
    expect(
        page.get_by_role("heading", name="Start another conversation with Ruby?")
    ).to_be_visible()
    expect(
        page.get_by_text("Ruby already had a conversation about court and sentencing")
    ).to_be_visible()
    look(page, "child-page/4-another-conversation")
    assert Assessment.objects.count() == 1

    page.get_by_role("button", name="Open that conversation").click()
    expect(page).to_have_url(f"{live_server.url}/children/conversations/{earlier.id}/")
    look(page)
    page.goto(f"{live_server.url}/children/{ruby.id}/conversations/start/?stage=court")
    look(page)
    page.get_by_role("button", name="Start the conversation").click()
    look(page)
    page.get_by_role("button", name="Start another conversation").click()
    expect(page.get_by_role("link", name="How I feel")).to_be_visible()
    look(page)
    assert ruby.assessments.filter(stage="court").count() == 2


def test_the_child_page_fits_320_pixels_with_its_actions_legible(live_server, browser):
    ruby = _ruby()
    conversation = CompletedAssessmentFactory(child=ruby, stage="court")
    for n, owner in enumerate(["Sam Patel", "Ruby's class teacher at Hopeside Primary"]):
        AgreedActionFactory(
            child=ruby,
            assessment=conversation,
            owner=owner,
            description="Weekly phone call with mum, at the same time each week " * (n + 1),
        )
    AgreedActionFactory(child=ruby, due_date=timezone.localdate() - timedelta(days=3))
    ConsentFactory(child=ruby, recipients=[UserFactory(first_name="Pat", last_name="Author")])
    OverrideFactory(child=ruby, recipient_user=UserFactory())
    CarerFactory(family=ruby.family, name="Nan Rivers")
    with watched_page(browser, viewport={"width": 320, "height": 640}) as page:
        sign_in(page, live_server.url, "sam")
        for path, name in [
            (f"/children/{ruby.id}/", "child-page-320"),
            (f"/children/{ruby.id}/actions/", "child-page/actions-320"),
            (f"/children/{ruby.id}/family/", "child-page/family-320"),
            (f"/children/{ruby.id}/sharing/", "child-page/sharing-320"),
        ]:
            page.goto(live_server.url + path)
            look(page, name)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} is {overflow} px too wide at 320 px"
        page.goto(f"{live_server.url}/children/{ruby.id}/")
        look(page)
        # Each action's cells lie within the screen, one under another.
        cells = page.locator(".app-table--stack td")
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, cells.nth(i).inner_text()
        label = "td => getComputedStyle(td, '::before').content"
        assert page.locator("td[data-label=Who]").first.evaluate(label) == '"Who: "'
        expect(page.get_by_text("Ruby's class teacher at Hopeside Primary")).to_be_visible()
        expect(page.locator(PRIMARY)).to_have_count(0)  # all done at this stage
