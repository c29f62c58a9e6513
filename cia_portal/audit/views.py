from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.guards import role_page
from cia_portal.accounts.models import Role
from cia_portal.csv_files import csv_streamed_download
from cia_portal.pagination import CountingPaginator

from .forms import AuditSearchForm
from .selectors import MOST_COUNTED, AuditVisits, audit_search
from .sentences import Names, visit_sentence
from .services import audit_trail_export

VISITS_PER_PAGE = 50
ONLY_AUDITORS = _("Only auditors can search the audit trail")


@role_page(Role.AUDITOR, refusal=ONLY_AUDITORS)
def audit_trail(request):
    """The Auditor's search of the trail: who did what, to which child's record, when and from
    where, a sentence a row, with the views that follow one another as one."""
    form = AuditSearchForm(request.GET or None)
    search = form.filters()
    page = rows = None
    if search is not None:
        visits = AuditVisits(audit_search(**search))
        page = CountingPaginator(visits, VISITS_PER_PAGE).get_page(request.GET.get("page"))
        names = Names.of(page)
        rows = [
            (visit, visit_sentence(visit, names), names.people.get(visit.actor_id))
            for visit in page
        ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    context["most_counted"] = MOST_COUNTED
    return render(request, "audit/trail.html", context)


@role_page(Role.AUDITOR, refusal=ONLY_AUDITORS)
def audit_trail_csv(request):
    """Every row the search finds, one line each (views not grouped), as a CSV file."""
    form = AuditSearchForm(request.GET or None)
    search = form.filters()
    if search is None:  # the trail's page shows what is wrong with the search
        return redirect(f"{reverse('audit_trail')}?{request.GET.urlencode()}")
    rows = audit_trail_export(
        actor=request.user, events=audit_search(**search), searched=form.searched()
    )
    filename = f"audit-trail-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_streamed_download(rows=rows, filename=filename)
