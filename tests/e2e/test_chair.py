"""The chair's journey on the Hopeside demo, in Chromium: the summary and each page of figures
match the records, at desktop width and on a phone, a period with nothing in it is said in
words, an action plan step is updated, and the evaluation report is downloaded."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Child
from evaluation import figures
from evaluation.models import Pilot, PlanAction
from tests.e2e.conftest import fill_date, look, sign_in, watched_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The chair's pages of figures, as the sub-navigation names them, with the heading of each.
PAGES = [
    ("Summary", "Hopeside Child Impact Assessment pilot"),
    ("Children", "Children"),
    ("Families", "Families"),
    ("Justice journey", "Justice journey"),
    ("How quickly", "How quickly"),
    ("Feedback", "Feedback"),
    ("Action plan", "Action plan"),
    ("Training", "Training"),
    ("Costs avoided", "Costs avoided"),
]


@pytest.fixture
def hopeside(settings, monkeypatch):
    settings.DEMO_MODE = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo-only-password")
    call_command("seed_demo")
    return Pilot.objects.get(slug="hopeside-2023")


def open_part(page, name: str, heading: str) -> None:
    page.get_by_role("navigation", name="The pilot's figures").get_by_role(
        "link", name=name, exact=True
    ).click()
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()


def fits_its_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_chair_reads_each_part_updates_the_plan_and_downloads_the_report(
    live_server, page, hopeside
):
    expected = figures.dashboard(hopeside, figures.Period(hopeside.start, hopeside.end))
    sign_in(page, live_server.url, "chair", password="demo-only-password")

    expect(page.get_by_role("heading", level=1, name=PAGES[0][1])).to_be_visible()
    for label, count in expected.headline.rows:
        expect(page.locator(".app-headline", has_text=label)).to_contain_text(str(count))
    look(page, "chair/summary")
    for name, heading in PAGES[1:]:
        open_part(page, name, heading)
        look(page, f"chair/{name.lower().replace(' ', '-')}")
        assert fits_its_width(page), name
        if name == "Children":
            funnel = page.locator("table", has=page.get_by_text("From referral to action"))
            for label, count in expected.funnel.rows:
                expect(funnel.get_by_role("row", name=label)).to_contain_text(str(count))
        if name == "Families":
            living = page.locator("section#living-now")
            for label, count in expected.families_tables[1].rows:
                expect(living.get_by_role("row", name=label)).to_contain_text(str(count))
        body = page.locator("main").inner_text()
        for child in Child.objects.values_list("preferred_name", flat=True):
            assert child not in body.split(), name

    open_part(page, "Action plan", "Action plan")
    page.get_by_role("link", name="5.2 update").click()
    look(page)
    page.get_by_label("Done").check()
    page.get_by_label("Evidence").fill("Fictional: listing office agreed adjournments in writing.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action 5.2 updated")).to_be_visible()
    look(page)
    assert PlanAction.objects.get(outcome__pilot=hopeside, code="5.2").status == "done"
    expect(page.get_by_role("row", name="5.1")).to_contain_text(
        "From the training register: 1 session, 15 came, 3 of them sentencers"
    )

    # A session of the training register: the practitioners it trained are counted.
    open_part(page, "Training", "Training")
    page.get_by_role("button", name="Add a session").click()
    look(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    look(page)
    page.get_by_label("Practitioners who will offer CIAs", exact=True).check()
    page.get_by_label("What was it called?").fill("Offering a CIA: a second session")
    fill_date(page, "When was it held?", "9", "5", "2023")
    page.get_by_label("Women's centre", exact=True).fill("4")
    page.get_by_label("Dan Hughes, Family support worker").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Offering a CIA: a second session saved")).to_be_visible()
    expect(page.get_by_text("4 practitioners are trained to offer CIAs.")).to_be_visible()
    look(page)

    open_part(page, "Summary", PAGES[0][1])
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the evaluation report (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        pages = PdfReader(io.BytesIO(pdf.read())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert f"Children with a completed CIA {expected.headline.rows[0][1]}" in text
    assert f"Page 2 of {len(pages)}" in text and "Contents" in text


@pytest.mark.parametrize(("width", "height"), [(320, 640), (640, 450)], ids=["320px", "200% zoom"])
def test_each_part_fits_a_phone_and_says_when_a_chart_has_nothing_to_show(
    live_server, browser, hopeside, width, height
):
    """WCAG 1.4.10 at 320 CSS pixels and at 200% zoom of a 1280 by 900 window: no sideways
    scrolling on any of the chair's pages; a wide table scrolls inside its own box, which the
    keyboard can reach (axe-core's scrollable-region-focusable, in `look`)."""
    with watched_page(browser, viewport={"width": width, "height": height}) as page:
        sign_in(page, live_server.url, "chair", password="demo-only-password")
        for name, heading in PAGES:
            open_part(page, name, heading)
            look(page, f"chair-{width}px/{name.lower().replace(' ', '-')}")
            assert fits_its_width(page), f"{name} scrolls sideways at {width} px"

        # A month before the pilot: nothing happened, and each chart says so in words.
        open_part(page, "Children", "Children")
        page.get_by_text("Choose a period").click()
        fill_date(page, "From", "1", "1", "2022")
        fill_date(page, "To", "31", "1", "2022")
        page.get_by_role("button", name="Show figures for this period").click()
        expect(page.get_by_text("Figures for 1 January 2022 to 31 January 2022")).to_be_visible()
        sharing = page.locator("section#sharing")
        expect(sharing).to_contain_text("No consent to share was given or withdrawn")
        expect(sharing.locator("table")).to_have_count(0)
        onward = page.locator("section#onward-by-type")
        expect(onward).to_contain_text("No row's number can be shown")
        expect(onward.locator("svg")).to_have_count(0)
        look(page, f"chair-{width}px/children-empty-period")
        assert fits_its_width(page)
        open_part(page, "Feedback", "Feedback")  # the period goes with the chair
        expect(page.get_by_text("Figures for 1 January 2022 to 31 January 2022")).to_be_visible()
        look(page, f"chair-{width}px/feedback-empty-period")


def test_the_national_lead_reads_every_areas_pilots_and_sees_no_child(live_server, page, hopeside):
    sign_in(page, live_server.url, "national", password="demo-only-password")
    expect(page.get_by_role("heading", level=1, name="Pilots")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Hopeside")).to_be_visible()
    look(page, "national/pilots")
    page.get_by_role("link", name="Hopeside Child Impact Assessment pilot").click()
    expect(page.get_by_role("link", name="Write the report's sections")).to_have_count(0)
    for name, heading in PAGES:
        open_part(page, name, heading)
        look(page, f"national/{name.lower().replace(' ', '-')}")
        body = page.locator("main").inner_text()
        for child in Child.objects.values_list("preferred_name", flat=True):
            assert child not in body.split(), name
    expect(page.get_by_role("button", name="Add a unit cost")).to_have_count(0)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (320, 640)], ids=["desktop", "320px"])
