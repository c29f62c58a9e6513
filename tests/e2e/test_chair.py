"""The chair's journey on the Hopeside demo, in Chromium: the dashboard's figures match the
records, an action plan step is updated, and the evaluation report is downloaded."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Child
from evaluation import figures
from evaluation.models import Pilot, PlanAction
from tests.e2e.conftest import look, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_chair_reads_the_dashboard_updates_the_plan_and_downloads_the_report(
    live_server,
    page,
    settings,
    monkeypatch,  # noqa: F811
):
    settings.DEMO_MODE = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo-only-password")
    call_command("seed_demo")
    pilot = Pilot.objects.get(slug="hopeside-2023")
    expected = figures.dashboard(pilot, figures.Period(pilot.start, pilot.end))

    sign_in(page, live_server.url, "chair", password="demo-only-password")

    expect(
        page.get_by_role("heading", name="Hopeside Child Impact Assessment pilot")
    ).to_be_visible()
    for label, count in expected.headline.rows:
        expect(page.locator(".app-headline", has_text=label)).to_contain_text(str(count))
    funnel = page.locator("table", has=page.get_by_text("From referral to action"))
    for label, count in expected.funnel.rows:
        expect(funnel.get_by_role("row", name=label)).to_contain_text(str(count))
    body = page.locator("main").inner_text()
    for name in Child.objects.values_list("preferred_name", flat=True):
        assert name not in body.split()
    look(page, "chair-dashboard")

    page.get_by_role("link", name="Action plan", exact=True).click()
    look(page, "chair-action-plan")
    page.get_by_role("link", name="5.2 update").click()
    look(page)
    page.get_by_label("Done").check()
    page.get_by_label("Evidence").fill("Fictional: listing office agreed adjournments in writing.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action 5.2 updated")).to_be_visible()
    look(page)
    assert PlanAction.objects.get(outcome__pilot=pilot, code="5.2").status == "done"

    page.get_by_role("link", name="Back to the dashboard").click()
    look(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the evaluation report (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    text = " ".join(text.split())
    assert f"Children with a completed CIA {expected.headline.rows[0][1]}" in text
