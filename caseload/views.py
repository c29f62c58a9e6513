"""A caseload, run day to day: the practitioner's Today, and the safeguarding lead's workspace
(find any child, share without consent, the overrides to end)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import privacy
from assessments.privacy import GET_AND_POST, role_page
from assessments.search import search_parse
from cia_portal.accounts.models import Role

from . import forms, selectors

SAFEGUARDING_ONLY = _("This page is for safeguarding leads")


@role_page(Role.PRACTITIONER, refusal=_("Only practitioners hold cases"))
def today(request):
    day = timezone.localdate()
    work = selectors.today_for(request.user, today=day)
    privacy.audited_list(request, child_ids=work.children_named, detail="Today")
    return render(request, "caseload/today.html", {"work": work, "today": day})


@role_page(Role.SAFEGUARDING_LEAD, methods=GET_AND_POST, refusal=SAFEGUARDING_ONLY)
def safeguarding_search(request):
    """Sent by POST: the reason stays out of addresses, histories and server logs."""
    form = forms.SafeguardingSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = privacy.child_search_for_safeguarding_lead(
            request.user, search_parse(form.cleaned_data["q"])
        )
        privacy.audited_search(
            request,
            text=form.cleaned_data["q"],
            child_ids=[child.pk for child in results],
            where=f"Safeguarding search (reason: {form.cleaned_data['reason']})",
        )
    return render(
        request,
        "caseload/safeguarding_search.html",
        {"form": form, "results": results, "most": privacy.SAFEGUARDING_RESULTS},
    )


@role_page(Role.SAFEGUARDING_LEAD, refusal=SAFEGUARDING_ONLY)
def safeguarding_overrides(request):
    today = timezone.localdate()
    overrides = selectors.overrides_by_state(request.user, today=today)
    named = {o.child_id for shown in overrides.values() for o in shown}
    privacy.audited_list(request, child_ids=named, detail="Safeguarding overrides")
    sections = [
        ("ending_soon", _("Ending within a week"), overrides["ending_soon"]),
        ("active", _("Active"), overrides["active"]),
        ("ended", _("Ended"), overrides["ended"]),
    ]
    return render(request, "caseload/safeguarding_overrides.html", {"sections": sections})
