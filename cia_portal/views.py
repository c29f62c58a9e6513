from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from .accounts.models import Role


@login_required
def home(request):
    if request.user.has_role(Role.PRACTITIONER):
        return redirect("assessments:my_cases")
    if request.user.has_role(Role.AUDITOR):
        return redirect("audit_trail")
    if request.user.has_role(Role.ALLIANCE_CHAIR):
        return redirect("evaluation:pilot_list")
    if request.user.has_role(Role.REFERRAL_ADMIN):
        return redirect("referrals:directory_list", kind="routes")
    return render(request, "home.html")


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
