from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.guards import role_page
from cia_portal.accounts.models import Role

from .forms import AuditSearchForm
from .selectors import audit_search

EVENTS_PER_PAGE = 50


@role_page(Role.AUDITOR, refusal=_("Only auditors can search the audit trail"))
def audit_trail(request):
    """The Auditor's search of the trail: who did what, when, from where. No child content."""
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_search(**filters), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/trail.html", {"form": form, "page": page, "query": query.urlencode()}
    )
