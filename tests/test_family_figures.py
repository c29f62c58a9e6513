"""The figures the costs report found nobody collects (issue 21): the families' circumstances,
the justice journey, the prison's distance, contact, mentors and telling the child what
happens next. Known answers on the evaluation world (tests/evaluation_world.py), with the
children's circumstances set here."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.models import Child, JusticeEvent, ParentChildLink, YouSaidWeDid
from evaluation import figures
from evaluation.figures import Period
from tests.evaluation_world import in_pilot
from tests.factories import CompletedAssessmentFactory, JusticeEventFactory

pytestmark = pytest.mark.django_db

Kind, Outcome = JusticeEvent.Kind, JusticeEvent.Outcome
Care, Contact = ParentChildLink.CareArrangement, ParentChildLink.Contact


def rows(table):
    return {label: c.value for label, c in table.rows}


def tables(pilot, *, threshold=1) -> dict:
    """Every table of the families and justice pages, by slug (a threshold of 1 hides
    nothing, so the numbers themselves can be checked)."""
    pilot.suppress_below = threshold
    f = figures.PilotFigures(pilot, Period(pilot.start, pilot.end))
    return {t.slug: t for t in [*f.families_tables, *f.justice_tables]}


def event(child, kind, on, **details):
    return JusticeEventFactory(parent=child.parent_links.get().parent, kind=kind, on=on, **details)


@pytest.fixture
def circumstances(world):
    """ann: her mother lived with her, is pregnant, has 3 children, went to prison 60 miles
    away in June; ann visits; she lives with her grandmother, apart from a brother.
    ben: his mother was his main carer, went to prison 10 miles away, then moved 120 miles
    away in August; calls only; he lives with an aunt. cat: her mother went to prison only
    in 2024. dan: removed from his mother's care before; residential care. eve: nothing
    recorded. fay: no parent recorded at all. out: outside the pilot, counted nowhere."""
    kids = world
    Child.objects.filter(pk=kids["ann"].pk).update(
        living_arrangement=Child.LivingArrangement.GRANDPARENT,
        siblings_apart=Child.SiblingsApart.YES,
        care_status=Child.CareStatus.CHILD_IN_NEED,
    )
    Child.objects.filter(pk=kids["ben"].pk).update(
        living_arrangement=Child.LivingArrangement.OTHER_FAMILY,
        siblings_apart=Child.SiblingsApart.NO,
    )
    Child.objects.filter(pk=kids["dan"].pk).update(
        living_arrangement=Child.LivingArrangement.RESIDENTIAL,
        care_status=Child.CareStatus.LOOKED_AFTER,
    )
    for name, care, contact in [
        ("ann", Care.LIVES_WITH, Contact.VISITS),
        ("ben", Care.SOLE_OR_PRIMARY, Contact.CALLS_OR_LETTERS),
        ("cat", Care.APART_WITH_CONTACT, Contact.NONE),
        ("dan", Care.CHILD_REMOVED, Contact.NOT_KNOWN),
        ("eve", Care.SHARED, Contact.NOT_KNOWN),
        ("out", Care.LIVES_WITH, Contact.VISITS),
    ]:
        ParentChildLink.objects.filter(child=kids[name]).update(
            care_arrangement=care, contact_now=contact
        )
    ann_mother = kids["ann"].parent_links.get().parent
    ann_mother.pregnant, ann_mother.number_of_children = True, 3
    ann_mother.save()
    ben_mother = kids["ben"].parent_links.get().parent
    ben_mother.number_of_children = 1
    ben_mother.save()

    event(kids["ann"], Kind.PRISON, date(2023, 6, 10), prison="HMP A", distance_miles=60)
    event(kids["ben"], Kind.PRISON, date(2023, 6, 15), prison="HMP B", distance_miles=10)
    event(kids["ben"], Kind.TRANSFER, date(2023, 8, 1), prison="HMP C", distance_miles=120)
    event(kids["cat"], Kind.PRISON, date(2024, 2, 1), prison="HMP A", distance_miles=5)
    event(kids["out"], Kind.PRISON, date(2023, 6, 1), prison="HMP A", distance_miles=5)

    hearing = {"kind": Kind.HEARING, "court": "Test Court"}
    adjourned = {**hearing, "outcome": Outcome.ADJOURNED}
    event(kids["ann"], on=date(2023, 3, 1), adjourned_for="report_and_cia", **adjourned)
    event(kids["ben"], on=date(2023, 2, 1), adjourned_for="report", **adjourned)
    event(kids["ben"], on=date(2022, 2, 1), adjourned_for="report", **adjourned)  # before
    elsewhere = {**adjourned, "court": "Elsewhere Court"}  # out's court: not the pilot's
    event(kids["out"], on=date(2023, 3, 1), adjourned_for="report_and_cia", **elsewhere)
    event(kids["ann"], on=date(2023, 6, 2), outcome=Outcome.CUSTODY, **hearing)
    event(kids["ben"], on=date(2023, 6, 3), outcome=Outcome.CUSTODY, **hearing)
    event(kids["dan"], on=date(2023, 6, 4), outcome=Outcome.COMMUNITY, **hearing)
    event(kids["ann"], Kind.REPORT_WRITTEN, date(2023, 4, 1), child_view="with_consent")
    event(kids["dan"], Kind.REPORT_WRITTEN, date(2023, 5, 1), child_view="no")
    event(kids["eve"], Kind.REPORT_WRITTEN, date(2023, 5, 2))

    # ann was given "You said, we did" in the period; fay only after it.
    ann_court = kids["ann"].assessments.get()
    YouSaidWeDid.objects.create(assessment=ann_court, sections=[], given_on=date(2023, 5, 10))
    fay_later = CompletedAssessmentFactory(child=kids["fay"], conversation_date=date(2023, 9, 1))
    YouSaidWeDid.objects.create(assessment=fay_later, sections=[], given_on=date(2024, 1, 5))
    return kids


def test_the_families_circumstances(pilot, circumstances):
    t = tables(pilot)
    assert rows(t["care-before"]) == {
        "Lives with the child": 1,  # ann
        "Sole or primary carer": 1,  # ben
        "Shared care": 1,  # eve
        "Lives apart, with contact": 1,  # cat
        "Contact under a court order": 0,
        "Child removed from their care": 1,  # dan
        "No contact": 0,
        "No parent in the justice system recorded": 1,  # fay
    }
    assert t["care-before"].total.value == 6
    living = rows(t["living-now"])
    assert living["A grandparent (kinship care)"] == 1
    assert living["Other family or friends (kinship care)"] == 1
    assert living["A children's home or residential care"] == 1
    assert living["Not known"] == 3  # cat, eve, fay
    assert sum(living.values()) == 6
    siblings = rows(t["siblings-apart"])
    assert siblings["Yes, some brothers or sisters live somewhere else"] == 1
    assert siblings["No, they live together"] == 1 and siblings["Not known"] == 4
    assert rows(t["care-status"]) == {
        "None": 4,
        "Child in need": 1,
        "Child protection plan": 0,
        "Looked after": 1,
    }


def test_the_parents(pilot, circumstances):
    t = tables(pilot)
    # Five mothers (fay has none recorded; out's is outside the pilot). Carers before: ann's
    # (lived with), ben's (main carer) and eve's (shared care).
    assert rows(t["parents"]) == {
        "Parents of the children in the pilot": 5,
        "Parents who cared for a child before (lived with, main or shared care)": 3,
        "Parents who are pregnant": 1,
    }
    assert rows(t["parents-by-children"]) == {
        "1 child": 1,
        "2 children": 0,
        "3 children": 1,
        "4 or more children": 0,
        "Not recorded": 3,
    }


def test_the_justice_journey(pilot, circumstances):
    t = tables(pilot)
    assert rows(t["adjourned"]) == {
        "A pre-sentence report and a Child Impact Assessment": 1,  # ann's, not out's
        "A pre-sentence report": 1,  # ben's in 2023, not in 2022
        "Another reason": 0,
        "Why not recorded": 0,
    }
    assert rows(t["sentences"]) == {
        "To parents who cared for a child before": 2,  # ann's and ben's mothers
        "To other parents": 1,  # dan's: he had been removed from her care
    }
    assert t["sentences"].total.value == 3
    assert rows(t["sentences-to-carers"])["Sentenced to custody"] == 2
    assert rows(t["sentences-to-carers"])["Community order"] == 0
    assert rows(t["reports-child-view"]) == {
        "Yes, with the child's consent": 1,
        "No": 1,
        "Not known": 0,
        "Not recorded": 1,
    }


def test_prison_distance_contact_mentors_and_telling_the_child(pilot, circumstances):
    t = tables(pilot)
    # In prison by the end of 2023: ann's and ben's mothers (cat's only went in 2024).
    assert t["prison-distance"].total.value == 2
    assert rows(t["prison-distance"]) == {
        "Under 25 miles": 0,
        "25 to 49 miles": 0,
        "50 to 99 miles": 1,  # ann
        "100 miles or more": 1,  # ben: the latest prison, not the first
        "Distance not recorded": 0,
    }
    assert rows(t["contact"]) == {
        "They live together": 0,
        "Visits, and calls or letters": 1,
        "Calls, video calls or letters only": 1,
        "No contact": 0,
        "Not known": 0,
    }
    assert rows(t["after-the-conversation"]) == {
        "Children referred to a mentor": 1,  # ann's onward referral to mentoring
        "Children given 'You said, we did' (what happens next)": 1,  # ann; fay's in 2024
    }


def test_the_new_figures_are_suppressed_with_the_childrens_totals(pilot, circumstances):
    """At the pilot's threshold of 2, the 1s are hidden, and so is whatever would give them
    away; the tables that split the children hide the same total as the profile."""
    t = tables(pilot, threshold=2)
    care = rows(t["care-before"])
    assert care["Lives with the child"] is None and care["Shared care"] is None
    assert t["contact"].total.value == 2
    assert set(rows(t["contact"]).values()) == {None}  # two 1s and zeros: all hidden
    f = figures.PilotFigures(pilot, Period(pilot.start, pilot.end))
    assert t["living-now"].total == t["care-before"].total == f.children.profile[0].total


def test_a_parent_with_two_children_in_the_pilot_is_counted_once(pilot, circumstances):
    kids = circumstances
    sister = in_pilot()
    ParentChildLink.objects.filter(child=sister).update(
        parent=kids["ann"].parent_links.get().parent
    )
    assert rows(tables(pilot)["parents"])["Parents of the children in the pilot"] == 5


def test_the_practitioner_records_the_circumstances_on_the_childs_page(practitioner_client, case):
    child, link = case["child"], case["link"]
    edit = reverse("assessments:child_edit", args=[child.id])
    form = {
        "preferred_name": child.preferred_name,
        "date_of_birth_0": child.date_of_birth.day,
        "date_of_birth_1": child.date_of_birth.month,
        "date_of_birth_2": child.date_of_birth.year,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "care_status": "none",
        "school_knows": "no",
        "saw_arrest": "no",
    }
    practitioner_client.post(
        edit, form | {"living_arrangement": "grandparent", "siblings_apart": "yes"}
    )
    child.refresh_from_db()
    assert (child.living_arrangement, child.siblings_apart) == ("grandparent", "yes")
    # A form sent without these questions keeps what was saved.
    practitioner_client.post(edit, form | {"school": "Hopeside Academy"})
    child.refresh_from_db()
    assert child.living_arrangement == "grandparent" and child.school == "Hopeside Academy"
    refused = practitioner_client.post(edit, form | {"siblings_apart": "x"}).content.decode()
    assert "Select a valid choice" in refused  # an answer not offered is not "unanswered"

    practitioner_client.post(
        reverse("assessments:parent_edit", args=[child.id, link.id]),
        {
            "parent-name": "Kim",
            "parent-number_of_children": "3",
            "link-relationship": "mother",
            "link-care_arrangement": "lives_with",
            "link-contact_now": "visits",
        },
    )
    page = practitioner_client.get(reverse("assessments:child_detail", args=[child.id]))
    text = page.content.decode()
    assert "A grandparent (kinship care)" in text
    assert "Yes, some brothers or sisters live somewhere else" in text
    assert "Visits, and calls or letters" in text
    link.refresh_from_db()
    assert link.parent.number_of_children == 3 and link.contact_now == "visits"
