"""The chair's pages (aggregates only: no page here can name a child), the practitioners'
feedback tools, and the public questionnaire behind a single-use link."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments.privacy import GET_AND_POST, GET_ONLY, POST_ONLY, role_page
from cia_portal.accounts.models import Role
from cia_portal.concurrency import EditConflict
from cia_portal.csv_files import csv_download
from cia_portal.languages import WELSH, family_page, family_redirect
from cia_portal.views import edit_conflict_page

from . import figures, forms, report, services
from .figures import rollup
from .models import FeedbackLink, Pilot, PlanAction, PlanOutcome, TrainingSession, UnitCost
from .selectors import pilots_for_feedback, pilots_kept_by, pilots_seen_by


def figures_page(*, methods=GET_ONLY):
    """A page of a pilot's figures: its area's chair and the national lead (a pilot neither
    may see is a 404, so nobody learns another area's pilots' names)."""
    return role_page(
        Role.ALLIANCE_CHAIR,
        Role.NATIONAL_LEAD,
        methods=methods,
        refusal=_("Only Alliance chairs and the national lead see the pilots' figures"),
    )


def chair_page(*, methods=GET_ONLY):
    """A page where the chair keeps their own area's pilot: its words, plan and costs."""
    return role_page(
        Role.ALLIANCE_CHAIR,
        methods=methods,
        refusal=_("Only the Alliance chair keeps the pilot's report, plan and costs"),
    )


def _pilot_seen(request, slug) -> Pilot:
    """The pilot, with its kept counts (`figures.kept`) in the same query."""
    pilots = pilots_seen_by(user=request.user).select_related("kept_counts")
    return get_object_or_404(pilots, slug=slug)


def _pilot_kept(request, slug) -> Pilot:
    return get_object_or_404(pilots_kept_by(user=request.user), slug=slug)


def practitioner_page(*, methods=GET_ONLY):
    return role_page(
        Role.PRACTITIONER,
        methods=methods,
        refusal=_("Only practitioners hand out feedback forms"),
    )


# The chair's pages of figures, in the order of their navigation: (URL name, title).
FIGURE_PAGES = [
    ("dashboard", _("Summary")),
    ("children", _("Children")),
    ("families", _("Families")),
    ("justice", _("Justice journey")),
    ("timeliness", _("How quickly")),
    ("feedback", _("Feedback")),
    ("action_plan", _("Action plan")),
    ("training", _("Training")),
    ("unit_costs", _("Costs avoided")),
]


def _figures(request, slug):
    """The pilot, the period form, and the pilot's figures for the period chosen (worked out
    as the page asks for them)."""
    pilot = _pilot_seen(request, slug)
    period_form = forms.PeriodForm(request.GET or None, pilot=pilot)
    return pilot, period_form, figures.PilotFigures(pilot, period_form.period())


def _figures_page(request, name, pilot, period_form, *, tables=(), cells=(), counted=None, **shown):
    """One of the chair's pages of figures: its navigation (keeping the period chosen), the
    period, when its counts were kept (if they were: `counted`, its PilotFigures), the key to
    the marks in its `tables` and other `cells`, and what its tables' CSV files hold."""
    kept = counted.kept if counted else None
    whole = counted is not None and counted.period == figures.Period(pilot.start, pilot.end)
    query = request.GET.urlencode()
    links = {page: _with_query(page, pilot, query) for page, _title in FIGURE_PAGES}
    nav = [
        {"title": title, "current": page == name, "href": links[page]}
        for page, title in FIGURE_PAGES
    ]
    return render(
        request,
        f"evaluation/{name}.html",
        {
            "pilot": pilot,
            "heading": dict(FIGURE_PAGES)[name],
            "nav": nav,
            "links": links,
            "period_form": period_form,
            "period": period_form.period() if period_form else None,
            "tables": tables,
            "key": figures.key(
                pilot.suppress_below,
                figures.marks([*(c for table in tables for c in table.cells), *cells]),
            ),
            "query": query,
            "page": name,
            "kept": kept,
            "not_kept_yet": whole and kept is None,  # the chair may keep them now
            "keeps": _keeps(request, pilot),
            "threshold": pilot.suppress_below,
            **shown,
        },
    )


def _keeps(request, pilot: Pilot) -> bool:
    """Whether this person keeps the pilot (its area's chair), not only sees its figures."""
    user = request.user
    if not user.has_role(Role.ALLIANCE_CHAIR):
        return False
    if not user.has_role(Role.NATIONAL_LEAD):
        return True  # a chair sees only the pilots they keep
    return pilots_kept_by(user=user).filter(pk=pilot.pk).exists()


