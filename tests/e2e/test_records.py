"""The case holder closes a case and downloads the whole record, in Chromium."""

import io
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Child
from tests.e2e.conftest import fill_date, look, sign_in
from tests.factories import ParentChildLinkFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_holder_closes_the_case_and_downloads_the_whole_record(live_server, page):
    holder = UserFactory(username="holder")
    child = ParentChildLinkFactory(child__created_by=holder, child__preferred_name="Kai").child
    sign_in(page, live_server.url, "holder")
    page.goto(f"{live_server.url}/children/{child.id}/")
    look(page)
    page.get_by_role("link", name="Close the case, or download the whole record").click()
    expect(page.get_by_role("heading", name="The case and the record")).to_be_visible()
    look(page)

    fill_date(page, "Date the case closed", "1", "2", "2999")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be today or in the past")
    expect(
        page.get_by_role("group", name="Date the case closed").get_by_label("Year")
    ).to_have_value("2999")
    look(page)
    fill_date(page, "Date the case closed", "1", "2", "2026")
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("The case closed on 1 February 2026.")).to_be_visible()
    expect(page.get_by_text("anonymised after 1 February 2032")).to_be_visible()
    look(page, "records-case-closed")
    assert Child.objects.get(pk=child.pk).closed_on == date(2026, 2, 1)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the whole record (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Everything held about Kai" in text and "Case closed on 1 February 2026" in text

    page.get_by_role("link", name="Back to Kai").click()
    expect(page.get_by_role("heading", name="Kai Case closed")).to_be_visible()
