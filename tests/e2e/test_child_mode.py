"""'With the child' in a real Chromium on a tablet-sized touch screen: the child answers, picks
feelings, draws with a finger and with a mouse, stops; the device stays on the child's screens
until the practitioner's password; the drawing is stored as drawn."""

import io
from datetime import date

import pytest
from PIL import Image
from playwright.sync_api import expect

from assessments import wording
from assessments.models import Assessment, Drawing
from tests.e2e.conftest import look, sign_in, watched_page
from tests.factories import PASSWORD, AssessmentFactory, ChildFactory, ParentChildLinkFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}  # a common tablet, portrait
RED, BLUE = (212, 53, 28), (29, 112, 184)  # the canvas's red and blue buttons


@pytest.fixture
def tablet(browser):
    with watched_page(browser, viewport=TABLET, has_touch=True) as page:
        yield page


@pytest.fixture
def assessment(db):
    child = ChildFactory(
        preferred_name="Ruby",
        date_of_birth=date(2014, 3, 1),
        created_by__username="sam",
        created_by__first_name="Sam",
    )
    ParentChildLinkFactory(child=child, relationship="mother")
    ChildFactory(preferred_name="Zebedee", family=child.family, created_by=child.created_by)
    return AssessmentFactory(
        child=child, conversation_date=date(2023, 5, 1), practitioner_notes="ADULTS ONLY NOTE"
    )


def shot(page, name):
    look(page, f"child-mode/{name}")


def sign_in_and_start(page, live_server, assessment, language="English"):
    sign_in(page, live_server.url, "sam")
    page.goto(f"{live_server.url}/children/conversations/{assessment.id}/")
    look(page)
    page.get_by_role("button", name="Do it together on this device").click()
    page.get_by_label(language).check()
    shot(page, f"setup-{language.lower()}")
    page.get_by_role("button", name="Start with Ruby").click()


def finger_stroke(page, points):
    """A finger on the touch screen, through Chromium's own touch input."""
    cdp = page.context.new_cdp_session(page)
    kinds = ["touchStart", *["touchMove"] * (len(points) - 2), "touchEnd"]
    for kind, (x, y) in zip(kinds, points, strict=True):
        touches = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touches})


def mouse_stroke(page, points):
    page.mouse.move(*points[0])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(x, y, steps=4)
    page.mouse.up()


def inked(page) -> int:
    """How many of the canvas's pixels are not white, read in the page."""
    return page.evaluate(
        """() => {
          const canvas = document.querySelector('canvas')
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
          let count = 0
          for (let i = 0; i < data.length; i += 4) {
            if (data[i] + data[i + 1] + data[i + 2] < 760) count++
          }
          return count
        }"""
    )


