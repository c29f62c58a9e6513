"""The chair's pages, the report and its CSVs, the action plan, and feedback links."""

import csv
import io
import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import JusticeEvent
from evaluation import figures, services
from evaluation.figures import Period, PilotFigures
from evaluation.models import FeedbackLink, FeedbackResponse, Pilot, PlanAction
from tests.factories import ReferralRouteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair_client(client):
    client.force_login(UserFactory(roles=["Alliance chair"]))
    return client


def evaluation_urls(pilot):
    """Every URL in the evaluation app, filled in for this pilot."""
    (resolver,) = [
        r for r in get_resolver().url_patterns if getattr(r, "namespace", "") == "evaluation"
    ]
    action = PlanAction.objects.filter(outcome__pilot=pilot).first()
    values = {
        "slug": pilot.slug,
        "table": "funnel",
        "plan_action_id": action.pk if action else 1,
        "cost_id": getattr(pilot.unit_costs.first(), "pk", 1),
        "session_id": getattr(pilot.training.first(), "pk", uuid.uuid4()),
        "token": "x",
        "year": 2023,
    }
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        yield (
            pattern.name,
            reverse(
                f"evaluation:{pattern.name}",
                kwargs={k: values[k] for k in pattern.pattern.converters},
            ),
        )


@pytest.fixture
def plan(pilot):
    call_command(
        "load_action_plan", pilot=pilot.slug, file="fixtures/action_plans/hopeside-2023.json"
    )
    return pilot


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def test_the_chair_never_sees_a_childs_name(chair_client, pilot, world, plan):
    names = {child.preferred_name for child in world.values()}
    mothers = {link.parent.name for child in world.values() for link in child.parent_links.all()}
    opened = []
    for name, url in evaluation_urls(pilot):
        response = chair_client.get(url)
        assert response.status_code < 500, name
        body = response.content.decode(errors="replace") if "pdf" not in url else ""
        if url.endswith(".pdf") and "/national/" not in url:  # the chair's is a 403
            body = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        body = CSRF_TOKEN.sub("", body)  # random letters could spell a short name
        for word in names | mothers:
            assert not re.search(rf"\b{re.escape(word)}\b", body), (name, word)
        opened.append((name, response.status_code))
    for page in [*FIGURE_PAGES, "report_pdf", "table_csv"]:
        assert (page, 200) in opened
    child = world["ann"]
    assert chair_client.get(reverse("assessments:child_detail", args=[child.id])).status_code == 404


# The summary first, then a page for each part, each with its own address.
FIGURE_PAGES = [
    "dashboard",
    "children",
    "families",
    "justice",
    "timeliness",
    "feedback",
    "action_plan",
    "training",
    "unit_costs",
]


@pytest.mark.parametrize("role", ["Practitioner", "Referral admin", "Auditor"])
def test_only_the_chair_sees_the_dashboard(client, pilot, role):
    client.force_login(UserFactory(roles=[role]))
    for url in [*FIGURE_PAGES, "report_pdf", "narrative_edit"]:
        assert client.get(reverse(f"evaluation:{url}", args=[pilot.slug])).status_code == 403


def page_of(chair_client, name, pilot, **query):
    return chair_client.get(
        reverse(f"evaluation:{name}", args=[pilot.slug]), query
    ).content.decode()


def test_the_summary_gives_the_headline_and_a_few_figures_of_each_part(chair_client, plan, world):
    page = page_of(chair_client, "dashboard", plan)
    headline = re.findall(r'class="app-headline">(.*?)</div>', page, re.S)
    assert [re.sub(r"<[^>]+>", " ", h).split() for h in headline] == [
        ["Children", "with", "a", "completed", "CIA", "3"],
        ["Target", "15"],
        ["Children", "in", "the", "pilot", "6"],
    ]
    cards = re.findall(r'govuk-summary-card__title">([^<]+)<', page)
    assert cards == ["Children", "How quickly", "Feedback", "Action plan", "Costs avoided"]
    for name in FIGURE_PAGES[1:]:
        assert f'href="{reverse(f"evaluation:{name}", args=[plan.slug])}"' in page, name
    text = re.sub(r"<[^>]+>", " ", page)
    assert re.search(r"Children offered a CIA\s+5\s", text)
    assert re.search(r"Median days from offer to first conversation\s+10 days", text)
    assert re.search(r"Responses: Mothers\s+\[c\] fewer than 2", text)
    assert re.search(r"Actions done\s+0 of 20", text)
    assert re.search(r"Estimated cost avoided per family\s+£23,387", text)
    # The key says what the labels mean; the CSV's columns are described.
    assert "Fewer than 2: a 1 is not shown" in page and "What the CSV files hold" in page


