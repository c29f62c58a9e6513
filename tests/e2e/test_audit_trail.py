"""An information governance officer (an auditor) searches the audit trail, pages through
what it found and downloads it, in Chromium, on a desktop and at 320 CSS pixels wide."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import EXPORT_HEADER
from tests.e2e.conftest import fill_date, look, sign_in, watched_page
from tests.factories import ChildFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _trail_of_a_busy_morning():
    """Jo Clarke opens Ayo's record 155 times in ten minutes, then changes it 70 times over
    the month; Sam Patel opens another child's record once."""
    jo = UserFactory(first_name="Jo", last_name="Clarke", username="jclarke")
    ayo = ChildFactory(preferred_name="Ayo", created_by=jo)
    start = timezone.make_aware(datetime(2026, 3, 2, 10, 2))
    rows = [(start + timedelta(seconds=600 * n / 154), "view") for n in range(155)]
    rows += [(start + timedelta(hours=6 * n + 1), "update") for n in range(70)]
    made = AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=jo,
            action=action,
            object_type="assessments.child",
            object_id=str(ayo.pk),
            child_id=ayo.pk,
            detail="" if action == "view" else "Changed: school",
            ip_address="10.1.2.3",
        )
        for _at, action in rows
    )
    for event, (at, _action) in zip(made, rows, strict=True):
        AuditEvent.objects.filter(pk=event.pk).update(at=at)
    other = ChildFactory(created_by=UserFactory(first_name="Sam", last_name="Patel"))
    AuditEvent.objects.create(
        actor=other.created_by,
        action="view",
        object_type="assessments.child",
        object_id=str(other.pk),
        child_id=other.pk,
    )
    return ayo


@pytest.mark.parametrize(("width", "height"), [(1100, 900), (320, 640)])
def test_an_auditor_searches_pages_through_and_downloads_the_trail(
    live_server, browser, width, height
):
    ayo = _trail_of_a_busy_morning()
    UserFactory(username="ig-officer", roles=["Auditor"])
    shots = f"audit-trail-{width}px"
    with watched_page(browser, viewport={"width": width, "height": height}) as page:
        sign_in(page, live_server.url, "ig-officer")
        if width < 641:  # the service navigation folds into a menu
            page.get_by_role("button", name="Menu").click()
        page.get_by_role("link", name="Audit trail").click()
        expect(page.get_by_role("heading", name="Audit trail", level=1)).to_be_visible()
        look(page, f"{shots}/1-everything")

        page.get_by_label("Person").fill("Jo Clarke")
        page.get_by_label("Child's case reference").fill(ayo.reference.lower())
        fill_date(page, "From", "31", "2", "2026")
        fill_date(page, "To", "31", "3", "2026")
        page.get_by_role("button", name="Search").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("From must be a real date")
        expect(page.get_by_label("Person")).to_have_value("Jo Clarke")
        expect(page.get_by_role("group", name="From").get_by_label("Day")).to_have_value("31")
        look(page, f"{shots}/2-a-date-that-is-not-a-date")

        fill_date(page, "From", "1", "3", "2026")
        page.get_by_role("button", name="Search").click()
        assert "csrfmiddlewaretoken" not in page.url and "person=Jo+Clarke" in page.url
        expect(page.get_by_role("heading", name="71 lines found")).to_be_visible()
        expect(
            page.get_by_text(
                f"Jo Clarke opened child {ayo.reference}'s record 155 times between 10:02 and 10:12"
            )
        ).to_have_count(0)  # the views came first: they are on the last page
        expect(
            page.get_by_text(f"Jo Clarke changed child {ayo.reference}'s record").first
        ).to_be_visible()
        assert "Ayo" not in page.locator("main").inner_text()
        _fits(page, width)
        look(page, f"{shots}/3-found")

        page.get_by_role("link", name="Next page").click()
        expect(page.get_by_role("link", name="Page 2 of 2")).to_be_visible()
        expect(
            page.get_by_text(
                f"Jo Clarke opened child {ayo.reference}'s record 155 times between 10:02 and 10:12"
            )
        ).to_be_visible()
        _fits(page, width)
        look(page, f"{shots}/4-page-two")

        page.get_by_text("What the download holds").click()
        expect(page.get_by_text("one header row")).to_be_visible()
        look(page, f"{shots}/5-what-the-download-holds")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download what was found (CSV)").click()
        with open(download.value.path(), encoding="utf-8") as file:
            rows = list(csv.reader(io.StringIO(file.read(), newline="")))
        assert download.value.suggested_filename.startswith("audit-trail-")
        assert rows[0] == EXPORT_HEADER and len(rows) == 1 + 155 + 70
        assert {row[EXPORT_HEADER.index("Child's case reference")] for row in rows[1:]} == {
            ayo.reference
        }

        page.get_by_role("link", name="Clear the search").click()  # the export is in it now
        look(page)
        page.get_by_label("Person").fill("ig-officer")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text("exported the audit trail")).to_be_visible()
        expect(page.get_by_text("Searched for: person 'Jo Clarke'")).to_be_visible()
        look(page, f"{shots}/6-the-export-in-the-trail")


def _fits(page, width: int) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the audit trail is {overflow} px too wide at {width} px"
