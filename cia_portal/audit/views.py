from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.models import Role

from .forms import AuditSearchForm
from .selectors import audit_search

EVENTS_PER_PAGE = 50


@login_required
def audit_trail(request):
    """The Auditor's search of the trail: who did what, when, from where. No child content."""
    if not request.user.has_role(Role.AUDITOR):
        raise PermissionDenied(_("Only auditors can search the audit trail"))
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_search(**filters), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/trail.html", {"form": form, "page": page, "query": query.urlencode()}
    )