def test_each_part_has_its_own_page_and_the_navigation_keeps_the_period(chair_client, plan, world):
    query = {"start_0": "1", "start_1": "5", "start_2": "2023"}
    query |= {"end_0": "31", "end_1": "5", "end_2": "2023"}
    for name in FIGURE_PAGES:
        page = page_of(chair_client, name, plan, **query)
        nav = re.search(r'<nav class="app-subnav[^>]*>(.*?)</nav>', page, re.S)[1]
        hrefs = re.findall(r'href="([^"]+)"', nav)
        assert [h.split("?")[0] for h in hrefs] == [
            reverse(f"evaluation:{n}", args=[plan.slug]) for n in FIGURE_PAGES
        ]
        assert all("start_1=5" in h and "end_0=31" in h for h in hrefs), name
        current = re.findall(r'aria-current="page" href="([^"?]+)', nav)
        assert current == [reverse(f"evaluation:{name}", args=[plan.slug])]
        if name not in ("action_plan", "training"):  # the plan and the register have none
            assert "1 May 2023 to 31 May 2023" in page, name


def test_the_children_page_draws_each_breakdown_as_bars_with_its_full_labels(
    chair_client, pilot, world
):
    page = page_of(chair_client, "children", pilot)
    funnel = re.search(r'<section class="app-figure" id="funnel".*?</section>', page, re.S)[0]
    rows = re.findall(r'app-figures__label">([^<]+)(<svg.*?</svg>)?</th>', funnel, re.S)
    assert [label for label, _bar in rows][:2] == [
        "Referrals received (families)",
        "Children offered a CIA",
    ]
    assert "First completed at arrest, bail or remand" in [label for label, _bar in rows]
    widths = {label: re.search(r'rect width="(\d+)%"', bar) for label, bar in rows}
    assert widths["Children offered a CIA"][1] == "100"  # the largest: 5
    assert widths["Children who said yes"][1] == "80"  # 4 of 5
    assert widths["Children who said no"] is None  # hidden: no bar
    assert 'aria-hidden="true"' in rows[0][1]  # the numbers are in the table


def test_a_chart_with_nothing_to_show_says_so_in_a_sentence(chair_client, pilot, world):
    page = page_of(chair_client, "children", pilot)
    onward = re.search(r'id="onward-by-type".*?</section>', page, re.S)[0]
    assert "No row's number can be shown: each is fewer than 2" in onward
    assert "<svg" not in onward
    sharing = re.search(r'id="sharing".*?</section>', page, re.S)[0]
    assert "can be shown" not in sharing  # 2, 0 and 0: its zeros are shown
    later = {"start_0": "1", "start_1": "1", "start_2": "2024"}
    later |= {"end_0": "31", "end_1": "1", "end_2": "2024"}
    sharing = re.search(
        r'id="sharing".*?</section>', page_of(chair_client, "children", pilot, **later), re.S
    )[0]
    assert "No consent to share was given or withdrawn" in sharing and "<table" not in sharing


def test_every_table_that_may_scroll_can_be_reached_with_the_keyboard(chair_client, plan, world):
    """A box that scrolls sideways on a narrow screen takes the focus and says what it holds
    (axe-core's scrollable-region-focusable); each heading for a group of rows heads only
    its own rows (HTML_CodeSniffer, WCAG 1.3.1)."""
    for name in FIGURE_PAGES:
        page = page_of(chair_client, name, plan)
        boxes = re.findall(r'<div class="app-table-scroll"[^>]*>', page)
        for box in boxes:
            assert 'tabindex="0"' in box and 'role="region"' in box, (name, box)
            assert re.search(r'aria-label="[^"]+"', box), (name, box)
        charts = page.count('class="govuk-table app-figures"')  # two columns: never too wide
        assert page.count("<table") == len(boxes) + charts, name
        for body in re.findall(r"<tbody.*?</tbody>", page, re.S):
            assert body.count('scope="rowgroup"') <= 1, name


def test_a_bad_period_is_explained_and_the_whole_pilot_shown(chair_client, pilot, world):
    url = reverse("evaluation:dashboard", args=[pilot.slug])
    page = chair_client.get(
        url,
        {
            "start_0": "1",
            "start_1": "6",
            "start_2": "2023",
            "end_0": "1",
            "end_1": "1",
            "end_2": "2023",
        },
    ).content.decode()
    assert "There is a problem" in page and "To must be the same as or after From" in page
    assert "1 January 2023 to 31 December 2023" in page


