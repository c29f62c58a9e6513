"""Two people edit the same record: the second save is refused with both versions shown and
the second person's typing kept; nothing is overwritten without them seeing it."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import AgreedAction, Assessment
from evaluation.models import PlanAction, PlanOutcome, UnitCost
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    HearingFactory,
    ParentChildLinkFactory,
    PilotFactory,
    ReferralRouteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client(client, child, django_user_model):
    """A second practitioner holding the same case, in their own browser."""
    from assessments import services
    from tests.conftest import SignedInClient

    colleague = UserFactory(organisation=child.created_by.organisation)
    services.child_allocate(child=child, practitioner=colleague, actor=child.created_by)
    browser = SignedInClient()
    browser.force_login(colleague)
    return browser


def seen_in(response) -> str:
    return re.search(r'name="seen" value="([0-9a-f]+)"', response.content.decode()).group(1)


def both_edit(url, me, colleague, *, theirs: dict, mine: dict):
    """Both open the page; the colleague saves first; then I save. Returns my response."""
    my_seen = seen_in(me.get(url))
    their_seen = seen_in(colleague.get(url))
    first = colleague.post(url, theirs | {"seen": their_seen})
    assert first.status_code == 302
    return me.post(url, mine | {"seen": my_seen})


def section(assessment, slug):
    return reverse("assessments:assessment_section", args=[assessment.id, slug])


def test_the_second_save_of_the_same_answer_is_refused_and_keeps_both(
    practitioner_client, colleague_client, child
):
    assessment = AssessmentFactory(child=child, worries="")
    url = section(assessment, "what-worries-me")
    second = both_edit(
        url,
        practitioner_client,
        colleague_client,
        theirs={"worries": "The dark"},
        mine={"worries": "Big dogs and school"},
    )

    page = second.content.decode()
    assert second.status_code == 409
    assert "Someone else changed this while you were editing" in page
    assert "The dark" in page and "Big dogs and school" in page  # both versions
    assert Assessment.objects.get(pk=assessment.pk).worries == "The dark"  # nothing overwritten

    # Saving from the conflict page is a deliberate choice, and it works.
    again = practitioner_client.post(url, {"worries": "Big dogs", "seen": seen_in(second)})
    assert again.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).worries == "Big dogs"


def test_different_sections_of_one_conversation_do_not_collide(
    practitioner_client, colleague_client, child
):
    assessment = AssessmentFactory(child=child)
    worries, helps = section(assessment, "what-worries-me"), section(assessment, "who-helps-me")
    worries_seen = seen_in(practitioner_client.get(worries))
    helps_seen = seen_in(colleague_client.get(helps))
    assert colleague_client.post(helps, {"who_helps": "Nan", "seen": helps_seen}).status_code == 302
    response = practitioner_client.post(worries, {"worries": "Exams", "seen": worries_seen})
    assert response.status_code == 302
    saved = Assessment.objects.get(pk=assessment.pk)
    assert (saved.who_helps, saved.worries) == ("Nan", "Exams")


def test_an_agreed_action_changed_by_someone_else_is_not_overwritten(
    practitioner_client, colleague_client, child
):
    action = AgreedActionFactory(child=child, status="to_do", outcome="")
    url = reverse("assessments:action_edit", args=[action.id])
    due = timezone.localdate() + timedelta(days=3)
    form = {
        "description": action.description,
        "owner": action.owner,
        "due_date_0": due.day,
        "due_date_1": due.month,
        "due_date_2": due.year,
    }
    second = both_edit(
        url,
        practitioner_client,
        colleague_client,
        theirs=form | {"status": "done", "outcome": "Done"},
        mine=form | {"status": "in_progress", "outcome": "Phoned school"},
    )
    page = second.content.decode()
    assert second.status_code == 409
    assert "Phoned school" in page and "Done" in page
    assert AgreedAction.objects.get(pk=action.pk).status == "done"


def test_the_child_record_edited_twice_keeps_the_first_until_the_second_chooses(
    practitioner_client, colleague_client, child
):
    url = reverse("assessments:child_edit", args=[child.id])
    form = {
        "preferred_name": child.preferred_name,
        "date_of_birth_0": child.date_of_birth.day,
        "date_of_birth_1": child.date_of_birth.month,
        "date_of_birth_2": child.date_of_birth.year,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "care_status": child.care_status,
        "school_knows": child.school_knows,
        "saw_arrest": child.saw_arrest,
    }
    second = both_edit(
        url,
        practitioner_client,
        colleague_client,
        theirs=form | {"trusted_adults": "Auntie Jo"},
        mine=form | {"trusted_adults": "Mr Ali"},
    )
    assert second.status_code == 409
    assert 'value="Mr Ali"' in second.content.decode() or "Mr Ali</textarea>" in (
        second.content.decode()
    )
    child.refresh_from_db()
    assert child.trusted_adults == "Auntie Jo"


# Every other edit form: the same protection, whoever edits ----------------------------------


class FormValues(HTMLParser):
    """What a page's form would send as drawn: inputs, checked boxes, textareas, selections."""

    def __init__(self, html: str):
        super().__init__()
        self.values, self._textarea, self._select = {}, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("radio", "checkbox") or "checked" in a:
                self.values[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self.values[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(response) -> dict:
    values = FormValues(response.content.decode()).values
    values.pop("csrfmiddlewaretoken", None)
    return {name: value.removeprefix("\n") for name, value in values.items()}


def signed_in(user):
    from tests.conftest import SignedInClient

    browser = SignedInClient()
    browser.force_login(user)
    return browser


@pytest.fixture
def parent_page(practitioner_client, colleague_client, child):
    link = ParentChildLinkFactory(child=child, parent__name="Kim")
    url = reverse("assessments:parent_edit", args=[child.id, link.id])
    return practitioner_client, colleague_client, url, "parent-name", link.parent


@pytest.fixture
def justice_event_page(practitioner_client, colleague_client, child):
    link = ParentChildLinkFactory(child=child)
    hearing = HearingFactory(parent=link.parent, note="")
    url = reverse("assessments:justice_event_edit", args=[child.id, hearing.id])
    return practitioner_client, colleague_client, url, "note", hearing


@pytest.fixture
def route_page(db):
    admin = UserFactory(roles=["Referral admin"])
    route = ReferralRouteFactory(owner=admin)
    other = UserFactory(roles=["Referral admin"])
    url = reverse("referrals:entry_edit", args=["routes", route.id])
    return signed_in(admin), signed_in(other), url, "how_to_refer", route


@pytest.fixture
def chairs(db):
    pilot = PilotFactory()
    return (
        pilot,
        signed_in(UserFactory(roles=["Alliance chair"])),
        signed_in(UserFactory(roles=["Alliance chair"])),
    )


@pytest.fixture
def plan_action_page(chairs):
    pilot, me, colleague = chairs
    outcome = PlanOutcome.objects.create(pilot=pilot, number=1, plan_stage="delivery", text="O")
    action = PlanAction.objects.create(outcome=outcome, code="1.1", text="Train the desk")
    url = reverse("evaluation:plan_action_edit", args=[pilot.slug, action.pk])
    return me, colleague, url, "note", action


@pytest.fixture
def narrative_page(chairs):
    pilot, me, colleague = chairs
    url = reverse("evaluation:narrative_edit", args=[pilot.slug])
    return me, colleague, url, "findings", pilot


@pytest.fixture
def unit_cost_page(chairs):
    pilot, me, colleague = chairs
    cost = UnitCost.objects.create(
        pilot=pilot,
        path="custody",
        name="Foster care",
        amount=1000,
        unit="week",
        quantity=2,
        source="PSSRU 2023",
    )
    url = reverse("evaluation:unit_cost_edit", args=[pilot.slug, cost.pk])
    return me, colleague, url, "source", cost


@pytest.mark.parametrize(
    "page",
    [
        "parent_page",
        "justice_event_page",
        "route_page",
        "plan_action_page",
        "narrative_page",
        "unit_cost_page",
    ],
)
def test_every_other_edit_form_refuses_the_second_save_and_keeps_the_typing(page, request):
    me, colleague, url, field, record = request.getfixturevalue(page)
    stored = field.split("-")[-1]
    mine, theirs = form_values(me.get(url)), form_values(colleague.get(url))
    assert "seen" in "".join(mine), "the form carries what it showed"
    assert colleague.post(url, theirs | {field: "Their words"}).status_code == 302

    second = me.post(url, mine | {field: "My words"})
    page_text = second.content.decode()
    assert second.status_code == 409
    assert "Their words" in page_text and "My words" in page_text
    record.refresh_from_db()
    assert getattr(record, stored) == "Their words"

    # From the conflict page, "Save my version" saves on purpose.
    assert me.post(url, form_values(second)).status_code == 302
    record.refresh_from_db()
    assert getattr(record, stored) == "My words"


def test_on_the_parent_page_a_conflict_in_one_part_saves_neither(parent_page, child):
    me, colleague, url, field, parent = parent_page
    mine, theirs = form_values(me.get(url)), form_values(colleague.get(url))
    colleague.post(url, theirs | {"link-return_plans": "Home at Easter"})
    second = me.post(url, mine | {"link-return_plans": "Home in May", field: "Kimberley"})
    assert second.status_code == 409
    parent.refresh_from_db()
    assert parent.name == "Kim"  # the parent part was not saved on its own
    assert "Kimberley" in second.content.decode()  # and the typing is still in the form
