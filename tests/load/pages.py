"""The pages the benchmark times and the query-budget test counts, and who opens them.

Shared by `tests/load/bench.py` and `tests/test_query_budgets.py`, so both measure the same
thing. Imports Django models inside the functions: the benchmark imports this before Django is
set up.
"""

import re
import uuid

# (page, who opens it)
PAGES = [
    ("trivial view (floor)", "practitioner"),
    ("My cases", "practitioner"),
    ("a child's page", "practitioner"),
    ("section GET", "practitioner"),
    ("section POST", "practitioner"),
    ("chair's dashboard", "chair"),
    ("chair's dashboard, a period chosen", "chair"),  # counted from the records (decision 13)
    ("chair's children page", "chair"),
    ("chair's families page", "chair"),
    ("chair's justice journey page", "chair"),
    ("chair's training page", "chair"),
    ("chair's how quickly page", "chair"),
    ("chair's feedback page", "chair"),
    ("chair's action plan page", "chair"),
    ("chair's costs page", "chair"),
    ("This is me PDF", "practitioner"),
    ("evaluation report PDF", "chair"),
    ("national figures", "national"),
    ("national figures, one area", "national"),
    ("national report PDF", "national"),
    ("Today", "practitioner"),
    ("My cases, searched", "practitioner"),
    ("safeguarding search, name", "lead"),
    ("safeguarding search, name and birthday", "lead"),
    ("chronology, 500 entries", "practitioner"),
    ("audit trail", "auditor"),  # last: the pages before it have written to the trail
]
CHRONOLOGY_ENTRIES = 500
SEARCH_REASON = "Benchmark: a disclosure of harm"
# Pages sent as a form (POST), with data from the page as it is drawn (`form_data`).
FORMS = {
    "section POST",
    "safeguarding search, name",
    "safeguarding search, name and birthday",
}
PILOT = "synthetic-national"


