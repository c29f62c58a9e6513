from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .accounts.models import Role
from .concurrency import SEEN, EditConflict


@login_required
def home(request):
    if request.user.has_role(Role.PRACTITIONER):
        return redirect("caseload:today")
    if request.user.has_role(Role.AUDITOR):
        return redirect("audit_trail")
    if request.user.has_role(Role.TEAM_MANAGER):
        return redirect("caseload:team")
    if request.user.has_role(Role.SAFEGUARDING_LEAD):
        return redirect("caseload:safeguarding_overrides")
    if request.user.has_role(Role.ALLIANCE_CHAIR) or request.user.has_role(Role.NATIONAL_LEAD):
        return redirect("evaluation:pilot_list")
    if request.user.has_role(Role.REFERRAL_ADMIN):
        return redirect("referrals:directory_list", kind="routes")
    return render(request, "home.html")


def next_page(request, *, default: str = "/") -> str:
    """Where to go after a form: its `next` if that is a page of this portal, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else default


@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def server_error(request):
    # No context processors: whatever failed (the database, say) must not fail this page too.
    return HttpResponseServerError(loader.render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """A form sent from a page that had expired. Says what to do; never Django's reason."""
    return render(request, "csrf_failure.html", status=403)


def edit_conflict_page(request, conflict: EditConflict, *edited, back: str):
    """Someone else saved first. Show where their version and this person's differ, and keep
    this person's typing in the form(s), ready to save over theirs on purpose (409)."""
    data = request.POST.copy()
    rows = []

    def is_conflicted(form) -> bool:
        current = conflict.current
        return type(form.instance) is type(current) and form.instance.pk == current.pk

    for form in filter(is_conflicted, edited):
        data[form.add_prefix(SEEN)] = conflict.seen_now
        for name in conflict.fields:
            theirs, yours = getattr(conflict.current, name), form.cleaned_data.get(name)
            if theirs != yours:
                field = form.fields[name]
                rows.append((field.label, _shown(field, theirs), _shown(field, yours)))
    retyped = [
        type(form)(
            data,
            instance=conflict.current if is_conflicted(form) else form.instance,
            prefix=form.prefix,
        )
        for form in edited
    ]
    context = {"forms": retyped, "rows": rows, "back": back}
    return render(request, "conflict.html", context, status=409)


def _shown(field, value) -> str:
    if value in (None, "", []):
        return _("(nothing)")
    names = {str(key): label for key, label in getattr(field, "choices", [])}
    values = value if isinstance(value, list) else [value]
    return ", ".join(str(names.get(str(v), v)) for v in values)
