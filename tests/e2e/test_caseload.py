"""A team running its caseload, in a real Chromium against a live server, every page checked with
axe-core: the safeguarding lead finds a child she does not hold and shares without consent,
then ends it, and the case holder is told; a practitioner starts the day on Today and clears an
overdue action; a second referral for a known child raises the duplicate request and the holder
adds the colleague; a team manager moves the work of someone who is leaving and closes the
account. Key pages are saved under var/screenshots/caseload/."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import AgreedAction, JoinRequest, SafeguardingOverride
from cia_portal.accounts.models import Role, User
from referrals.services import referral_create
from tests.e2e.conftest import fill_date, look, sign_in, watched_page
from tests.factories import (
    AgreedActionFactory,
    ChildFactory,
    FamilyFactory,
    OrganisationFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BORN = date(2014, 6, 2)


def test_the_safeguarding_lead_shares_without_consent_and_ends_it(live_server, browser):
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    kim = UserFactory(first_name="Kim", last_name="Social", job_title="Social worker")
    UserFactory(
        username="priya", first_name="Priya", last_name="Shah", roles=[Role.SAFEGUARDING_LEAD]
    )
    family = FamilyFactory(name="The Adeyemi family", created_by=sam)
    tobi = ChildFactory(created_by=sam, family=family, preferred_name="Tobi", date_of_birth=BORN)
    base = live_server.url
    with watched_page(browser) as lead, watched_page(browser) as holder:
        sign_in(lead, base, "priya")
        expect(lead.get_by_role("heading", name="Sharing without consent")).to_be_visible()
        lead.get_by_role("link", name="Find a child", exact=True).click()
        look(lead)
        lead.get_by_role("button", name="Search").click()
        expect(lead.get_by_role("heading", name="There is a problem")).to_be_visible()
        look(lead, "caseload/1-01-search-errors")
        lead.get_by_label("Why are you looking for this child?").fill(
            "The school called: Tobi disclosed harm at home"
        )
        lead.get_by_label("Child's name, family name").fill("Toby Adeyemi")
        lead.get_by_role("button", name="Search").click()
        expect(lead.get_by_role("heading", name="1 child found")).to_be_visible()
        look(lead, "caseload/1-02-search-results")
        lead.get_by_role("link", name=re.compile(r"Share without consent\W+Tobi")).click()
        look(lead)
        lead.get_by_label("Share with a practitioner").select_option(value=str(kim.pk))
        lead.get_by_label("Why is the child at risk of significant harm?").fill(
            "Disclosure at school; children's services must see his words"
        )
        stop = timezone.localdate() + timedelta(days=14)
        fill_date(lead, "Stop sharing on", str(stop.day), str(stop.month), str(stop.year))
        lead.get_by_role("button", name="Share without consent").click()
        expect(lead.get_by_text("Shared without consent.")).to_be_visible()
        expect(lead.get_by_role("heading", name="Ending within a week (0)")).to_be_visible()
        look(lead, "caseload/1-03-overrides")

        sign_in(holder, base, "sam")
        holder.get_by_role("link", name=re.compile(r"^Notifications")).click()
        expect(holder.get_by_text("shared the record of Tobi, whose case you hold")).to_be_visible()
        look(holder, "caseload/1-04-holder-notifications")
        holder.get_by_role("link", name=re.compile(r"Open\W+Shared without consent, Tobi")).click()
        expect(holder.get_by_role("heading", name="Tobi", exact=True)).to_be_visible()
        look(holder)

        lead.get_by_role("button", name=re.compile(r"End now\W+Tobi")).click()
        expect(lead.get_by_text("Sharing Tobi's record without consent has ended.")).to_be_visible()
        look(lead)
        holder.get_by_role("link", name=re.compile(r"^Notifications")).click()
        expect(holder.get_by_text("ended the sharing without consent of Tobi")).to_be_visible()
        look(holder)
    assert SafeguardingOverride.objects.get(child=tobi).ended_at is not None


def test_a_practitioner_starts_the_day_on_today_and_clears_an_overdue_action(live_server, page):
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    link = ParentChildLinkFactory(child__created_by=sam, child__preferred_name="Ruby")
    late = AgreedActionFactory(
        child=link.child,
        description="Ask the school about homework club",
        due_date=timezone.localdate() - timedelta(days=2),
    )
    sign_in(page, live_server.url, "sam")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    look(page, "caseload/2-01-today")
    page.get_by_role("link", name=re.compile(r"Update\W+Ask the school about")).click()
    look(page)
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Save").click()
    look(page)
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_text("Nothing needs you today")).to_be_visible()
    look(page, "caseload/2-02-today-cleared")
    late.refresh_from_db()
    assert late.status == AgreedAction.Status.DONE


def test_a_second_referral_for_a_known_child_asks_the_holder(live_server, browser):
    """Jo added Toby's family at his mum's arrest; Sam's service knows the same boy as Tobi.
    The court refers the family again, and linking that referral raises the request."""
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    jo_user = UserFactory(
        username="jo", first_name="Jo", last_name="Clarke", job_title="Probation officer"
    )
    family = FamilyFactory(name="The Adeyemi family", created_by=sam)
    ChildFactory(created_by=sam, family=family, preferred_name="Tobi", date_of_birth=BORN)
    graces = FamilyFactory(name="Grace A.", created_by=jo_user)
    ChildFactory(created_by=jo_user, family=graces, preferred_name="Toby", date_of_birth=BORN)
    referral_create(
        received_by=jo_user,
        data={
            "route": ReferralRouteFactory(),
            "referred_by": "Hopeside Court",
            "mother_name": "Grace",
        },
    )
    base = live_server.url
    with watched_page(browser) as jo, watched_page(browser) as holder:
        sign_in(jo, base, "jo")
        jo.get_by_role("link", name="Referrals", exact=True).click()
        look(jo)
        jo.get_by_role("link", name="Grace's children").click()
        look(jo)
        jo.get_by_role("button", name="Link the family").click()
        expect(jo.get_by_role("heading", name="There is a problem")).to_be_visible()
        look(jo)
        jo.get_by_label("Which family is it?").select_option(label="Grace A.: Toby")
        jo.get_by_role("button", name="Link the family").click()
        expect(jo.get_by_text("Referral linked to the family")).to_be_visible()
        expect(jo.get_by_text("may already be known to another service")).to_be_visible()
        main = jo.locator("main").inner_text()
        assert "Tobi" not in main and "Adeyemi" not in main and "Sam" not in main
        look(jo, "caseload/3-01-likely-known")

        sign_in(holder, base, "sam")
        expect(
            holder.get_by_role("heading", name="Colleagues asking to join a case")
        ).to_be_visible()
        look(holder, "caseload/3-02-today-request")
        holder.locator("#requests + ul").get_by_role("link", name="Tobi").click()
        expect(holder.get_by_text("Toby, born 2 June 2014")).to_be_visible()
        look(holder)
        holder.get_by_role("button", name="Save").click()
        expect(holder.get_by_role("heading", name="There is a problem")).to_be_visible()
        look(holder)
        holder.get_by_label("Yes: add Jo Clarke to the case").check()
        holder.get_by_role("button", name="Save").click()
        expect(holder.get_by_text("Jo Clarke now holds this case too")).to_be_visible()
        look(holder)

        jo.get_by_role("link", name=re.compile(r"^Notifications")).click()
        expect(jo.get_by_text("added you to Tobi's case")).to_be_visible()
        look(jo)
    assert JoinRequest.objects.get().status == JoinRequest.Status.ADDED


def test_a_team_manager_moves_the_work_of_someone_leaving(live_server, page):
    team = OrganisationFactory(name="Hopeside Women's Centre")
    UserFactory(
        username="rosa",
        first_name="Rosa",
        last_name="Bennett",
        organisation=team,
        roles=[Role.TEAM_MANAGER],
    )
    dan = UserFactory(username="dan", first_name="Dan", last_name="Hughes", organisation=team)
    UserFactory(first_name="Sky", last_name="Reed", organisation=team)
    for name in ("Ellie", "Riley"):
        ChildFactory(created_by=dan, preferred_name=name)
    sign_in(page, live_server.url, "rosa")
    expect(page.get_by_role("heading", name="Your team")).to_be_visible()
    look(page, "caseload/4-01-team")
    page.get_by_role("link", name="Dan Hughes").click()
    look(page)
    page.get_by_role("button", name="Close Dan Hughes's account").click()
    expect(page.get_by_text("2 cases nobody else holds")).to_be_visible()
    look(page, "caseload/4-02-close-refused")
    page.get_by_label("Move them to").select_option(
        label="Sky Reed, Family support worker, Hopeside Women's Centre"
    )
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_text("2 moved to Sky Reed")).to_be_visible()
    look(page)
    page.get_by_role("button", name="Close Dan Hughes's account").click()
    expect(page.get_by_text("Dan Hughes can no longer sign in.")).to_be_visible()
    look(page, "caseload/4-03-team-after")
    assert not User.objects.get(username="dan").is_active
