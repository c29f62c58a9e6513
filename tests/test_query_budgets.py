"""Query budgets: each main page makes a fixed number of queries, however much data there is.

On synthetic data (`generate_scale_data`): each page is counted, then everything it shows grows
(five times the children overall; for the child on the page, more consents with recipients in
other organisations, conversations, drawings, actions, offers, court dates, carers, a brother or
sister and an override; twenty more cases for the practitioner), and the count must not move.
The pages and people are the benchmark's (`tests/load/pages.py`); timings stay in `make bench`.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from assessments.services import drawing_add
from evaluation.scale_data import generate
from tests.conftest import png_bytes
from tests.factories import (
    AgreedActionFactory,
    CarerFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    HearingFactory,
    OfferFactory,
    OverrideFactory,
    UserFactory,
)
from tests.load.pages import PAGES, chronology_fill, count_queries, people, urls_for

pytestmark = pytest.mark.django_db

# Each page's budget. Issue 8 asks for at most 12 everywhere; the pages above it are named in
# docs/performance.md with the reason. Since issue 17 a page with the menu counts the unread
# notifications for it (one indexed query): that is the "+ 1" below.
BUDGETS = {
    "trivial view (floor)": 3,
    # 6; since issue 16 one insert of the audit rows for the names shown; since issue 17 the
    # children shared with the person are a list of their own, and each list is counted in
    # the query that reads its page (cia_portal/pagination.py).
    "My cases": 10,
    # Issue 19: the family, who the child shares with and the parent's whole journey are
    # pages of their own; the parents' stage and next hearing are read with the parents.
    "a child's page": 11 + 1,
    # Issue 20: the question names the child's family member ("your sister"): one query for
    # the relationship recorded first, when the conversation has not chosen its words.
    "section GET": 7 + 1,
    "section POST": 11,
    # Issue 19 split the chair's single page (23) into a summary and a page for each part;
    # each works out only what it shows (the summary: the children's counts, the medians,
    # feedback, the plan and the costs).
    # Issue 21: the children's counts gain the families' (one query), the action plan the
    # training register's evidence (three), the report both and the parents' and the
    # justice journey's (one each).
    # The onward referrals are counted with the children's (a child referred to a mentor is
    # among the referrals to mentoring), so the summary counts them too. The children's
    # counts then read each table once, in four more queries than a subquery a child for each
    # count took, and several times quicker (offers, conversations, sentencing hearings, links,
    # prison events, mentors, "You said, we did"). But the pages read the counts kept for the
    # pilot's whole period (decision 0013; the nightly job runs here as in the benchmark): the
    # pilot with its kept counts, its partners, then what is not kept (referrals, feedback, the
    # plan, the unit costs, the training register).
    "chair's dashboard": 12,
    "chair's dashboard, a period chosen": 24,  # counted from the records, as before the kept
    "chair's children page": 8,
    "chair's families page": 7,
    "chair's justice journey page": 7,
    "chair's training page": 10,  # the register's three, and its sessions with who came
    "chair's how quickly page": 8,
    "chair's feedback page": 8,
    "chair's action plan page": 11,
    "chair's costs page": 8,
    "This is me PDF": 11,  # 9, and 2 when agreements cover the stage (their recipients)
    "evaluation report PDF": 15,
    # Issue 21: the roll-up's stored years (one row a pilot), the years, the pilots not yet
    # worked out; 4 as any signed-in page, + 1 for the menu.
    "national figures": 8,
    "national figures, one area": 8,
    "national report PDF": 7,
    "Today": 12,
    "My cases, searched": 11,
    "safeguarding search, name": 12,
    "safeguarding search, name and birthday": 12,
    "chronology, 500 entries": 12,
    # 4 as any signed-in page, + 1 for the menu; the visits' ids up to the count's limit, then
    # the page's visits with their first times and counts (the views grouped by the database);
    # the people, children's references and stages named on it
    "audit trail": 10,
}


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """Counts at 100 and at 600 children, for the same people and pages."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            generate(children=100, seed=7, areas=3)
            call_command("refresh_figures", stdout=io.StringIO())  # the nightly job
            users = people()
            urls = urls_for(users)
            small = count_queries(urls, users)
            chronology_fill(users)
            generate(children=500, seed=8, areas=3)
            _grow(users)
            call_command("refresh_figures", stdout=io.StringIO())
            large = count_queries(urls, users)
            transaction.set_rollback(True)
    return small, large


def _grow(users: dict) -> None:
    child, practitioner = users["child"], users["practitioner"]
    parent = child.parent_links.first().parent
    for _ in range(4):
        ConsentFactory(child=child, recipients=[UserFactory(), UserFactory()])
        CompletedAssessmentFactory(child=child)
        AgreedActionFactory(child=child)
        OfferFactory(child=child)
        HearingFactory(parent=parent)
        CarerFactory(family=child.family)
        drawing_add(
            assessment=users["completed"],
            actor=practitioner,
            image=SimpleUploadedFile("d.png", png_bytes(), content_type="image/png"),
        )
    ChildFactory(family=child.family, created_by=practitioner)
    OverrideFactory(child=child, recipient_user=UserFactory())
    for _ in range(20):
        ChildFactory(created_by=practitioner)


@pytest.mark.parametrize("page", [name for name, _who in PAGES])
def test_the_page_makes_the_same_queries_with_five_times_the_data(counts, page):
    small, large = counts
    assert large[page] == small[page]


@pytest.mark.parametrize("page", [name for name, _who in PAGES])
def test_the_page_keeps_within_its_query_budget(counts, page):
    assert counts[1][page] <= BUDGETS[page], counts[1][page]