def _with_query(name: str, pilot: Pilot, query: str) -> str:
    url = reverse(f"evaluation:{name}", args=[pilot.slug])
    return f"{url}?{query}" if query else url


@figures_page()
def pilot_list(request):
    pilots = list(pilots_seen_by(user=request.user).order_by("area__name", "-start", "name"))
    national_lead = request.user.has_role(Role.NATIONAL_LEAD)
    if len(pilots) == 1 and not national_lead:
        return redirect("evaluation:dashboard", slug=pilots[0].slug)
    return render(
        request,
        "evaluation/pilot_list.html",
        {"pilots": pilots, "national_lead": national_lead},
    )


@figures_page()
def dashboard(request, slug):
    """The summary: the headline, and a few figures of each page with a link to it."""
    pilot, period_form, f = _figures(request, slug)
    steps = f.children.steps[:2]  # offered a CIA, said yes
    return _figures_page(
        request,
        "dashboard",
        pilot,
        period_form,
        counted=f,
        tables=[f.children.headline, figures.timeliness_table(f.timeliness), f.feedback.table],
        cells=[count for _label, count in steps] + [f.costs.families],
        costs=f.costs,
        headline=f.children.headline,
        steps=steps,
        timeliness=f.timeliness,
        feedback=f.feedback.groups,
        children_told=f.feedback.children_told,
        plan=figures.plan_summary(f.plan),
    )


@figures_page()
def children(request, slug):
    pilot, period_form, f = _figures(request, slug)
    return _figures_page(
        request, "children", pilot, period_form, tables=f.children_tables, counted=f
    )


@figures_page()
def families(request, slug):
    """Who cares for the children, and the parents: what the costs report found unrecorded."""
    pilot, period_form, f = _figures(request, slug)
    return _figures_page(
        request, "families", pilot, period_form, tables=f.families_tables, counted=f
    )


@figures_page()
def justice(request, slug):
    pilot, period_form, f = _figures(request, slug)
    return _figures_page(request, "justice", pilot, period_form, tables=f.justice_tables, counted=f)


@figures_page()
def timeliness(request, slug):
    pilot, period_form, f = _figures(request, slug)
    before = f.children.before_sentencing
    medians = figures.timeliness_table(f.timeliness)
    return _figures_page(
        request,
        "timeliness",
        pilot,
        period_form,
        counted=f,
        tables=[medians, before],
        timeliness=f.timeliness,
        before_sentencing=before,
    )


@figures_page()
def feedback(request, slug):
    pilot, period_form, f = _figures(request, slug)
    said = f.feedback
    return _figures_page(
        request,
        "feedback",
        pilot,
        period_form,
        tables=[said.table],
        groups=said.groups,
        quotes=said.quotes,
    )


@figures_page()
def report_pdf(request, slug):
    pilot, _form, f = _figures(request, slug)
    response = HttpResponse(report.report_pdf(pilot, f.period), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pilot.slug}-evaluation.pdf"'
    return response


@figures_page()
def table_csv(request, slug, table):
    """One table as a tidy CSV (evaluation.figures.csv_rows): only that table and the figures
    it is suppressed with are worked out, and every cell goes through cia_portal.csv_files (a
    route's name is the chair's spreadsheet's text, never a formula)."""
    pilot, _form, f = _figures(request, slug)
    period = f.period
    chosen = figures.table(pilot, period, table)
    if chosen is None:
        raise Http404("No such table")
    return csv_download(
        rows=figures.csv_rows(chosen),
        filename=f"{pilot.slug}-{table}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv",
    )


