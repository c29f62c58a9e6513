"""A family followed from arrest to release in a real Chromium, every page checked with
axe-core: Sam adds Tobi's family with his mum just arrested, records the hearings (one
adjourned for a pre-sentence report and a CIA), the sentence, prison, a move between prisons
(first to the prison she is already in, which is refused) and a visit, and hands the case on to
the prison's family services; Kim there accepts it from the team inbox, plans for release and
records it. The child's page follows her stage at every step. Key pages are saved under
var/screenshots/justice/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Child
from tests.e2e.conftest import fill_date, look, sign_in, watched_page
from tests.factories import OrganisationFactory, UserFactory, whole_case_consent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _date(page, legend: str, day) -> None:
    fill_date(page, legend, str(day.day), str(day.month), str(day.year))


def _record(page, kind: str, day, *, save=True, **fields) -> None:
    """From the parent's journey page: the kind, its date, and text fields by label."""
    page.get_by_role("link", name=kind, exact=True).click()
    look(page)
    _date(page, "Expected release date" if kind == "Release expected" else "Date", day)
    for label, value in fields.items():
        page.get_by_label(label.replace("_", " "), exact=True).fill(value)
    if save:
        page.get_by_role("button", name="Save").click()


JOURNEY = "Grace's journey: prison, release and every event"


def _stage_is(page, base, child, stage: str) -> None:
    page.goto(f"{base}/children/{child.id}/")
    expect(page.get_by_text(stage, exact=True)).to_be_visible()
    look(page)