def people(*, practitioner_pk: int | None = None) -> dict:
    """The busiest synthetic practitioner (a few tens of children, like most), or the one
    given (the benchmark times the same person at each size), a chair, and the practitioner's
    child with the most consents among those with a completed conversation (the most to show,
    so an N+1 shows up), with a conversation to edit."""
    from django.db.models import Count

    from assessments.models import Assessment, Child
    from cia_portal.accounts.models import Role, User
    from evaluation.models import Pilot
    from tests.factories import OrganisationFactory, UserFactory

    practitioners = User.objects.filter(
        username__startswith="synthetic-", allocated_children__isnull=False
    )
    if practitioner_pk:
        practitioners = practitioners.filter(pk=practitioner_pk)
    practitioner = (
        practitioners.annotate(n=Count("allocated_children")).order_by("-n", "pk").first()
    )
    chair = User.objects.filter(username="bench-chair").first() or UserFactory(
        username="bench-chair",
        roles=[Role.ALLIANCE_CHAIR],
        organisation=OrganisationFactory(area=Pilot.objects.get(slug=PILOT).area),
    )
    national = User.objects.filter(username="bench-national").first() or UserFactory(
        username="bench-national", roles=[Role.NATIONAL_LEAD]
    )
    lead = User.objects.filter(username="bench-lead").first() or UserFactory(
        username="bench-lead", roles=[Role.SAFEGUARDING_LEAD]
    )
    auditor = User.objects.filter(username="bench-auditor").first() or UserFactory(
        username="bench-auditor", roles=[Role.AUDITOR]
    )
    child = (
        Child.objects.filter(
            practitioners=practitioner, assessments__status=Assessment.Status.COMPLETED
        )
        .annotate(n=Count("consents", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    completed = child.assessments.filter(status=Assessment.Status.COMPLETED).order_by("pk")
    return {
        "practitioner": practitioner,
        "chair": chair,
        "national": national,
        "lead": lead,
        "auditor": auditor,
        "child": child,
        "completed": completed.first(),
        "editable": completed.last(),
    }


def urls_for(users: dict) -> dict[str, str]:
    from django.urls import reverse

    section = reverse(
        "assessments:assessment_section", args=[users["editable"].pk, "what-worries-me"]
    )
    return {
        "trivial view (floor)": reverse("healthz"),
        "My cases": reverse("assessments:my_cases"),
        "a child's page": reverse("assessments:child_detail", args=[users["child"].pk]),
        "section GET": section,
        "section POST": section,
        "chair's dashboard": reverse("evaluation:dashboard", args=[PILOT]),
        "chair's dashboard, a period chosen": reverse("evaluation:dashboard", args=[PILOT])
        + "?start_0=1&start_1=1&start_2=2023&end_0=30&end_1=6&end_2=2023",
        "chair's children page": reverse("evaluation:children", args=[PILOT]),
        "chair's families page": reverse("evaluation:families", args=[PILOT]),
        "chair's justice journey page": reverse("evaluation:justice", args=[PILOT]),
        "chair's training page": reverse("evaluation:training", args=[PILOT]),
        "chair's how quickly page": reverse("evaluation:timeliness", args=[PILOT]),
        "chair's feedback page": reverse("evaluation:feedback", args=[PILOT]),
        "chair's action plan page": reverse("evaluation:action_plan", args=[PILOT]),
        "chair's costs page": reverse("evaluation:unit_costs", args=[PILOT]),
        "This is me PDF": reverse("assessments:this_is_me_pdf", args=[users["completed"].pk]),
        "evaluation report PDF": reverse("evaluation:report_pdf", args=[PILOT]),
        "national figures": reverse("evaluation:national"),
        "national figures, one area": f"{reverse('evaluation:national')}?area={_area()}",
        "national report PDF": reverse("evaluation:national_report_pdf", args=[2023]),
        "Today": reverse("caseload:today"),
        "My cases, searched": f"{reverse('assessments:my_cases')}?q={_name(users)}",
        "safeguarding search, name": reverse("caseload:safeguarding_search"),
        "safeguarding search, name and birthday": reverse("caseload:safeguarding_search"),
        "chronology, 500 entries": reverse("chronology:chronology", args=[users["child"].pk]),
        "audit trail": reverse("audit_trail"),
    }


def _area() -> str:
    from evaluation.models import Pilot

    return Pilot.objects.get(slug=PILOT).area.slug


def chronology_fill(users: dict) -> None:
    """Notes and contacts for the child on the pages, so their chronology has at least
    `CHRONOLOGY_ENTRIES` entries (years of work on one child), written by their holder."""
    from datetime import date, timedelta

    from chronology.models import CaseNote

    child, holder = users["child"], users["practitioner"]
    missing = CHRONOLOGY_ENTRIES - CaseNote.objects.filter(child=child).count()
    CaseNote.objects.bulk_create(
        CaseNote(
            child=child,
            written_by=holder,
            kind=CaseNote.Kind.PHONE_CALL,
            happened_on=date(2023, 1, 1) + timedelta(days=n),
            summary=f"Synthetic call {n}: the family's news, and what was agreed next.",
        )
        for n in range(max(missing, 0))
    )


def _name(users: dict) -> str:
    """The child's invented first name (e.g. 'Kitnor'), without '(synthetic)'."""
    return users["child"].preferred_name.split()[0]


def form_data(name: str, users: dict, page: str) -> dict:
    """What each of the `FORMS` is sent."""
    child = users["child"]
    if name == "section POST":
        return {"worries": f"Counted {uuid.uuid4()}", "seen": seen_on(page)}
    if name == "safeguarding search, name":
        return {"reason": SEARCH_REASON, "q": _name(users)}
    if name == "safeguarding search, name and birthday":
        return {"reason": SEARCH_REASON, "q": f"{_name(users)} {child.date_of_birth:%d/%m/%Y}"}
    raise KeyError(name)


def signed_in(user):
    from tests.conftest import SignedInClient

    client = SignedInClient()
    client.force_login(user)
    return client


def session_cookie(user) -> str:
    return signed_in(user).cookies["sessionid"].value


def seen_on(page: str) -> str:
    """The fingerprint an edit form carries (cia_portal/concurrency.py)."""
    return re.search(r'name="seen" value="(\w+)"', page)[1]


def count_queries(urls: dict, users: dict) -> dict[str, int]:
    """Each page's queries as its person opens it again (section POST: a save), in-process:
    the first request a process serves also reads what it then keeps (the permission's id)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, who in PAGES:
        client = signed_in(users[who])
        page = client.get(urls[name])
        if name in FORMS:
            data = form_data(name, users, page.content.decode())
            with CaptureQueriesContext(connection) as captured:
                response = client.post(urls[name], data)
        else:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(urls[name])
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{name}: {response.status_code} from {urls[name]}")
        counts[name] = len(captured)
    return counts