def report_text(chair_client, pilot) -> list[str]:
    response = chair_client.get(reverse("evaluation:report_pdf", args=[pilot.slug]))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


def test_the_report_pdf_holds_the_figures(chair_client, pilot, world, plan):
    pilot.findings = "Children said the drawing helped."
    pilot.scaling_proposal = "Every court in the area."
    pilot.save()
    text = " ".join(report_text(chair_client, pilot))
    assert "Children with a completed CIA 3" in text
    assert "Children in the pilot 6" in text
    assert "Children offered a CIA 5" in text
    assert "Median days from offer to first conversation 10 days" in text
    assert "[c] fewer than 2" in text and "Children said the drawing helped." in text
    assert "is not shown, so that no child or family can be recognised" in text  # the key
    assert "child words" in text  # a quote given with permission
    assert "Outcome" in text and "8. Evaluation: Evidence will be collated" in text
    assert "DRAFT" not in text and "Not written yet" not in text


def test_the_report_has_a_cover_contents_and_numbered_pages(chair_client, pilot, world, plan):
    pages = report_text(chair_client, pilot)
    n = len(pages)
    assert "Test pilot: evaluation report" in pages[0] and "Page" not in pages[0]  # the cover
    for number, text in enumerate(pages[1:], start=2):
        assert text.endswith(f"Page {number} of {n}"), number
    contents = pages[1]
    entries = re.findall(r"([A-Z][a-z ]+?) \.+ ?(\d+)", contents)
    assert [title for title, _page in entries] == [
        "Aim of the pilot",
        "Summary",
        "Children",
        "Families",
        "Justice journey",
        "How quickly",
        "Feedback",
        "Action plan",
        "Estimate of costs avoided",
        "Findings",
        "Proposal for scaling up",
    ]
    for title, number in entries:  # each entry names the page its section is on
        assert title in pages[int(number) - 1], title
    costs = pages[int(dict(entries)["Estimate of costs avoided"]) - 1]
    assert "If the mother goes to prison" in costs  # the heading is with its table


def test_the_report_is_a_draft_until_the_chair_writes_its_sections(chair_client, pilot, world):
    pilot.findings = "Children said the drawing helped."
    pilot.save()
    pages = report_text(chair_client, pilot)
    assert all("DRAFT" in page for page in pages)  # each page's top margin
    assert "not written yet: Proposal for scaling up" in pages[0]
    assert "Not written yet: this report is a draft" in pages[-1]
    pilot.scaling_proposal = "Every court in the area."
    pilot.save()
    assert not any("DRAFT" in page for page in report_text(chair_client, pilot))


def test_the_report_command(pilot, world, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("evaluation_report", pilot=pilot.slug, output=str(out))
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="No pilot called 'nope'"):
        call_command("evaluation_report", pilot="nope", output=str(out))


def csv_of(chair_client, pilot, table) -> list[list[str]]:
    response = chair_client.get(reverse("evaluation:table_csv", args=[pilot.slug, table]))
    assert "no-store" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_tables_are_tidy_and_suppressed_the_same_way(chair_client, pilot, world):
    response = chair_client.get(reverse("evaluation:table_csv", args=[pilot.slug, "funnel"]))
    filename = f"{pilot.slug}-funnel-2023-01-01-to-2023-12-31.csv"
    assert filename in response["Content-Disposition"]
    header, *rows = csv_of(chair_client, pilot, "funnel")
    assert header == ["Figure", "Number", "Measure", "Why there is no number"]
    assert ["Children offered a CIA", "5", "count", ""] in rows
    assert ["Children who said no", "", "count", "suppressed [c]: fewer than 2"] in rows
    assert [
        "First completed at custody (prison)",
        "",
        "count",
        "suppressed [c]: fewer than 2",
    ] in rows
    feedback = csv_of(chair_client, pilot, "feedback")
    assert ["Mothers: responses", "", "count", "suppressed [c]: fewer than 2"] in feedback
    timeliness = csv_of(chair_client, pilot, "timeliness")
    assert ["Median days from offer to first conversation", "10.0", "median, in days", ""] in (
        timeliness
    )
    ages = csv_of(chair_client, pilot, "age")
    assert ages[-1] == ["Total", "6", "count", ""]
    for table in figures.TABLES:  # one header, then figures: a number or a reason, never both
        header, *rows = csv_of(chair_client, pilot, table)
        assert header == figures.CSV_COLUMNS, table
        for label, number, measure, why in rows:
            assert bool(number) != bool(why), (table, label)
            assert not number or re.fullmatch(r"\d+(\.\d+)?", number), (table, label)
            assert measure in {"count", "percent", "median, in days"}


