"""The referral admin's pages: referral routes and the support directory. No child data."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cia_portal.accounts.models import Role

from . import csv_io, forms, selectors, services
from .models import DirectoryEntry, ReferralRoute, SupportService


@dataclass(frozen=True)
class Directory:
    model: type[DirectoryEntry]
    form: type[forms.DirectoryEntryForm]
    title: str
    singular: str


DIRECTORIES = {
    "routes": Directory(ReferralRoute, forms.RouteForm, "Referral routes", "referral route"),
    "services": Directory(SupportService, forms.ServiceForm, "Support services", "support service"),
}


def _directory(request, kind: str) -> Directory:
    if not request.user.has_role(Role.REFERRAL_ADMIN):
        raise PermissionDenied("Only referral administrators can change the directory")
    if kind not in DIRECTORIES:
        raise Http404("No such directory")
    return DIRECTORIES[kind]


@login_required
def directory_list(request, kind):
    directory = _directory(request, kind)
    entries = directory.model.objects.select_related("organisation", "owner")
    return render(
        request,
        "referrals/directory_list.html",
        {"directory": directory, "kind": kind, "entries": entries},
    )


@login_required
def entry_edit(request, kind, entry_id=None):
    directory = _directory(request, kind)
    entry = get_object_or_404(directory.model, pk=entry_id) if entry_id else None
    form = directory.form(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        fresh = get_object_or_404(directory.model, pk=entry_id) if entry_id else None
        saved = services.entry_save(model=directory.model, data=form.cleaned_data, entry=fresh)
        messages.success(request, f"{saved.name} saved")
        return redirect("referrals:directory_list", kind=kind)
    return render(
        request,
        "referrals/entry_form.html",
        {"form": form, "directory": directory, "kind": kind, "entry": entry},
    )


@login_required
@require_POST
def entry_action(request, kind, entry_id):
    """Retire, bring back, or move an entry up or down the list."""
    directory = _directory(request, kind)
    entry = get_object_or_404(directory.model, pk=entry_id)
    action = request.POST.get("action")
    if action in ("retire", "reinstate"):
        services.entry_set_active(entry=entry, active=action == "reinstate")
        messages.success(request, f"{entry.name} {'retired' if action == 'retire' else 'is back'}")
    elif action in ("up", "down"):
        services.entry_move(entry=entry, up=action == "up")
    else:
        raise Http404("No such action")
    return redirect("referrals:directory_list", kind=kind)


@login_required
def directory_export(request, kind):
    directory = _directory(request, kind)
    response = HttpResponse(csv_io.directory_export(directory.model), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response


@login_required
def directory_import(request, kind):
    directory = _directory(request, kind)
    form = forms.CsvUploadForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = csv_io.directory_import(
                directory.model, directory.form, form.cleaned_data["file"]
            )
        except csv_io.ImportRefused as refused:
            row_errors = refused.errors
        else:
            messages.success(request, f"{count} {directory.title.lower()} imported")
            return redirect("referrals:directory_list", kind=kind)
    return render(
        request,
        "referrals/import.html",
        {"form": form, "directory": directory, "kind": kind, "row_errors": row_errors},
    )


@login_required
def referral_list(request):
    referrals = selectors.referral_list_for_user(request.user)
    return render(request, "referrals/referral_list.html", {"referrals": referrals})


@login_required
def referral_create(request):
    if not request.user.has_role(Role.PRACTITIONER):
        raise PermissionDenied("Only practitioners record referrals")
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.referral_create(received_by=request.user, data=form.cleaned_data)
        messages.success(request, "Referral recorded")
        return redirect("referrals:referral_detail", referral_id=referral.id)
    return render(request, "referrals/referral_form.html", {"form": form})


@login_required
def referral_detail(request, referral_id):
    referral = selectors.referral_get_for_user(request.user, referral_id)
    form = forms.TransitionForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_transition(
                referral=referral,
                to=form.cleaned_data["to"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                allocated_to=form.cleaned_data["allocated_to"],
            )
        except services.TransitionRefused as refused:
            form.add_error("to", str(refused))
        else:
            messages.success(request, "Referral updated")
            return redirect("referrals:referral_detail", referral_id=referral.id)
    events = list(referral.events.select_related("by"))
    return render(
        request,
        "referrals/referral_detail.html",
        {"referral": referral, "form": form, "events": events},
    )