def test_a_practitioner_follows_a_family_from_arrest_to_release(live_server, browser):
    today = timezone.localdate()
    families = OrganisationFactory(name="HMP Styal family services")
    UserFactory(username="sam", first_name="Sam", last_name="Patel")
    UserFactory(username="kim", first_name="Kim", last_name="Jones", organisation=families)
    base = live_server.url
    with watched_page(browser) as page:
        sign_in(page, base, "sam")
        page.goto(f"{base}/children/add/")
        look(page)
        page.get_by_label("Name the child likes to be called").fill("Tobi")
        fill_date(page, "Date of birth", "2", "5", "2014")
        page.get_by_label("Boy", exact=True).check()
        page.get_by_label("Black, Black British, Caribbean or African").check()
        look(page)
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Parent's name").fill("Grace")
        page.get_by_label("Family name").fill("The Adeyemi family")
        page.get_by_label("Sole or primary carer").check()
        look(page)
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Arrested").check()
        _date(page, "When did it happen?", today - timedelta(days=200))
        look(page)
        page.get_by_role("button", name="Continue").click()
        look(page)
        page.get_by_role("button", name="Add the family").click()
        expect(page.get_by_role("heading", name="Tobi", exact=True)).to_be_visible()
        expect(page.get_by_text("Arrest, bail or remand", exact=True)).to_be_visible()
        look(page, "justice/1-added")
        tobi = Child.objects.get(preferred_name="Tobi")

        page.get_by_role("link", name=JOURNEY).click()
        look(page, "justice/2-journey")
        _record(page, "Released on bail", today - timedelta(days=199))
        _record(
            page, "Court hearing", today - timedelta(days=150), Court="Hopeside Court", save=False
        )
        page.get_by_label("Sentencing").check()
        page.get_by_label("Adjourned", exact=True).check()
        page.get_by_label("A pre-sentence report and a Child Impact Assessment").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Court hearing: adjourned")).to_be_visible()
        look(page)

        # Released before she went to prison: refused, with what was typed kept.
        _record(page, "Released", today - timedelta(days=120), save=False)
        page.get_by_label("Anything else").fill("Typed before the mistake was seen")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(page.get_by_label("Anything else")).to_have_value(
            "Typed before the mistake was seen"
        )
        look(page, "justice/3-out-of-order")
        page.get_by_role("link", name="Back to Grace's journey").click()

        sentenced = today - timedelta(days=120)
        _record(page, "Court hearing", sentenced, Court="Hopeside Court", save=False)
        page.get_by_label("Sentencing").check()
        page.get_by_label("Sentenced to custody").check()
        page.get_by_label("Length of the sentence, in months").fill("10")
        page.get_by_role("button", name="Save").click()
        _record(page, "Went to prison", sentenced, Prison="HMP Eastwood Park", save=False)
        page.get_by_label("Distance from the child's home, in miles").fill("64")
        page.get_by_role("button", name="Save").click()
        _record(
            page, "Moved to another prison", today - timedelta(days=60), Prison="HMP Eastwood Park"
        )
        expect(
            page.get_by_role("link", name="They were already in HMP Eastwood Park")
        ).to_be_visible()
        look(page, "justice/4-same-prison")
        page.get_by_label("Prison", exact=True).fill("HMP Styal")
        page.get_by_label("Distance from the child's home, in miles").fill("140")
        page.get_by_role("button", name="Save").click()
        _record(page, "Release expected", today + timedelta(days=30))
        expect(page.get_by_text("To come", exact=True)).to_be_visible()
        look(page, "justice/5-journey-in-prison")
        _stage_is(page, base, tobi, "Custody (prison)")
        page.get_by_role("link", name=JOURNEY).click()  # the prison is on the journey (issue 19)
        expect(page.get_by_text("HMP Styal (140 miles from home)")).to_be_visible()
        look(page)
        page.get_by_role("link", name="Back to Tobi").click()

        # A visit to mum, logged as a contact.
        page.get_by_role("link", name="Add a note or contact").click()
        look(page)
        page.get_by_label("Visit to the parent (the child's, or ours)").check()
        _date(page, "When", today - timedelta(days=10))
        page.get_by_label("What happened").fill("Took Tobi to see his mum at HMP Styal.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("Note saved")).to_be_visible()
        look(page)

    whole_case_consent(child=tobi, organisation=families)  # Tobi agreed to the move
    with watched_page(browser) as page:
        sign_in(page, base, "sam")
        page.goto(f"{base}/children/{tobi.id}/")
        page.get_by_role("link", name="Hand this case on to another organisation").click()
        look(page)
        page.get_by_label("Which organisation will take the case on?").select_option(
            label="HMP Styal family services"
        )
        page.get_by_label("Handover note").fill("Grace is at HMP Styal now; release in a month.")
        page.get_by_label("No, they will take it over").check()
        page.get_by_role("button", name="Hand the case on").click()
        expect(
            page.get_by_text("Handed on: it waits for HMP Styal family services")
        ).to_be_visible()
        look(page)

    with watched_page(browser) as page:
        sign_in(page, base, "kim")
        page.get_by_role("link", name="Your team's inbox").click()
        look(page)
        page.get_by_role("link", name="Tobi").click()
        expect(page.get_by_text("Grace is at HMP Styal now; release in a month.")).to_be_visible()
        look(page)
        page.get_by_label("Yes: I will hold the case").check()
        page.get_by_role("button", name="Send your answer").click()
        expect(page.get_by_text("You hold Tobi's case now")).to_be_visible()
        look(page)

        page.goto(f"{base}/children/{tobi.id}/")
        page.get_by_role("link", name="Keeping in touch with their parent, and release").click()
        look(page)
        page.get_by_role("link", name="Start a release plan (Grace)").click()
        look(page)
        expect(
            page.get_by_role(
                "group", name="When is the parent expected to be released?"
            ).get_by_label("Day")
        ).to_have_value(str((today + timedelta(days=30)).day))  # from the journey
        page.get_by_label("Where will the parent live?").fill("A two-bedroom flat from the council")
        page.get_by_role("button", name="Save").click()
        look(page, "justice/6-release-plan")

        page.goto(f"{base}/children/{tobi.id}/")
        page.get_by_role("link", name=JOURNEY).click()
        _record(page, "Released", today)
        expect(page.get_by_text("Saved: Released")).to_be_visible()
        look(page, "justice/7-released")
        _stage_is(page, base, tobi, "Release")
        page.get_by_role("link", name="The whole chronology").click()
        expect(page.get_by_text("Moved to another prison")).to_be_visible()
        expect(page.get_by_text("Took Tobi to see his mum at HMP Styal.")).to_be_visible()
        look(page, "justice/8-chronology")