def test_the_national_lead_reads_the_national_figures_and_downloads_them(
    live_server, browser, hopeside, width, height
):
    """The roll-up of every area's pilots for a year: the areas side by side, one area's
    tables, how old the figures are, and the CSV and the report for the commissioners."""
    with watched_page(browser, viewport={"width": width, "height": height}) as page:
        sign_in(page, live_server.url, "national", password="demo-only-password")
        page.get_by_role("link", name="National figures: every area's pilots added up").click()
        expect(page.get_by_role("heading", level=1, name="National figures")).to_be_visible()
        expect(page.get_by_text("Worked out on")).to_be_visible()
        areas = page.get_by_role("table", name="Areas")
        expect(areas).to_contain_text("Hopeside")
        expect(areas).to_contain_text("All areas")
        look(page, f"national-{width}px/national-figures")
        assert fits_its_width(page), f"the national figures scroll sideways at {width} px"

        page.get_by_label("Area", exact=True).select_option(label="Hopeside")
        page.get_by_role("button", name="Show figures").click()
        expect(page.get_by_role("heading", level=2, name="Hopeside", exact=True)).to_be_visible()
        expect(page.locator("section#gender")).to_contain_text("Children by gender")
        look(page, f"national-{width}px/one-area")
        assert fits_its_width(page)
        body = page.locator("main").inner_text()
        for child in Child.objects.values_list("preferred_name", flat=True):
            assert child not in body.split()

        with page.expect_download() as download:
            page.get_by_role(
                "link", name="Download every table of every area for 2023 (CSV)"
            ).click()
        with open(download.value.path(), encoding="utf-8-sig") as csv:
            assert (
                csv.readline().strip() == "Area,Table,Figure,Number,Measure,Why there is no number"
            )
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the national report for 2023 (PDF)").click()
        with open(download.value.path(), "rb") as pdf:
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
        assert "national figures for 2023" in text and "Hopeside" in text
