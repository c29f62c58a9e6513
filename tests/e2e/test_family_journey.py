"""The family's side, in a real Chromium: a mum on a 320 px phone reads the easy-read page in
Welsh and asks for a CIA; the request reaches the women's centre's referrals; a practitioner
has the conversation with a child whose sister is in prison (the child's screens say "your
sister"), agrees an action and gives the child "You said, we did"; the child's feedback says
they were told what happened next. Every page is checked (`look`); screenshots go under
var/screenshots/family/."""

import io
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import YouSaidWeDid
from evaluation.models import FeedbackResponse
from referrals.models import FamilyRequest, Referral
from tests.e2e.conftest import fill_date, look, sign_in, watched_page
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    ChildFactory,
    JusticeEventFactory,
    ParentChildLinkFactory,
    PilotFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


def _pdf_text(download) -> str:
    with open(download.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def sam(db):
    return UserFactory(username="sam", first_name="Sam", last_name="Patel")


def test_a_mum_on_her_phone_asks_in_welsh_and_the_request_reaches_the_inbox(
    live_server, browser, sam
):
    ReferralRouteFactory(
        name="Families asking for themselves",
        organisation=sam.organisation,
        takes_family_requests=True,
    )
    with watched_page(browser, **PHONE) as phone:
        phone.goto(f"{live_server.url}/families/")
        expect(phone.get_by_role("heading", name="Help for your child")).to_be_visible()
        look(phone, "family/1-easy-read-english")
        phone.get_by_role("link", name="Newid yr iaith i'r Gymraeg").click()
        expect(phone.get_by_role("heading", name="Help i'ch plentyn")).to_be_visible()
        expect(phone.locator("html")).to_have_attribute("lang", "cy")
        expect(phone.get_by_role("img", name="Dau berson yn siarad")).to_be_visible()
        look(phone, "family/2-easy-read-welsh")
        phone.get_by_role("button", name="Gofyn am Asesiad o'r Effaith ar y Plentyn").click()
        expect(phone.get_by_role("heading", name="Gofyn am Asesiad")).to_be_visible()
        look(phone, "family/3-ask-welsh")
        phone.get_by_role("button", name="Anfon").click()
        expect(phone.get_by_role("heading", name="Mae yna broblem")).to_be_visible()
        look(phone, "family/4-ask-errors-welsh")
        phone.get_by_label("Fi yw eu mam").check()
        phone.get_by_label("Eich enw cyntaf").fill("Dee")
        phone.get_by_role("group", name="Plentyn 1").get_by_label("Enw cyntaf").fill("Nia")
        phone.get_by_role("group", name="Plentyn 1").get_by_label("Oed").fill("9")
        phone.get_by_label("Rhif ffôn (dewisol)").fill("07700 900123")
        phone.get_by_role("group", name="Ydy hi'n ddiogel gadael neges?").get_by_label("Na").check()
        court_date = phone.get_by_role(
            "group", name="Dyddiad y llys, os ydych chi'n ei wybod (dewisol)"
        )
        court_date.get_by_label("Diwrnod").fill("27")
        court_date.get_by_label("Mis").fill("3")
        court_date.get_by_label("Blwyddyn").fill("2027")
        phone.get_by_role("button", name="Anfon").click()
        expect(phone.get_by_role("heading", name="Cais wedi'i anfon")).to_be_visible()
        expect(phone.get_by_text("Dee")).to_have_count(0)  # nothing said back
        look(phone, "family/5-sent-welsh")

    request = FamilyRequest.objects.get()
    assert (request.language, request.children) == ("cy", [{"first_name": "Nia", "age": 9}])
    referral = Referral.objects.get()
    assert referral.received_by is None and str(referral.next_court_date) == "2027-03-27"

    with watched_page(browser, viewport={"width": 1100, "height": 900}) as page:
        sign_in(page, live_server.url, "sam")
        expect(page.get_by_role("heading", name="Families asking for a CIA")).to_be_visible()
        look(page, "family/6-today")
        page.get_by_role("link", name="nobody has picked it up").click()
        expect(page.get_by_text("Asked in Welsh: reply in Welsh")).to_be_visible()
        expect(page.get_by_text("No: do not leave a message")).to_be_visible()
        look(page, "family/7-the-request")
        page.get_by_label("CIA offered").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Referral status: CIA offered")).to_be_visible()
        look(page)
    referral.refresh_from_db()
    assert referral.received_by == sam


@pytest.fixture
def nia(sam):
    """Nia, 9, whose sister is in prison; Sam holds her case."""
    nia = ChildFactory(preferred_name="Nia", date_of_birth=date(2016, 5, 2), created_by=sam)
    link = ParentChildLinkFactory(child=nia, relationship="sister", parent__name="Cerys")
    JusticeEventFactory(parent=link.parent, kind="prison", prison="HMP Example")
    return AssessmentFactory(child=nia, stage="custody", conversation_date=date.today())


def test_the_conversation_with_a_child_whose_sister_is_in_prison_ends_with_you_said_we_did(
    live_server, browser, sam, nia
):
    PilotFactory()
    with watched_page(browser, viewport={"width": 820, "height": 1180}, has_touch=True) as page:
        sign_in(page, live_server.url, "sam")
        page.goto(f"{live_server.url}/children/conversations/{nia.id}/")
        look(page)
        page.get_by_role("button", name="Do it together on this device").click()
        page.get_by_label("English").check()
        look(page)
        page.get_by_role("button", name="Start with Nia").click()
        page.get_by_label("Tell me about you").fill("I like gymnastics")
        look(page, "family/8-child-about-me")
        page.get_by_role("button", name="Next").click()
        expect(
            page.get_by_role(
                "heading", name="What do you know about what is happening to your sister?"
            )
        ).to_be_visible()
        look(page, "family/9-child-your-sister")
        page.get_by_label("What do you know about what is happening to your sister?").fill(
            "Cerys is in prison and I miss her"
        )
        page.get_by_role("button", name="Next").click()
        look(page)
        page.get_by_role("button", name="I want to stop").click()
        expect(page.get_by_role("heading", name="Thank you, Nia")).to_be_visible()
        look(page)
        page.goto(f"{live_server.url}/")
        page.get_by_label("Your password").fill(PASSWORD)
        look(page)
        page.get_by_role("button", name="Go back to my screens").click()
        look(page)

        page.get_by_role("button", name="Check answers and complete").click()
        look(page)
        page.get_by_role("button", name="Complete conversation").click()
        expect(page.get_by_text("Conversation completed. Now agree actions")).to_be_visible()
        look(page)
        page.get_by_label("What will happen").fill("A visit to see Cerys, with Nia's nan")
        page.get_by_label("Who will do it").fill("Sam Patel")
        fill_date(page, "When by", "1", "6", "2030")
        page.get_by_label("To do").check()
        page.get_by_role("button", name="Save").click()
        look(page)

        page.goto(f"{live_server.url}/children/conversations/{nia.id}/")
        expect(page.locator("#status-you-said-we-did")).to_have_text("Not given yet")
        look(page)
        page.get_by_role("link", name="You said, we did").click()
        look(page, "family/10-you-said-we-did-choose")
        page.get_by_label("About me").check()
        page.get_by_role("button", name="Save and see it").click()
        expect(
            page.get_by_text("Thank you for talking with me about your sister.", exact=False)
        ).to_be_visible()
        expect(page.get_by_text("I like gymnastics")).to_be_visible()
        expect(page.get_by_text("Cerys is in prison and I miss her")).to_have_count(0)
        look(page, "family/11-you-said-we-did")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download it (PDF)").click()
        text = _pdf_text(download.value)
        assert "your sister" in text and "A visit to see Cerys" in text and "mum" not in text
        page.get_by_role("button", name="Record that you gave it").click()
        look(page)
        page.get_by_label("We went through it together").check()
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#status-you-said-we-did")).to_contain_text("Given on")
        look(page, "family/12-given")
        assert YouSaidWeDid.objects.get().given_by == sam

        page.get_by_role("link", name="Feedback").click()
        look(page)
        page.get_by_label("A child").check()
        page.get_by_label("Custody (prison)").check()
        page.get_by_role("button", name="Make the link").click()
        link = page.locator(".app-feedback-link code").inner_text()
        look(page)

    with watched_page(browser, **PHONE) as child:
        child.goto(link)
        expect(child.get_by_role("heading", name="Tell us what you think")).to_be_visible()
        look(child, "family/13-feedback")
        child.get_by_role("group", name="Were you told what happened next?").get_by_label(
            "Yes, a lot"
        ).check()
        child.get_by_role("button", name="Send my answers").click()
        expect(child.get_by_role("heading", name="Thank you")).to_be_visible()
        look(child)
    assert FeedbackResponse.objects.get().told_what_next == 5
