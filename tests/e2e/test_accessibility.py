"""Accessibility beyond what axe-core can see: the whole conversation with the keyboard alone,
pages at 320 CSS pixels wide and at 200% zoom, and the child's own screens in words a young
child reads. And a check on the check: axe-core really finds a fault when there is one."""

import re
from datetime import date, timedelta

import pytest
import textstat
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment
from chronology import services as note_service
from cia_portal.accounts.models import Role
from evaluation.services import feedback_link_create
from referrals import services as referral_services
from tests.e2e.conftest import PageAudit, look, sign_in, watched_page
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    CaseNoteFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    HearingFactory,
    JusticeEventFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    PilotFactory,
    SupportServiceFactory,
    UserFactory,
)
from tests.nu_html import NuPages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_checkers_find_a_fault_and_a_page_left_unchecked(live_server, browser, tmp_path):
    context = browser.new_context(bypass_csp=True)  # to plant a style for narrow screens
    page = context.new_page()
    nu_pages = NuPages(tmp_path)
    audit = PageAudit(page, nu_pages)
    page.goto(f"{live_server.url}/sign-in/")
    page.add_style_tag(content="@media (min-width: 400px) { .narrow-only { display: none } }")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<img src="/static/none.png"><input type="text" name="unlabelled">'
            + '<a href="#" class="narrow-only"></a>')"""
    )
    audit.check()
    found = "\n".join(audit.failures)
    assert ": image-alt (critical)" in found
    assert ": label (critical)" in found
    assert ": link-name (serious)" in found  # only shown at 320 px wide
    assert "(Sign in): link-name" not in found
    assert "(Sign in) at 320 px: link-name (serious)" in found
    assert page.viewport_size == {"width": 1280, "height": 720}  # put back after the narrow check
    assert "HTML_CodeSniffer: " in found and ".H37: Img element missing an alt attribute" in found
    nu_errors = nu_pages.errors()
    assert len(nu_errors) == 1, nu_errors
    assert nu_errors[0].startswith(f"{live_server.url}/sign-in/ line ")
    assert "An “img” element must have an “alt” attribute" in nu_errors[0]
    page.goto(f"{live_server.url}/accessibility/")
    assert audit.unchecked() == [f"{live_server.url}/accessibility/"]
    context.close()


# The keyboard alone -------------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement
  const label = e.labels && e.labels.length ? e.labels[0] : null
  const yellow = s => [s.outlineColor, s.backgroundColor, s.boxShadow]
    .some(v => v && v.includes('255, 221, 0'))
  return {
    tag: e.tagName,
    text: ((label && label.innerText) || e.innerText || e.value || '').trim(),
    shown: yellow(getComputedStyle(e)) || (label && yellow(getComputedStyle(label, '::before'))),
  }
}"""


