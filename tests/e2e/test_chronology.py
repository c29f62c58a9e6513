"""Notes, contacts and the chronology in a real Chromium against a live server, every page
checked with axe-core: a practitioner writes up a school visit (first with mistakes), saves a
phone call as a draft and finishes it, sees both versions, reads the chronology, filters it
(once with the dates the wrong way round) and downloads it, and records how Tobi keeps in touch
with his mum; a recipient the child agreed to
share the practitioner's notes with reads the saved notes and their chronology, and not the
draft. Key pages are saved under
var/screenshots/chronology/."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chronology.models import CaseNote
from tests.e2e.conftest import fill_date, look, sign_in, watched_page
from tests.factories import (
    ChildFactory,
    ConsentFactory,
    ParentChildLinkFactory,
    UserFactory,
    whole_case_consent,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_keeps_notes_and_a_recipient_reads_only_the_saved_ones(live_server, browser):
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    UserFactory(username="kim", first_name="Kim", last_name="Jones")
    tobi = ChildFactory(created_by=sam, preferred_name="Tobi")
    ParentChildLinkFactory(child=tobi, parent__name="Amara")
    today = timezone.localdate()
    base = live_server.url
    with watched_page(browser) as page:
        sign_in(page, base, "sam")
        page.goto(f"{base}/children/{tobi.id}/")
        look(page)
        page.get_by_role("link", name="Add a note or contact").click()
        look(page)
        page.get_by_label("Who took part").fill("Ms Okafor (head of year)")
        fill_date(page, "When", str(today.day), str(today.month), str(today.year + 1))
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(page.get_by_role("link", name="When must be today or in the past")).to_be_visible()
        expect(page.get_by_label("Who took part")).to_have_value("Ms Okafor (head of year)")
        look(page, "chronology/1-errors")
        page.get_by_label("School visit").check()
        fill_date(page, "When", str(today.day), str(today.month), str(today.year))
        page.get_by_label("What happened").fill("Agreed a quiet place at break on hard days.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("Note saved")).to_be_visible()
        look(page)

        page.get_by_role("link", name="Back to notes and contacts").click()
        look(page)
        page.get_by_role("button", name="Add a note or contact").click()
        page.get_by_label("Phone call").check()
        fill_date(page, "When", str(today.day), str(today.month), str(today.year))
        page.get_by_label("What happened").fill("Rang Grandma.")
        page.get_by_role("button", name="Save as a draft").click()
        expect(page.get_by_text("Draft saved")).to_be_visible()
        look(page)
        page.get_by_role("button", name="Finish this note").click()
        look(page)
        page.get_by_label("What happened").fill("Rang Grandma: Tobi is sleeping better.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("heading", name="History")).to_be_visible()
        expect(page.get_by_text("changed by Sam Patel")).to_be_visible()
        look(page, "chronology/2-history")
        page.get_by_role("link", name="Back to notes and contacts").click()
        expect(page.get_by_role("link", name=re.compile("^Phone call"))).to_be_visible()
        look(page, "chronology/3-list")

        page.goto(f"{base}/children/{tobi.id}/")
        page.get_by_role("link", name="The whole chronology").click()
        expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
        expect(page.get_by_text("Agreed a quiet place at break on hard days.")).to_be_visible()
        look(page, "chronology/5-chronology")
        page.get_by_label("Offers and conversations").check()
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_text("Nothing to show.")).to_be_visible()
        look(page)
        fill_date(page, "From", "1", "1", str(today.year + 1))
        fill_date(page, "To", "1", "1", str(today.year))
        page.get_by_role("button", name="Show").click()
        expect(
            page.get_by_role("link", name="To must be the same as or after From")
        ).to_be_visible()
        look(page, "chronology/6-chronology-errors")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download as a PDF for a handover").click()
        assert download.value.suggested_filename.startswith("chronology-")

        page.goto(f"{base}/children/{tobi.id}/")
        page.get_by_role("link", name="Keeping in touch with their parent, and release").click()
        look(page)
        page.get_by_role("link", name=re.compile("^Record how they keep in touch")).click()
        look(page)
        page.get_by_label("Visits", exact=True).check()
        page.get_by_label("Video calls").check()
        page.get_by_label("Every month", exact=True).check()
        page.get_by_label("Who takes the child to visits?").fill("Grandma")
        page.get_by_label("Distance to the prison").check()
        page.get_by_label("Wants contact, but in their own way or time").check()
        page.get_by_label("In the child's own words").fill("Not on school days.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Visits, Video calls")).to_be_visible()
        look(page, "chronology/8-keeping-in-touch")
        page.get_by_role("link", name="Log a visit").click()
        expect(page.get_by_label("Visit to the parent (the child's, or ours)")).to_be_checked()
        look(page)

    kim = UserFactory._meta.model.objects.get(username="kim")
    ConsentFactory(child=tobi, recipients=[kim], include_practitioner_notes=True)
    CaseNote.objects.create(
        child=tobi, written_by=sam, happened_on=today, summary="Not finished", status="draft"
    )
    with watched_page(browser) as page:
        sign_in(page, base, "kim")
        page.goto(f"{base}/children/{tobi.id}/")
        look(page)
        page.get_by_role("link", name="Notes and contacts").click()
        expect(page.get_by_text("Rang Grandma: Tobi is sleeping better.")).to_be_visible()
        expect(page.get_by_text("Not finished")).to_have_count(0)
        expect(page.get_by_role("button", name="Add a note or contact")).to_have_count(0)
        look(page, "chronology/4-recipient")
        page.goto(f"{base}/children/{tobi.id}/")
        page.get_by_role("link", name="Chronology of what you can see").click()
        expect(page.get_by_text("Rang Grandma: Tobi is sleeping better.")).to_be_visible()
        expect(page.get_by_text("Not finished")).to_have_count(0)
        look(page, "chronology/7-recipient-chronology")


def test_a_case_is_handed_on_and_accepted_from_the_team_inbox(live_server, browser):
    from assessments.models import Child
    from tests.factories import OrganisationFactory

    prison = OrganisationFactory(name="HMP Hopeside family services")
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    UserFactory(username="kim", first_name="Kim", last_name="Jones", organisation=prison)
    tobi = ChildFactory(created_by=sam, preferred_name="Tobi")
    whole_case_consent(child=tobi, organisation=prison)
    base = live_server.url
    with watched_page(browser) as page:
        sign_in(page, base, "sam")
        page.goto(f"{base}/children/{tobi.id}/")
        page.get_by_role("link", name="Hand this case on to another organisation").click()
        look(page)
        page.get_by_role("button", name="Hand the case on").click()
        expect(page.get_by_role("link", name="Enter a handover note")).to_be_visible()
        look(page, "chronology/9-hand-on-errors")
        page.get_by_label("Which organisation will take the case on?").select_option(
            label="HMP Hopeside family services"
        )
        page.get_by_label("Handover note").fill("Mum is at HMP Hopeside now. Tobi wants calls.")
        page.get_by_label("No, they will take it over").check()
        page.get_by_role("button", name="Hand the case on").click()
        expect(
            page.get_by_text("Handed on: it waits for HMP Hopeside family services")
        ).to_be_visible()
        look(page)
    with watched_page(browser) as page:
        sign_in(page, base, "kim")
        page.get_by_role("link", name="Your team's inbox").click()
        look(page, "chronology/10-team-inbox")
        page.get_by_role("link", name="Tobi").click()
        expect(page.get_by_text("Tobi wants calls.")).to_be_visible()
        look(page)
        page.get_by_label("Yes: I will hold the case").check()
        page.get_by_role("button", name="Send your answer").click()
        expect(page.get_by_text("You hold Tobi's case now")).to_be_visible()
        look(page, "chronology/11-accepted")
    assert list(Child.objects.get(pk=tobi.pk).practitioners.values_list("username", flat=True)) == [
        "kim"
    ]


def test_a_service_answers_an_onward_referral_and_ends_it(live_server, browser):
    from referrals.services import onward_referral_create
    from tests.factories import AgreedActionFactory, OrganisationFactory, SupportServiceFactory

    together = OrganisationFactory(name="Hopeside Families Together")
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    UserFactory(username="ama", first_name="Ama", last_name="Boateng", organisation=together)
    tobi = ChildFactory(created_by=sam, preferred_name="Tobi")
    ConsentFactory(child=tobi, recipients=[together])
    onward_referral_create(
        action=AgreedActionFactory(child=tobi),
        service=SupportServiceFactory(name="Family support", organisation=together),
        actor=sam,
        note="Help Tobi and his grandma set up a weekly call.",
    )
    today = timezone.localdate()
    with watched_page(browser) as page:
        sign_in(page, live_server.url, "ama")
        page.goto(f"{live_server.url}/team/inbox/")
        look(page)
        page.get_by_role("link", name="Tobi").click()
        expect(page.get_by_text("Help Tobi and his grandma set up a weekly call.")).to_be_visible()
        look(page, "chronology/12-service-referral")
        page.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Send your answer").click()
        expect(
            page.get_by_text("Saved: the practitioner who referred the child is told")
        ).to_be_visible()
        look(page)
        fill_date(page, "When was the session?", str(today.day), str(today.month), str(today.year))
        page.get_by_label("What happened").fill("First call went well")
        page.get_by_role("button", name="Record the session").click()
        expect(page.get_by_role("heading", name="End the service")).to_be_visible()
        look(page)
        page.get_by_role("button", name="End the service and tell the referrer").click()
        expect(page.get_by_role("link", name="Enter what changed for the child")).to_be_visible()
        look(page, "chronology/13-service-end-errors")
        page.get_by_label("What changed for the child?").fill("Tobi talks to mum every Sunday")
        page.get_by_label("End-of-service note for the practitioner who referred the child").fill(
            "Calls settled"
        )
        page.get_by_role("button", name="End the service and tell the referrer").click()
        expect(page.get_by_text("Completed")).to_be_visible()
        look(page)