def test_the_pages_with_csv_files_describe_their_columns(chair_client, plan):
    for name in ["dashboard", "children", "timeliness", "feedback", "action_plan"]:
        page = page_of(chair_client, name, plan)
        described = re.search(r'id="csv">.*?</dl>', page, re.S)[0]
        for column in figures.CSV_COLUMNS:
            assert f'summary-list__key">{column}<' in described, (name, column)


def test_an_unknown_csv_table_is_not_found(chair_client, pilot):
    response = chair_client.get(reverse("evaluation:table_csv", args=[pilot.slug, "no-such"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://x","y")', "+SUM(A1:A2)", "-1+2", "@SUM(A1)", "\tTAB", "\rCR"],
)
def test_a_route_named_like_a_formula_reaches_the_chairs_csv_as_text(chair_client, pilot, name):
    ReferralRouteFactory(organisation=pilot.partners.get(), name=name)
    response = chair_client.get(
        reverse("evaluation:table_csv", args=[pilot.slug, "referrals-by-route"])
    )
    (row,) = [r for r in csv.reader(io.StringIO(response.content.decode())) if r and name in r[0]]
    assert row == ["'" + name, "", "count", "suppressed [c]: fewer than 2"]


def test_the_action_plan_loads_once_and_keeps_the_chairs_progress(chair_client, plan):
    assert PlanAction.objects.filter(outcome__pilot=plan).count() == 20
    action = PlanAction.objects.get(outcome__pilot=plan, code="5.2")
    url = reverse("evaluation:plan_action_edit", args=[plan.slug, action.pk])
    bad = chair_client.post(url, {"status": "exploded"})
    assert "Select a valid choice" in bad.content.decode()
    chair_client.post(url, {"status": "at_risk", "note": "Court listing delays", "evidence": ""})
    call_command(
        "load_action_plan", pilot=plan.slug, file="fixtures/action_plans/hopeside-2023.json"
    )
    action.refresh_from_db()
    assert (action.status, action.note) == ("at_risk", "Court listing delays")
    page = chair_client.get(reverse("evaluation:action_plan", args=[plan.slug])).content.decode()
    assert "Court listing delays" in page and "At risk" in page
    assert "5. Delivery" in page  # the plan's progress, by outcome
    summary = re.sub(r"<[^>]+>", " ", page_of(chair_client, "dashboard", plan))
    assert re.search(r"Actions at risk\s+1\s", summary)


def test_the_chair_writes_the_reports_sections(chair_client, pilot):
    url = reverse("evaluation:narrative_edit", args=[pilot.slug])
    chair_client.post(
        url,
        {
            "aim": "Aim",
            "background": "",
            "findings": "F",
            "scaling_proposal": "Grow",
            "suppress_below": "1",
        },
    )  # below the minimum: refused
    pilot.refresh_from_db()
    assert pilot.scaling_proposal == ""
    chair_client.post(
        url,
        {
            "aim": "Aim",
            "background": "",
            "findings": "F",
            "scaling_proposal": "Grow",
            "suppress_below": "5",
        },
    )
    pilot.refresh_from_db()
    assert (pilot.scaling_proposal, pilot.suppress_below) == ("Grow", 5)


# Feedback -------------------------------------------------------------------------------


@pytest.fixture
def practitioner_client(client, practitioner):
    client.force_login(practitioner)
    return client


def make_link(practitioner_client, pilot, respondent="child"):
    response = practitioner_client.post(
        reverse("evaluation:feedback_link_create"),
        {"pilot": pilot.pk, "respondent": respondent, "stage": "court"},
    )
    link = response.context["link"]
    return link[link.index("/feedback/") :]


def test_a_child_answers_once_with_the_faces(practitioner_client, client, pilot):
    url = make_link(practitioner_client, pilot)
    assert FeedbackLink.objects.get().token_hash not in url  # only the hash is kept
    client.logout()
    page = client.get(url).content.decode()
    assert "Tell us what you think" in page and "face-5.svg" in page and "Yes, a lot" in page
    thanks = client.post(
        url,
        {"listened_to": "5", "included": "4", "comments": "Good", "may_quote": "on"},
        follow=True,
    )
    assert thanks.redirect_chain == [(reverse("evaluation:feedback_thanks"), 302)]
    assert "help other children like you" in thanks.content.decode()
    saved = FeedbackResponse.objects.get()
    assert (saved.respondent, saved.stage, saved.listened_to, saved.supported) == (
        "child",
        "court",
        5,
        None,
    )
    assert saved.may_quote and saved.entered_by is None
    again = client.get(url)
    assert again.status_code == 200 and "already been used" in again.content.decode()
    assert client.post(url, {"listened_to": "1"}).status_code == 200
    assert FeedbackResponse.objects.count() == 1


def test_an_expired_or_unknown_link_is_explained_kindly(practitioner_client, client, pilot):
    url = make_link(practitioner_client, pilot, respondent="mother")
    FeedbackLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert "This link has ended" in client.get(url).content.decode()
    unknown = client.get(reverse("evaluation:feedback_answer", args=["nope"]))
    assert unknown.status_code == 404 and "could not find this link" in unknown.content.decode()


def test_bad_answers_keep_what_was_typed(practitioner_client, client, pilot):
    url = make_link(practitioner_client, pilot, respondent="sentencer")
    client.logout()
    page = client.post(url, {"listened_to": "9", "comments": "x" * 3001}).content.decode()
    assert "There is a problem" in page and "x" * 3001 in page
    assert not FeedbackResponse.objects.exists() and FeedbackLink.objects.get().used_at is None


def test_a_paper_form_is_typed_in(practitioner_client, pilot, practitioner):
    response = practitioner_client.post(
        reverse("evaluation:feedback_paper"),
        {
            "respondent": "carer",
            "stage": "custody",
            "submitted_on_0": "3",
            "submitted_on_1": "4",
            "submitted_on_2": "2023",
            "listened_to": "4",
            "supported": "",
            "included": "3",
            "comments": "Helpful",
        },
    )
    assert response.status_code == 302
    saved = FeedbackResponse.objects.get()
    assert (saved.source, saved.entered_by, saved.respondent) == ("paper", practitioner, "carer")


def test_only_practitioners_make_links(client, pilot):
    client.force_login(UserFactory(roles=["Alliance chair"]))
    assert client.get(reverse("evaluation:feedback_link_create")).status_code == 403


def test_a_link_cannot_be_used_twice_even_at_once(pilot, practitioner):
    token = services.feedback_link_create(
        pilot=pilot, respondent="child", stage="court", created_by=practitioner
    )
    link = FeedbackLink.objects.for_token(token)
    services.feedback_submit(link=link, answers={"comments": "first"})
    with pytest.raises(services.LinkUnusable, match="used"):
        services.feedback_submit(link=link, answers={"comments": "second"})


def test_the_demo_has_a_pilot_and_plan(settings, monkeypatch):
    settings.DEMO_MODE = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo-only-password")
    call_command("seed_demo")
    hopeside = Pilot.objects.get(slug="hopeside-2023")
    assert hopeside.target_children == 15 and hopeside.outcomes.count() == 8
    assert FeedbackResponse.objects.filter(pilot=hopeside).count() >= 10


# The estimate of costs avoided ----------------------------------------------------------


def test_the_cost_estimate_follows_the_unit_costs(chair_client, plan, world):
    seeded = plan.unit_costs.count()
    estimate = PilotFigures(plan, Period(plan.start, plan.end)).costs
    # 52,121 x 0.5 + 712 x 0 - 2,674 x 1 (the lines with no unit cost yet are left out)
    assert estimate.per_family == Decimal("23386.50")
    assert estimate.families.value == 0 and estimate.total == 0
    for name in ["ann", "ben"]:
        hearings = JusticeEvent.objects.hearings().filter(parent__links__child=world[name])
        hearings.update(outcome=JusticeEvent.Outcome.COMMUNITY)
    estimate = PilotFigures(plan, Period(plan.start, plan.end)).costs
    assert estimate.families.value == 2 and estimate.total == Decimal("46773.00")
    hearings = JusticeEvent.objects.hearings().filter(parent__links__child=world["ben"])
    hearings.update(outcome=JusticeEvent.Outcome.CUSTODY)
    assert PilotFigures(plan, Period(plan.start, plan.end)).costs.total is None  # 1 family: hidden

    prison = plan.unit_costs.get(name="A place in a women's prison")
    url = reverse("evaluation:unit_cost_edit", args=[plan.slug, prison.pk])
    refused = chair_client.post(url, {"path": "custody", "name": "Prison", "amount": "-1"})
    page = refused.content.decode()
    assert "The unit cost must be 0 or more" in page and "Enter how much one family needs" in page
    chair_client.post(
        url,
        {
            "path": "custody",
            "name": "Prison",
            "amount": "50000",
            "unit": "year",
            "quantity": "1",
            "source": "Our own figure",
        },
    )
    assert "£47,326" in page_of(chair_client, "dashboard", plan)  # 50,000 - 2,674
    assert "Our own figure" in page_of(chair_client, "unit_costs", plan)
    chair_client.post(url, {"remove": "1"})
    assert not plan.unit_costs.filter(name="Prison").exists()
    call_command(
        "load_action_plan", pilot=plan.slug, file="fixtures/action_plans/hopeside-2023.json"
    )
    assert plan.unit_costs.count() == seeded - 1  # the chair's list is kept, not reloaded


def test_every_cost_of_the_childs_path_in_the_report_is_seeded_with_its_source(chair_client, plan):
    """Seed 004's Appendix D: the prison place and each of the children's services that
    followed, by path. Where the report prints no figure, the line waits for one, and the
    estimate says it leaves it out rather than counting it as nothing."""
    costs = {c.name: c for c in plan.unit_costs.all()}
    for name in [
        "Emergency foster care for a child",
        "Foster care for a child",
        "A residential setting for a child",
        "Child in need (CIN) planning",
        "Child protection planning",
        "Looked-after (LAC) planning",
        "Child and adolescent mental health services (CAMHS)",
        "A social worker for the child",
        "A family support worker",
        "Care proceedings",
        "Alternative education provision",
    ]:
        assert costs[name].path == "custody", name
        assert "Appendix D" in costs[name].source, name
    assert costs["An intensive parenting service"].path == "community"
    assert costs["Child protection planning"].unit == "month"
    assert "Holmes & McDermid" in costs["Child protection planning"].source
    assert costs["A residential setting for a child"].amount == 712  # the one figure printed
    estimate = PilotFigures(plan, Period(plan.start, plan.end)).costs
    waiting = len(estimate.missing)
    assert waiting == sum(1 for c in costs.values() if c.amount is None) > 10
    page = page_of(chair_client, "unit_costs", plan)
    assert f"{waiting} items have no unit cost entered yet, so the estimate leaves them out" in page
    assert page.count("Not entered yet") == waiting

    foster = costs["Foster care for a child"]
    url = reverse("evaluation:unit_cost_edit", args=[plan.slug, foster.pk])
    form = {"path": "custody", "name": foster.name, "unit": "each", "source": foster.source}
    chair_client.post(url, form | {"amount": "1000", "quantity": "3"})
    after = PilotFigures(plan, Period(plan.start, plan.end)).costs
    assert after.per_family == estimate.per_family + 3000
    assert len(after.missing) == waiting - 1


def test_the_dashboard_shows_how_many_children_were_told_what_happened_next(chair_client, pilot):
    """The share of children answering "Were you told what happened next?" with the top two
    faces, of those who answered it; suppressed like every other share."""
    pilot.suppress_below = 3
    pilot.save()
    for told in [5, 4, 5, 1, 2, 2, None]:
        FeedbackResponse.objects.create(
            pilot=pilot,
            respondent="child",
            stage="court",
            source="link",
            told_what_next=told,
            submitted_on=pilot.start,
        )
    d = figures.dashboard(pilot, figures.Period(pilot.start, pilot.end))
    children = next(g for g in d.feedback if g["value"] == "child")
    assert str(dict(children["shares"])["Told what happened next"]) == "50%"  # 3 of 6
    page = chair_client.get(reverse("evaluation:dashboard", args=[pilot.slug])).content.decode()
    row = page[page.index("Children who said they were told what happened next") :]
    assert row[: row.index("</dd>")].endswith("50%")
    FeedbackResponse.objects.filter(told_what_next=1).delete()  # 3 of 5: 2 did not, below 3
    page = chair_client.get(reverse("evaluation:dashboard", args=[pilot.slug])).content.decode()
    row = page[page.index("Children who said they were told what happened next") :]
    assert "50%" not in row[: row.index("</dd>")] and "[c]" in row[: row.index("</dd>")]