def tab_to(page, text: str, *, tag: str | None = None, limit: int = 80) -> None:
    """Press Tab until the focus is on the control named `text`; the focus must be visible."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["text"][:40])
        if re.search(text, focused["text"]) and tag in (None, focused["tag"]):
            assert focused["shown"], f"the focus on {focused['text']!r} cannot be seen"
            return
    pytest.fail(f"Tab never reached {text!r}; it went through {seen}")


def test_a_whole_conversation_with_the_keyboard_alone(live_server, page):
    assessment = AssessmentFactory(
        child__preferred_name="Ruby", child__created_by__username="sam", stage="court"
    )
    ParentChildLinkFactory(child=assessment.child)
    sign_in(page, live_server.url, "sam")
    page.goto(f"{live_server.url}/children/conversations/{assessment.id}/")
    look(page)
    words = {
        "About me": "I like drawing",
        "What is happening and what I know": "Mum went to court",
        "What worries me": "Who takes me to school",
        "Who helps me and what would help": "My nan",
        "What I want people to know": "Judge, I need my mum",
        "What I would like to happen": "See mum every week",
    }
    for section in [*words, "How I feel"]:
        tab_to(page, f"^{section}$", tag="A")
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Save and continue")).to_be_visible()
        look(page)
        if section == "How I feel":
            tab_to(page, "^Worried$", tag="INPUT")
            page.keyboard.press("Space")
            tab_to(page, "in my words", tag="TEXTAREA")
            page.keyboard.type("Sad at bedtime")
        else:
            page.keyboard.press("Tab")  # from the skip link to the form's first box
            tab_to(page, ".", tag="TEXTAREA")
            page.keyboard.type(words[section])
        tab_to(page, "^Save and continue$", tag="BUTTON")
        page.keyboard.press("Enter")
        expect(
            page.get_by_role("heading", name="Court and sentencing conversation")
        ).to_be_visible()
        look(page)
    tab_to(page, "^Check answers")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Judge, I need my mum")).to_be_visible()
    look(page, "keyboard-check-answers")
    tab_to(page, "^Complete conversation$", tag="BUTTON")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Conversation completed")).to_be_visible()

    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.status == "completed" and saved.feelings == ["worried"]
    assert (saved.about_me, saved.want_people_to_know) == ("I like drawing", "Judge, I need my mum")
    assert saved.feelings_words == "Sad at bedtime" and saved.who_helps == "My nan"


# Narrow screens and zoom --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "what"),
    [(320, 640, "320 CSS pixels wide"), (640, 450, "200% zoom of a 1280 by 900 window")],
)
def test_pages_reflow_without_sideways_scrolling(live_server, browser, width, height, what):
    """WCAG 1.4.10: at 320 CSS px (and at 200% zoom, which halves a window's CSS pixels) the
    page fits its width, so nobody reads a line by scrolling sideways. A table may scroll
    inside its own box, as the criterion allows."""
    holder = UserFactory(
        username="sam",
        roles=[Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.TEAM_MANAGER],
    )
    completed = CompletedAssessmentFactory(
        child__created_by=holder, child__preferred_name="Ruby", stage="court"
    )
    child = completed.child
    link = ParentChildLinkFactory(child=child)
    AgreedActionFactory(child=child, assessment=completed)
    ConsentFactory(child=child, recipients=[UserFactory()])
    AgreedActionFactory(child=child, due_date=timezone.localdate() - timedelta(days=1))
    OverrideFactory(child=child, created_by=holder, recipient_user=UserFactory())
    note = CaseNoteFactory(child=child, summary="A long " + "and winding " * 40 + "summary")
    note_service.note_save(child=child, actor=holder, data={"summary": "Shorter"}, note=note)
    hearing = HearingFactory(parent=link.parent, court="Hopeside Magistrates' Court, " * 3)
    JusticeEventFactory(parent=link.parent, kind="prison", prison="HMP Brackenmoor")
    # A referral to a service of Sam's organisation, from another organisation's case.
    theirs = AgreedActionFactory(child__created_by=UserFactory())
    ConsentFactory(child=theirs.child, recipients=[holder.organisation])
    service = SupportServiceFactory(organisation=holder.organisation)
    onward = referral_services.onward_referral_create(
        action=theirs, service=service, actor=theirs.child.created_by
    )
    pages = [
        "/today/",
        "/children/",
        "/children/?q=Ruby&state=all&overdue_only=on",
        "/notifications/",
        "/safeguarding/",
        "/safeguarding/overrides/",
        "/team/",
        f"/team/{holder.pk}/",
        f"/children/{child.id}/",
        f"/children/conversations/{completed.id}/",
        f"/children/conversations/{completed.id}/what-worries-me/",
        f"/children/conversations/{completed.id}/this-is-me/",
        f"/children/{child.id}/consents/add/",
        "/children/add/",
        "/children/add/parent/",
        "/children/add/what-happened/",
        f"/children/{child.id}/consents/add/who-will-know/",
        f"/children/{child.id}/consents/add/check/",
        "/referrals/",
        "/hearings/",
        f"/children/{child.id}/notes/",
        f"/children/{child.id}/notes/add/",
        f"/children/{child.id}/notes/{note.id}/",
        f"/children/{child.id}/chronology/",
        f"/children/{child.id}/keeping-in-touch/",
        f"/children/{child.id}/keeping-in-touch/{link.id}/",
        f"/children/{child.id}/release/{link.id}/",
        f"/children/{child.id}/hand-on/",
        "/team/inbox/",
        f"/services/referrals/{onward.id}/",
        f"/children/{child.id}/parent/{link.id}/journey/",
        f"/children/{child.id}/parent/{link.id}/journey/add/",
        f"/children/{child.id}/parent/{link.id}/journey/add/?kind=hearing",
        f"/children/{child.id}/journey/{hearing.id}/",
    ]
    with watched_page(browser, viewport={"width": width, "height": height}) as page:
        sign_in(page, live_server.url, "sam")
        menu = page.get_by_role("button", name="Menu")
        if width < 641:  # GOV.UK's service navigation folds into a menu on small screens
            expect(page.get_by_role("link", name="Referrals")).to_be_hidden()
            menu.click()
            expect(page.get_by_role("link", name="Referrals")).to_be_visible()
            look(page, f"reflow-{width}px/menu")
        for n, path in enumerate(pages, start=1):
            page.goto(live_server.url + path)
            look(page, f"reflow-{width}px/{n}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} is {overflow} px too wide at {what}"


# Words a young child reads ------------------------------------------------------------------


def test_the_childs_own_screens_read_at_a_young_childs_level(live_server, page):
    """The questions a seven-year-old sees, and the feedback page for a child, as rendered:
    Flesch-Kincaid grade 3 or below (a US third-grader is eight or nine) and Flesch reading
    ease 80 or more ('easy')."""
    assessment = AssessmentFactory(
        child__preferred_name="Ruby",
        child__date_of_birth=date(timezone.localdate().year - 7, 1, 1),
        child__created_by__username="sam",
    )
    ParentChildLinkFactory(child=assessment.child, relationship="mother")
    sign_in(page, live_server.url, "sam")
    page.goto(f"{live_server.url}/children/conversations/{assessment.id}/")
    look(page)
    page.get_by_role("button", name="Do it together on this device").click()
    look(page)
    page.get_by_role("button", name="Start with Ruby").click()
    texts = []
    for step in range(10):  # every question; the last is the drawing
        expect(page.get_by_text(f"Question {step + 1} of 10")).to_be_visible()
        look(page)
        texts.append(page.locator("main").inner_text())
        if step < 9:
            page.get_by_role("button", name="Skip this question").click()
    _assert_easy(" ".join(texts), "the child's questions")

    token = feedback_link_create(
        created_by=UserFactory(), pilot=PilotFactory(), respondent="child", stage="court"
    )
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/feedback/{token}/")
    look(page)
    _assert_easy(page.locator("main").inner_text(), "the child's feedback page")


def _assert_easy(text: str, what: str) -> None:
    text = re.sub(r"\d+", "", text)  # "Question 3 of 10": numbers are not words to sound out
    grade, ease = textstat.flesch_kincaid_grade(text), textstat.flesch_reading_ease(text)
    print(f"{what}: grade {grade}, reading ease {ease}")
    assert grade <= 3 and ease >= 80, f"{what}: grade {grade}, reading ease {ease}"