def colours_in(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {colour for _, colour in image.getcolors(maxcolors=1_000_000)}


def near(colour, colours, tolerance=10) -> bool:
    return any(
        max(abs(a - b) for a, b in zip(colour, c, strict=True)) <= tolerance for c in colours
    )


def test_a_child_answers_picks_feelings_draws_and_the_adult_signs_back_in(
    live_server, tablet, assessment
):
    page = tablet
    sign_in_and_start(page, live_server, assessment)

    expect(page.get_by_text("Question 1 of 10")).to_be_visible()
    expect(page.get_by_text("ADULTS ONLY NOTE")).to_have_count(0)
    expect(page.get_by_text("Zebedee")).to_have_count(0)
    expect(page.get_by_role("link", name="My cases")).to_have_count(0)
    page.get_by_label("Tell me about you").fill("I like football and my dog Biscuit")
    shot(page, "1-about-me")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Question 2 of 10")).to_be_visible()
    question = "What do you know about what is happening to your mum?"
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    shot(page, "2-what-is-happening")
    page.get_by_role("button", name="Skip this question").click()

    expect(page.get_by_text("Question 3 of 10")).to_be_visible()
    page.get_by_role("checkbox", name="Worried").tap()  # the whole picture is the target
    page.get_by_role("checkbox", name="Proud").tap()
    expect(page.get_by_role("checkbox", name="Worried")).to_be_checked()
    shot(page, "3-feelings")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Question 4 of 10")).to_be_visible()
    shot(page, "4-feelings-words")

    page.goto(f"{live_server.url}/children/conversations/{assessment.id}/with-child/9/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    canvas = page.locator("canvas")
    expect(canvas).to_be_visible()
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    left, top = box["x"], box["y"]
    page.get_by_role("button", name="Red").click()
    finger_stroke(page, [(left + 40 + 20 * i, top + 60 + 5 * i) for i in range(12)])
    page.get_by_role("button", name="Blue").click()
    mouse_stroke(page, [(left + 80, top + 200), (left + 300, top + 220), (left + 320, top + 320)])
    page.get_by_role("button", name="Undo").click()  # the blue line goes
    mouse_stroke(page, [(left + 100, top + 300), (left + 260, top + 260)])  # and a new one
    expect(page.get_by_role("button", name="Blue")).to_have_attribute("aria-pressed", "true")
    drawn = inked(page)
    page.get_by_role("button", name="Clear").click()
    assert inked(page) == 0
    page.get_by_role("button", name="Undo").click()  # an accidental Clear is not the end
    assert inked(page) == drawn > 0
    page.get_by_label("What is your drawing about?").fill("Me and mum at the park")
    shot(page, "10-drawing")

    page.get_by_role("button", name="I want to stop").click()
    expect(page.get_by_role("heading", name="Thank you, Ruby")).to_be_visible()
    expect(page.get_by_text("Please give the tablet or laptop back to Sam.")).to_be_visible()
    shot(page, "thank-you")

    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.about_me == "I like football and my dog Biscuit"
    assert saved.what_is_happening == "" and set(saved.feelings) == {"worried", "proud"}
    drawing = Drawing.objects.get(assessment=assessment)
    assert drawing.caption == "Me and mum at the park"
    with drawing.image.open("rb") as stored:
        colours = colours_in(stored.read())
    assert near(RED, colours) and near(BLUE, colours)  # the finger's line and the mouse's
    assert near((255, 255, 255), colours) and not near((11, 12, 12), colours)

    page.goto(f"{live_server.url}/")  # anywhere else leads to the password
    expect(page.get_by_role("heading", name="For the adult: enter your password")).to_be_visible()
    shot(page, "hand-back")
    page.get_by_label("Your password").fill("not the password")
    page.get_by_role("button", name="Go back to my screens").click()
    expect(page.get_by_text("The password is not right. Try again.").first).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Go back to my screens").click()
    expect(page.get_by_role("heading", name="Court and sentencing conversation")).to_be_visible()
    expect(page.locator("#status-drawings")).to_have_text("1 added")


def test_the_childs_screens_in_welsh(live_server, tablet, assessment):
    page = tablet
    sign_in_and_start(page, live_server, assessment, language="Cymraeg")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_text("Cwestiwn 1 o 10")).to_be_visible()
    expect(page.get_by_role("button", name="Dw i eisiau stopio")).to_be_visible()
    shot(page, "cy-1-about-me")
    page.get_by_role("button", name="Nesaf").click()
    expect(page.get_by_text("Cwestiwn 2 o 10")).to_be_visible()
    shot(page, "cy-2-what-is-happening")
    page.get_by_role("button", name="Nesaf").click()
    expect(page.get_by_text("Yn poeni", exact=True)).to_be_visible()
    shot(page, "cy-3-feelings")
    step = wording.STEPS.index("drawing")
    page.goto(f"{live_server.url}/children/conversations/{assessment.id}/with-child/{step}/")
    expect(page.get_by_role("button", name="Dadwneud")).to_be_visible()
    shot(page, "cy-10-drawing")