@chair_page(methods=GET_AND_POST)
def narrative_edit(request, slug):
    pilot = _pilot_kept(request, slug)
    form = forms.NarrativeForm(request.POST or None, instance=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_save(pilot=pilot, data=form.cleaned_data)
        except EditConflict as conflict:
            back = reverse("evaluation:dashboard", args=[slug])
            return edit_conflict_page(request, conflict, form, back=back)
        messages.success(request, _("Report sections saved"))
        return redirect("evaluation:dashboard", slug=slug)
    return render(request, "evaluation/narrative_form.html", {"pilot": pilot, "form": form})


@figures_page()
def action_plan(request, slug):
    """The plan's progress (actions, not children: nothing to hide, and no period) and each
    action, to update."""
    pilot = _pilot_seen(request, slug)
    outcomes = PlanOutcome.objects.filter(pilot=pilot).prefetch_related("actions")
    progress = figures.plan_progress(pilot)
    return _figures_page(
        request,
        "action_plan",
        pilot,
        None,
        tables=[figures.plan_table(progress)],
        outcomes=outcomes,
        progress=progress,
        evidence=figures.training(pilot).evidence,
    )


@figures_page()
def training(request, slug):
    """The training register: sessions delivered, who came, practitioners trained."""
    pilot = _pilot_seen(request, slug)
    register = figures.training(pilot)
    sessions = pilot.training.prefetch_related(
        "attendance", "trained__organisation"
    ).select_related("recorded_by")
    return _figures_page(
        request,
        "training",
        pilot,
        None,
        tables=[register.table],
        register=register,
        sessions=sessions,
    )


@chair_page(methods=GET_AND_POST)
def training_session_edit(request, slug, session_id=None):
    pilot = _pilot_kept(request, slug)
    session = get_object_or_404(TrainingSession, pk=session_id, pilot=pilot) if session_id else None
    if request.method == "POST" and session and request.POST.get("remove"):
        services.training_session_remove(session=session)
        messages.success(request, _("%(title)s removed") % {"title": session.title})
        return redirect("evaluation:training", slug=slug)
    form = forms.TrainingSessionForm(request.POST or None, instance=session, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.training_session_save(
                pilot=pilot,
                actor=request.user,
                data=form.session_data,
                attendance=form.attendance,
                session=session,
            )
        except EditConflict as conflict:
            back = reverse("evaluation:training", args=[slug])
            return edit_conflict_page(request, conflict, form, back=back)
        messages.success(request, _("%(title)s saved") % {"title": saved.title})
        return redirect("evaluation:training", slug=slug)
    return render(
        request,
        "evaluation/training_session_form.html",
        {"pilot": pilot, "session": session, "form": form},
    )


@chair_page(methods=GET_AND_POST)
def plan_action_edit(request, slug, plan_action_id):
    action = get_object_or_404(
        PlanAction.objects.select_related("outcome__pilot"),
        pk=plan_action_id,
        outcome__pilot=_pilot_kept(request, slug),
    )
    form = forms.PlanActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_action_update(action=action, actor=request.user, data=form.cleaned_data)
        except EditConflict as conflict:
            back = reverse("evaluation:action_plan", args=[slug])
            return edit_conflict_page(request, conflict, form, back=back)
        messages.success(request, _("Action %(code)s updated") % {"code": action.code})
        return redirect(reverse("evaluation:action_plan", args=[slug]) + f"#action-{action.code}")
    return render(
        request,
        "evaluation/plan_action_form.html",
        {"pilot": action.outcome.pilot, "action": action, "form": form},
    )


@figures_page()
def unit_costs(request, slug):
    """The estimate of costs avoided in the period, with its unit costs to change."""
    pilot, period_form, f = _figures(request, slug)
    return _figures_page(
        request,
        "unit_costs",
        pilot,
        period_form,
        cells=[f.costs.families],
        costs=f.costs,
        counted=f,
    )


@chair_page(methods=POST_ONLY)
def recount(request, slug):
    """Count the pilot's figures again from today's records, rather than wait for tonight."""
    pilot = _pilot_kept(request, slug)
    services.pilot_counts_refresh(pilot=pilot)
    messages.success(request, _("The figures have been counted again from today's records"))
    page = request.POST.get("page")
    return redirect(f"evaluation:{page if page in dict(FIGURE_PAGES) else 'dashboard'}", slug=slug)


@chair_page(methods=GET_AND_POST)
def unit_cost_edit(request, slug, cost_id=None):
    pilot = _pilot_kept(request, slug)
    cost = get_object_or_404(UnitCost, pk=cost_id, pilot=pilot) if cost_id else None
    if request.method == "POST" and cost and request.POST.get("remove"):
        services.unit_cost_remove(cost=cost)
        messages.success(request, _("%(name)s removed") % {"name": cost.name})
        return redirect("evaluation:unit_costs", slug=slug)
    form = forms.UnitCostForm(request.POST or None, instance=cost)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.unit_cost_save(pilot=pilot, data=form.cleaned_data, cost=cost)
        except EditConflict as conflict:
            back = reverse("evaluation:unit_costs", args=[slug])
            return edit_conflict_page(request, conflict, form, back=back)
        messages.success(request, _("%(name)s saved") % {"name": saved.name})
        return redirect("evaluation:unit_costs", slug=slug)
    return render(
        request, "evaluation/unit_cost_form.html", {"pilot": pilot, "cost": cost, "form": form}
    )


# Feedback -----------------------------------------------------------------------------------


@practitioner_page(methods=GET_AND_POST)
def feedback_link_create(request):
    form = forms.FeedbackLinkForm(
        request.POST or None, pilots=pilots_for_feedback(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        token = services.feedback_link_create(created_by=request.user, **form.cleaned_data)
        link = request.build_absolute_uri(reverse("evaluation:feedback_answer", args=[token]))
        return render(
            request,
            "evaluation/feedback_link_made.html",
            {"link": link, "welsh_link": f"{link}?lang={WELSH}", **form.cleaned_data},
        )
    return render(request, "evaluation/feedback_link_form.html", {"form": form})


@practitioner_page(methods=GET_AND_POST)
def feedback_paper(request):
    pilot = pilots_for_feedback(user=request.user).first()
    form = forms.PaperFeedbackForm(request.POST or None)
    if pilot is None:
        raise PermissionDenied(_("There is no pilot to record feedback for"))
    if request.method == "POST" and form.is_valid():
        services.feedback_enter_paper(pilot=pilot, entered_by=request.user, data=form.cleaned_data)
        messages.success(request, _("Feedback saved. Thank you"))
        return redirect("evaluation:feedback_paper")
    return render(request, "evaluation/feedback_paper.html", {"form": form, "pilot": pilot})


@never_cache
@family_page
def feedback_answer(request, token):
    """The questionnaire, for anyone holding the link: no account needed."""
    try:
        link = services.feedback_link_check(FeedbackLink.objects.for_token(token))
    except services.LinkUnusable as unusable:
        return _link_unusable(request, str(unusable))
    form = forms.FeedbackForm(request.POST or None, respondent=link.respondent)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(link=link, answers=form.cleaned_data)
        except services.LinkUnusable as unusable:
            return _link_unusable(request, str(unusable))
        # Redirect, so that a refresh cannot send the answers again.
        request.session["feedback_voice"] = form.voice
        return family_redirect(request, "evaluation:feedback_thanks")
    return render(
        request,
        "evaluation/feedback_answer.html",
        {"form": form, "voice": form.voice, "link": link},
    )


@require_safe
@family_page
def feedback_thanks(request):
    voice = request.session.pop("feedback_voice", "adult")
    return render(request, "evaluation/feedback_thanks.html", {"voice": voice})


def _link_unusable(request, why: str):
    """A used or expired link gets a kind explanation, not an error page."""
    status = 404 if why == "not_found" else 200
    return render(request, "evaluation/feedback_unusable.html", {"why": why}, status=status)


# The national roll-up -----------------------------------------------------------------------


def national_page():
    return role_page(
        Role.NATIONAL_LEAD,
        refusal=_("Only the national lead sees the national roll-up"),
    )


def _national(year: int):
    """The stored roll-up of `year`, or a 404 when no counts are stored for it."""
    found = rollup.national(year)
    if found is None or found.year != year:
        raise Http404("No counts are stored for that year")
    return found


def _year_from_query(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) == 4 else None


@national_page()
def national(request):
    """Every area's pilots added up, for one year: the areas side by side, then one area's (or
    every area's) tables."""
    found = rollup.national(_year_from_query(request.GET.get("year")))
    if found is None:
        return render(request, "evaluation/national.html", {"national": None})
    scope = found.scope(request.GET.get("area", "")) or found.everywhere
    marks = figures.marks(found.headline_cells + scope.cells)
    return render(
        request,
        "evaluation/national.html",
        {
            "national": found,
            "scope": scope,
            "threshold": scope.threshold,
            "added_up": True,
            "key": figures.key(scope.threshold, marks, added_up=True),
        },
    )


@national_page()
def national_csv(request, year: int):
    """Every table of every area and of all areas, for the year, as one tidy CSV."""
    found = _national(year)
    rows = [["Area", "Table", *figures.CSV_COLUMNS]]
    for scope in found.scopes:
        for table in scope.tables:
            rows += [
                [scope.name, table.title, *row]
                for row in figures.csv_rows(table, added_up=True)[1:]
            ]
    return csv_download(rows=rows, filename=f"national-figures-{found.year}.csv")


@national_page()
def national_report_pdf(request, year: int):
    found = _national(year)
    response = HttpResponse(report.national_report_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="national-figures-{found.year}.pdf"'
    return response
