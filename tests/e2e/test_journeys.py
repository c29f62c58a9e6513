"""The people who use the portal, each from signing in to what they came for, in a real Chromium
against a live server. Every page on the way is checked with axe-core against WCAG 2.2 AA
(`look`), and the key pages are saved under var/screenshots/journeys/ for review.

The chair's journey is in test_chair.py and the child's own screens in test_child_mode.py."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Assessment, Consent, Offer
from evaluation.models import FeedbackLink, FeedbackResponse
from referrals.models import Referral, ReferralRoute
from tests.conftest import png_bytes
from tests.e2e.conftest import fill_date, look, sign_in, watched_page
from tests.factories import (
    ChildFactory,
    CompletedAssessmentFactory,
    ParentChildLinkFactory,
    PilotFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _pdf_text(download) -> str:
    with open(download.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def share_with_pat_for_the_report(page, screenshots: str | None = None) -> None:
    """From Ruby's page, the consent question pages answered as Ruby agreed: her court-stage
    "What I want people to know", for the pre-sentence report's author, Pat, found by typing;
    then check your answers, showing exactly what Pat will see, and confirm."""
    page.get_by_role("button", name="Share with someone").click()
    expect(page.get_by_label("Why are you sure they understand?")).to_be_hidden()
    page.get_by_label("Ruby, who is able to decide for themselves").check()
    expect(page.get_by_label("Why are you sure they understand?")).to_be_visible()  # revealed
    look(page, screenshots and f"{screenshots}-1-who-decides")
    page.get_by_label("Why are you sure they understand?").fill("She understood")
    page.get_by_role("button", name="Continue").click()
    # GOV.UK's accessible autocomplete, once it has replaced the plain select
    page.locator("input#id_recipient[role=combobox]").fill("Pat")
    page.get_by_role("option", name=re.compile("Pat Author, Probation officer")).click()
    look(page, screenshots and f"{screenshots}-2-who-will-know")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("You have added 1 person or organisation")).to_be_visible()
    look(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Court and sentencing").check()
    page.get_by_label("What I want people to know").check()
    look(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Why are we sharing it?").fill("So the judge knows about me")
    page.get_by_label(re.compile("pre-sentence report")).check()
    page.get_by_label("They said it").check()
    look(page)
    page.get_by_role("button", name="Continue").click()
    look(page)
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name="This is exactly what Pat Author will see")
    ).to_be_visible()
    look(page, screenshots and f"{screenshots}-3-check")


def test_1_practitioner_from_referral_to_this_is_me(live_server, page, tmp_path):
    """A referral arrives, the CIA is offered and accepted, the child and family are added,
    consent is recorded for the pre-sentence report's author, the court-stage conversation is
    completed with a drawing, actions are agreed and "This is me" is downloaded."""
    UserFactory(username="sam", first_name="Sam", last_name="Patel")
    UserFactory(first_name="Pat", last_name="Author", job_title="Probation officer")
    ReferralRouteFactory(name="Hopeside Court duty desk")
    base = live_server.url
    sign_in(page, base, "sam")
    look(page, "journeys/1-01-my-cases")

    # The referral arrives.
    page.get_by_role("link", name="Referrals").click()
    look(page)
    page.get_by_role("button", name="Record a referral").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    look(page, "journeys/1-02-referral-errors")
    page.get_by_label("How did it come in?").select_option(label="Hopeside Court duty desk")
    page.get_by_label("Who referred").fill("Court duty officer")
    yesterday = timezone.localdate() - timedelta(days=1)
    fill_date(page, "Date received", str(yesterday.day), str(yesterday.month), str(yesterday.year))
    page.get_by_label("Mother's (or parent's) name").fill("Dee")
    page.get_by_label("The children").fill("Ruby (9)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Dee's children")).to_be_visible()
    look(page, "journeys/1-03-referral")

    # Offered, and accepted.
    page.get_by_label("CIA offered").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Referral status: CIA offered")).to_be_visible()
    look(page)
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Referral status: Accepted")).to_be_visible()
    look(page)

    # The child and family are added, and linked to the referral.
    referral_page = page.url
    page.get_by_role("link", name="add the child and family").click()
    look(page, "journeys/1-04a-the-child")
    page.get_by_label("Name the child likes to be called").fill("Ruby")
    fill_date(page, "Date of birth", "3", "2", "2014")
    page.get_by_label("Girl").check()
    page.get_by_label("White", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Parent's name").fill("Dee")
    page.get_by_label("Family name").fill("The Rivers family")
    page.get_by_label("Sole or primary carer").check()
    look(page, "journeys/1-04b-the-parent")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Released on bail").check()
    fill_date(page, "When did it happen?", "3", "4", "2023")
    look(page)
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name="Check your answers before adding the family")
    ).to_be_visible()
    look(page, "journeys/1-04c-check-answers")
    page.get_by_role("button", name="Add the family").click()
    expect(page.get_by_role("heading", name="Ruby", exact=True)).to_be_visible()
    look(page)
    page.goto(referral_page)
    look(page)
    page.get_by_label("Which family is it?").select_option(index=1)
    page.get_by_role("button", name="Link the family").click()
    expect(page.get_by_role("link", name="Ruby")).to_be_visible()
    look(page, "journeys/1-04-referral-linked")
    page.get_by_role("link", name="Ruby").click()

    # The CIA offered to Ruby herself, and accepted.
    look(page)
    page.get_by_role("button", name="Offer a CIA").click()
    look(page)
    page.get_by_label("Court and sentencing").check()
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ruby said yes")).to_be_visible()
    look(page)
    page.get_by_role("button", name="Start the conversation").click()
    look(page, "journeys/1-05-task-list")

    # The conversation, with a drawing.
    page.get_by_role("link", name="How I feel").click()
    look(page)
    page.get_by_label("Worried").check()
    page.get_by_label("How I feel, in my words").fill("I miss mum at bedtime")
    page.get_by_role("button", name="Save and continue").click()
    look(page)
    page.get_by_role("link", name="What I want people to know").click()
    look(page, "journeys/1-06-section")
    page.get_by_label("What I want people to know").fill("Judge, mum looks after me")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Drawings").click()
    look(page)
    drawing = tmp_path / "drawing.png"
    drawing.write_bytes(png_bytes())
    page.get_by_label("Drawing or photo of a drawing").set_input_files(str(drawing))
    page.get_by_role("button", name="Upload drawing").click()
    look(page)
    page.get_by_role("button", name="Check answers and complete").click()
    expect(page.get_by_role("img", name="Drawing by Ruby")).to_be_visible()
    look(page, "journeys/1-07-check-answers")
    page.get_by_role("button", name="Complete conversation").click()
    expect(page.get_by_text("Conversation completed. Now agree actions")).to_be_visible()
    look(page)

    # Actions agreed.
    page.get_by_label("What will happen").fill("Weekly phone call with mum")
    page.get_by_label("Who will do it").fill("Sam Patel")
    fill_date(page, "When by", "1", "1", "2030")
    page.get_by_label("To do").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Weekly phone call with mum", exact=True)).to_be_visible()
    look(page)

    # Consent for the pre-sentence report's author.
    share_with_pat_for_the_report(page, "journeys/1-07-consent")
    page.get_by_role("button", name="Confirm and share").click()
    expect(page.get_by_text("Only the people Ruby chose")).to_be_visible()
    look(page, "journeys/1-08-child-page")
    consent = Consent.objects.get(child__preferred_name="Ruby")
    assert consent.for_pre_sentence_report
    assert [u.last_name for u in consent.recipient_users.all()] == ["Author"]

    # "This is me", on screen and as a PDF.
    page.get_by_role("link", name=re.compile("This is me")).first.click()
    expect(page.get_by_text("Judge, mum looks after me")).to_be_visible()
    look(page, "journeys/1-09-this-is-me")
    with page.expect_download() as download:
        page.get_by_role("link", name="Copy for professionals (PDF)").click()
    text = _pdf_text(download.value)
    assert "Judge, mum looks after me" in text and "Who Ruby agreed may read this" in text
    assert "Pat Author" in text and download.value.suggested_filename.startswith("This-is-me-Ruby-")
    with page.expect_download() as download:
        page.get_by_role("link", name="Keepsake for Ruby (PDF)").click()
    assert "Judge, mum looks after me" in _pdf_text(download.value)
    assert download.value.suggested_filename.startswith("This-is-me-Ruby-keepsake-")

    referral = Referral.objects.get(mother_name="Dee")
    assert referral.status == "accepted" and referral.family.name == "The Rivers family"
    assert Assessment.objects.get(child__preferred_name="Ruby").status == "completed"


def test_2_recipient_sees_only_what_was_shared_until_consent_is_withdrawn(live_server, browser):
    holder = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    UserFactory(username="pat", first_name="Pat", last_name="Author", job_title="Probation officer")
    court = CompletedAssessmentFactory(
        child__created_by=holder,
        child__preferred_name="Ruby",
        stage="court",
        about_me="I love swimming",
        want_people_to_know="Judge, mum looks after me",
        practitioner_notes="NOTES FOR THE CASE HOLDER ONLY",
    )
    CompletedAssessmentFactory(child=court.child, stage="arrest", worries="ARREST-STAGE WORDS")
    with watched_page(browser) as holder_page, watched_page(browser) as pat_page:
        sign_in(holder_page, live_server.url, "sam")
        holder_page.get_by_role("link", name="My cases").click()
        look(holder_page)
        holder_page.get_by_role("link", name="Ruby").click()
        look(holder_page)
        share_with_pat_for_the_report(holder_page)
        preview = holder_page.locator("section.app-preview").inner_text()
        assert "Judge, mum looks after me" in preview
        holder_page.get_by_role("button", name="Confirm and share").click()
        expect(holder_page.get_by_text("Only the people Ruby chose")).to_be_visible()
        look(holder_page)

        sign_in(pat_page, live_server.url, "pat")
        look(pat_page)
        pat_page.goto(f"{live_server.url}/children/{court.child.id}/")
        look(pat_page, "journeys/2-02-recipient-child-page")
        pat_page.get_by_role("link", name="This is me: court and sentencing").click()
        expect(pat_page.get_by_text("Judge, mum looks after me")).to_be_visible()
        main = pat_page.locator("main").inner_text()
        for not_shared in ("I love swimming", "NOTES FOR THE CASE HOLDER", "ARREST-STAGE"):
            assert not_shared not in main
        look(pat_page, "journeys/2-03-recipient-this-is-me")

        holder_page.get_by_role("link", name="Stop sharing").click()
        look(holder_page)
        holder_page.get_by_role("button", name="Stop sharing").click()
        expect(holder_page.get_by_text("Sharing has stopped")).to_be_visible()
        look(holder_page)
        pat_page.reload()
        expect(pat_page.get_by_role("heading", name="Page not found")).to_be_visible()
        look(pat_page, "journeys/2-04-recipient-after-withdrawal")
        pat_page.goto(f"{live_server.url}/children/{court.child.id}/")
        expect(pat_page.get_by_role("heading", name="Page not found")).to_be_visible()
        look(pat_page)


def test_3_a_child_who_says_no_is_thanked_and_asked_nothing_else(live_server, page):
    ParentChildLinkFactory(
        child__preferred_name="Ruby", child__created_by__username="sam", parent__name="Dee"
    )
    sign_in(page, live_server.url, "sam")
    page.get_by_role("link", name="My cases").click()
    look(page)
    page.get_by_role("link", name="Ruby").click()
    look(page)
    page.get_by_role("button", name="Offer a CIA").click()
    page.get_by_label("Court and sentencing").check()
    page.get_by_label("Said no, thank you").check()
    look(page, "journeys/3-01-offer")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Ruby's answer has been recorded. Thank you for asking them.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="CIA offered: said no, thank you")).to_be_visible()
    look(page, "journeys/3-02-child-page")
    assert Offer.objects.get().outcome == "declined"
    assert not Assessment.objects.exists()  # no conversation begun, no reason demanded


def test_5_referral_admin_adds_and_retires_a_route_and_sees_no_child(live_server, page):
    UserFactory(username="ria", roles=["Referral admin"])
    ChildFactory(preferred_name="Ruby")
    sign_in(page, live_server.url, "ria")
    look(page)
    page.get_by_role("link", name="Referral routes").click()
    look(page, "journeys/5-01-routes")
    page.get_by_role("button", name="Add a referral route").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    look(page)
    page.get_by_label("Name").fill("Hopeside police custody suite")
    page.get_by_label("Organisation").select_option(index=1)
    page.get_by_label("Arrest").check()
    page.get_by_label("Owner").select_option(index=1)
    today = timezone.localdate()
    fill_date(page, "Last checked", str(today.day), str(today.month), str(today.year))
    page.get_by_label("How to refer").fill("Phone the liaison and diversion team.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Hopeside police custody suite")).to_be_visible()
    look(page, "journeys/5-02-route-added")
    page.get_by_role("button", name="Retire Hopeside police custody suite").click()
    expect(
        page.get_by_role("heading", name="Retire Hopeside police custody suite?")
    ).to_be_visible()
    look(page, "journeys/5-03-retire-asks-first")
    assert ReferralRoute.objects.get(name="Hopeside police custody suite").is_active
    page.get_by_role("button", name="Yes, retire it").click()
    expect(page.get_by_text("Hopeside police custody suite retired")).to_be_visible()
    look(page, "journeys/5-04-route-retired")
    assert not ReferralRoute.objects.get(name="Hopeside police custody suite").is_active

    assert "Ruby" not in page.locator("body").inner_text()
    for path in ("/children/", "/referrals/", f"/children/{ChildFactory().id}/"):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_text(re.compile("Page not found|You cannot do this"))
        assert "Ruby" not in page.locator("body").inner_text()
        look(page)


def test_6_a_child_answers_feedback_with_faces_and_the_link_then_says_used(
    live_server, page, browser
):
    UserFactory(username="sam")
    PilotFactory()
    sign_in(page, live_server.url, "sam")
    page.get_by_role("link", name="Feedback").click()
    look(page)
    page.get_by_label("A child").check()
    page.get_by_label("Court and sentencing").check()
    page.get_by_role("button", name=re.compile("Make")).click()
    link = page.locator(".app-feedback-link code").inner_text()
    look(page, "journeys/6-01-link-made")

    with watched_page(browser, viewport={"width": 400, "height": 800}) as phone:
        phone.goto(link)
        expect(phone.get_by_role("heading", name="Tell us what you think")).to_be_visible()
        look(phone, "journeys/6-02-child-questions")
        faces = phone.locator(".app-faces")
        assert faces.count() == len(FeedbackResponse.QUESTIONS)  # 4: "told what happened next"
        faces.nth(0).get_by_role("radio").nth(4).check()
        faces.nth(1).get_by_role("radio").nth(3).check()
        phone.get_by_role("button", name="Send my answers").click()
        look(phone, "journeys/6-03-thanks")
        phone.goto(link)
        expect(phone.get_by_role("heading", name="This link has already been used")).to_be_visible()
        look(phone, "journeys/6-04-used")
    response = FeedbackResponse.objects.get()
    assert (response.respondent, response.listened_to, response.supported) == ("child", 5, 4)
    assert FeedbackLink.objects.get().used_at is not None
