"""The chair's pages, the report and its CSVs, the action plan, and feedback links."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import JusticeEvent
from evaluation import services
from evaluation.figures import Period, cost_estimate
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
        "token": "x",
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
        if url.endswith(".pdf"):
            body = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        body = CSRF_TOKEN.sub("", body)  # random letters could spell a short name
        for word in names | mothers:
            assert not re.search(rf"\b{re.escape(word)}\b", body), (name, word)
        opened.append((name, response.status_code))
    assert ("dashboard", 200) in opened and ("report_pdf", 200) in opened
    child = world["ann"]
    assert chair_client.get(reverse("assessments:child_detail", args=[child.id])).status_code == 404


@pytest.mark.parametrize("role", ["Practitioner", "Referral admin", "Auditor"])
def test_only_the_chair_sees_the_dashboard(client, pilot, role):
    client.force_login(UserFactory(roles=[role]))
    for url in ["dashboard", "report_pdf", "action_plan", "narrative_edit"]:
        assert client.get(reverse(f"evaluation:{url}", args=[pilot.slug])).status_code == 403


def test_the_dashboard_shows_the_figures_and_charts(chair_client, pilot, world):
    page = chair_client.get(reverse("evaluation:dashboard", args=[pilot.slug])).content.decode()
    assert "Children with a completed CIA" in page and "<svg" in page
    assert 'role="img"' in page and "[c] fewer than 2" in page
    # The key beside the tables says what the labels mean.
    assert "Fewer than 2: a 1 is not shown" in page


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


def test_the_report_pdf_holds_the_figures(chair_client, pilot, world, plan):
    pilot.findings = "Children said the drawing helped."
    pilot.save()
    response = chair_client.get(reverse("evaluation:report_pdf", args=[pilot.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Children with a completed CIA 3" in text
    assert "Children in the pilot 6" in text
    assert "Children offered a CIA 5" in text
    assert "Median days from offer to first conversation 10 days" in text
    assert "[c] fewer than 2" in text and "Children said the drawing helped." in text
    assert "is not shown, so that no child or family can be recognised" in text  # the key
    assert "child words" in text  # a quote given with permission
    assert "Outcome" in text and "8. Evidence will be collated" in text


def test_the_report_command(pilot, world, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("evaluation_report", pilot=pilot.slug, output=str(out))
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="No pilot called 'nope'"):
        call_command("evaluation_report", pilot="nope", output=str(out))


def test_csv_tables_are_suppressed_the_same_way(chair_client, pilot, world):
    response = chair_client.get(reverse("evaluation:table_csv", args=[pilot.slug, "funnel"]))
    lines = response.content.decode().splitlines()
    cells = list(csv.reader(io.StringIO(response.content.decode())))
    assert "Children offered a CIA,5" in lines
    assert "Children who said no,[c] fewer than 2" in lines
    assert "First completed at custody (prison),[c] fewer than 2" in lines
    assert cells[-1][0] == "[c]" and cells[-1][1].startswith("Fewer than 2: a 1 is not shown")
    assert "no-store" in response["Cache-Control"]
    feedback = chair_client.get(reverse("evaluation:table_csv", args=[pilot.slug, "feedback"]))
    assert "Mothers: responses,[c] fewer than 2" in feedback.content.decode()


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
    assert row == ["'" + name, "[c] fewer than 2"]


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
    dashboard = chair_client.get(reverse("evaluation:dashboard", args=[plan.slug])).content.decode()
    assert "5. Delivery" in dashboard


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
    estimate = cost_estimate(plan, Period(plan.start, plan.end))
    # 52,121 x 0.5 + 712 x 0 - 2,674 x 1
    assert estimate.per_family == Decimal("23386.50")
    assert estimate.families.value == 0 and estimate.total == 0
    for name in ["ann", "ben"]:
        hearings = JusticeEvent.objects.hearings().filter(parent__links__child=world[name])
        hearings.update(outcome=JusticeEvent.Outcome.COMMUNITY)
    estimate = cost_estimate(plan, Period(plan.start, plan.end))
    assert estimate.families.value == 2 and estimate.total == Decimal("46773.00")
    hearings = JusticeEvent.objects.hearings().filter(parent__links__child=world["ben"])
    hearings.update(outcome=JusticeEvent.Outcome.CUSTODY)
    assert cost_estimate(plan, Period(plan.start, plan.end)).total is None  # 1 family: hidden

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
    shown = chair_client.get(reverse("evaluation:dashboard", args=[plan.slug])).content.decode()
    assert "£47,326" in shown and "Our own figure" in shown  # 50,000 - 2,674
    chair_client.post(url, {"remove": "1"})
    assert not plan.unit_costs.filter(name="Prison").exists()
    call_command(
        "load_action_plan", pilot=plan.slug, file="fixtures/action_plans/hopeside-2023.json"
    )
    assert plan.unit_costs.count() == 2  # the chair's list is kept, not reloaded
