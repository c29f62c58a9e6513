"""The referral admin's pages: referral routes and the support directory. No child data."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from assessments import privacy
from assessments.privacy import GET_AND_POST, GET_ONLY, HELD, POST_ONLY, child_page, role_page
from assessments.services import LIKELY_KNOWN
from cia_portal.accounts.models import Role
from cia_portal.audit.models import AuditEvent
from cia_portal.concurrency import EditConflict
from cia_portal.views import edit_conflict_page

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


def _directory(kind: str) -> Directory:
    if kind not in DIRECTORIES:
        raise Http404("No such directory")
    return DIRECTORIES[kind]


def directory_page(*, methods=GET_ONLY):
    return role_page(
        Role.REFERRAL_ADMIN,
        methods=methods,
        refusal=_("Only referral administrators can change the directory"),
    )


@directory_page()
def directory_list(request, kind):
    directory = _directory(kind)
    entries = directory.model.objects.select_related("organisation", "owner")
    return render(
        request,
        "referrals/directory_list.html",
        {"directory": directory, "kind": kind, "entries": entries},
    )


@directory_page(methods=GET_AND_POST)
def entry_edit(request, kind, entry_id=None):
    directory = _directory(kind)
    entry = get_object_or_404(directory.model, pk=entry_id) if entry_id else None
    form = directory.form(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.entry_save(model=directory.model, data=form.cleaned_data, entry=entry)
        except EditConflict as conflict:
            back = reverse("referrals:directory_list", args=[kind])
            return edit_conflict_page(request, conflict, form, back=back)
        messages.success(request, _("%(name)s saved") % {"name": saved.name})
        return redirect("referrals:directory_list", kind=kind)
    return render(
        request,
        "referrals/entry_form.html",
        {"form": form, "directory": directory, "kind": kind, "entry": entry},
    )


@directory_page(methods=GET_AND_POST)
def entry_retire(request, kind, entry_id):
    """Asks first: a retired entry is no longer offered to practitioners (it can be brought
    back, and the records that used it keep it)."""
    directory = _directory(kind)
    entry = get_object_or_404(directory.model, pk=entry_id, is_active=True)
    if request.method == "POST":
        services.entry_set_active(entry=entry, active=False)
        messages.success(request, _("%(name)s retired") % {"name": entry.name})
        return redirect("referrals:directory_list", kind=kind)
    context = {"directory": directory, "kind": kind, "entry": entry}
    return render(request, "referrals/entry_retire.html", context)


@directory_page(methods=POST_ONLY)
def entry_action(request, kind, entry_id):
    """Bring back a retired entry, or move an entry up or down the list."""
    directory = _directory(kind)
    entry = get_object_or_404(directory.model, pk=entry_id)
    action = request.POST.get("action")
    if action == "reinstate":
        services.entry_set_active(entry=entry, active=True)
        messages.success(request, _("%(name)s is back") % {"name": entry.name})
    elif action in ("up", "down"):
        services.entry_move(entry=entry, up=action == "up")
    else:
        raise Http404("No such action")
    return redirect("referrals:directory_list", kind=kind)


@directory_page()
def directory_export(request, kind):
    directory = _directory(kind)
    return csv_io.directory_download(directory.model, filename=f"{kind}.csv")


@directory_page(methods=GET_AND_POST)
def directory_import(request, kind):
    directory = _directory(kind)
    form = forms.CsvUploadForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = csv_io.directory_import(
                directory.model, directory.form, form.cleaned_data["file"]
            )
        except csv_io.ImportRefused as refused:
            row_errors = refused.errors
            form.add_error("file", refused.beside_the_file)
        else:
            plural = directory.title.lower()
            messages.success(request, result.summary(singular=directory.singular, plural=plural))
            return redirect("referrals:directory_list", kind=kind)
    return render(
        request,
        "referrals/import.html",
        {"form": form, "directory": directory, "kind": kind, "row_errors": row_errors},
    )


@role_page(Role.PRACTITIONER, refusal=_("Only practitioners see referrals"))
def referral_list(request):
    referrals = selectors.referral_list_for_user(request.user)
    return render(request, "referrals/referral_list.html", {"referrals": referrals})


@role_page(
    Role.PRACTITIONER, methods=GET_AND_POST, refusal=_("Only practitioners record referrals")
)
def referral_create(request):
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.referral_create(received_by=request.user, data=form.cleaned_data)
        messages.success(request, _("Referral recorded"))
        return redirect("referrals:referral_detail", referral_id=referral.id)
    return render(request, "referrals/referral_form.html", {"form": form})


@login_required  # anyone not working on the referral: 404, whatever their role
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
                allocated_to=form.cleaned_data.get("allocated_to"),
            )
        except services.TransitionRefused as refused:
            form.add_error("to", str(refused))
        else:
            messages.success(request, _("Referral updated"))
            return redirect("referrals:referral_detail", referral_id=referral.id)
    return _referral_page(request, referral, form=form)


def _referral_page(request, referral, *, form=None, link_form=None):
    children = selectors.referral_children(request.user, referral)
    privacy.audited_list(request, child_ids=[c.pk for c in children], detail="Referral")
    families = None if referral.family_id else selectors.families_to_link(request.user)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "family_request": selectors.family_request_of(referral),
            "form": form or forms.TransitionForm(referral=referral),
            "link_form": link_form or (families and forms.LinkFamilyForm(families=families)),
            "events": list(referral.events.select_related("by")),
            "children": children,
        },
    )


@login_required
@require_POST
def referral_link_family(request, referral_id):
    referral = selectors.referral_get_for_user(request.user, referral_id)
    families = selectors.families_to_link(request.user)
    link_form = forms.LinkFamilyForm(request.POST, families=families)
    if link_form.is_valid():
        try:
            services.referral_link_family(
                referral=referral, family=link_form.cleaned_data["family"], actor=request.user
            )
        except services.TransitionRefused as refused:
            link_form.add_error("family", str(refused))
        else:
            messages.success(request, _("Referral linked to the family"))
            if services.referral_duplicate_check(referral=referral, actor=request.user):
                messages.info(request, LIKELY_KNOWN)
            return redirect("referrals:referral_detail", referral_id=referral.id)
    return _referral_page(request, referral, link_form=link_form)


@role_page(Role.PRACTITIONER, refusal=_("Only practitioners see hearings"))
def hearings(request):
    rows = selectors.hearings_for_user(request.user)
    privacy.audited_list(
        request,
        child_ids={child.pk for row in rows for _, _, child in row.children if child},
        detail="Upcoming hearings list",
    )
    return render(
        request,
        "referrals/hearings.html",
        {"rows": rows, "ahead_weeks": selectors.HEARINGS_AHEAD.days // 7},
    )


# Onward referrals: from an agreed action to a support service ---------------------------------


@child_page(HELD, methods=GET_AND_POST)
def onward_referrals(request, action):
    covered = privacy.child_consents_by_organisation(action.child)
    services_covered = SupportService.objects.filter(
        is_active=True, organisation__in=covered
    ).select_related("organisation")
    form = forms.OnwardReferralForm(request.POST or None, services=services_covered)
    if request.method == "POST" and form.is_valid():
        try:
            services.onward_referral_create(
                action=action,
                service=form.cleaned_data["service"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except services.OnwardRefused as refused:
            form.add_error("service", str(refused))
        else:
            sent = _("Referral sent to %(service)s")
            messages.success(request, sent % {"service": form.cleaned_data["service"].name})
            return redirect("referrals:onward_referrals", action_id=action.id)
    not_covered = (
        SupportService.objects.filter(is_active=True)
        .exclude(organisation__in=covered)
        .select_related("organisation")
    )
    return render(
        request,
        "referrals/onward_referrals.html",
        {
            "action": action,
            "child": action.child,
            "form": form,
            "onward_referrals": selectors.onward_referrals_for_action(action),
            "not_covered": not_covered,
            "any_covered": bool(covered),
        },
    )


@child_page(HELD, methods=GET_AND_POST)
def onward_referral_update(request, action, onward_id):
    onward = selectors.onward_referral_get(action, onward_id)
    form = forms.OnwardStatusForm(request.POST or None, onward=onward)
    if request.method == "POST" and form.is_valid():
        try:
            services.onward_referral_transition(
                onward=onward,
                to=form.cleaned_data["to"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except services.OnwardRefused as refused:
            form.add_error("to", str(refused))
        else:
            messages.success(request, _("Onward referral updated"))
            return redirect("referrals:onward_referrals", action_id=action.id)
    return render(
        request,
        "referrals/onward_update.html",
        {"action": action, "child": action.child, "onward": onward, "form": form},
    )


# The service's side ----------------------------------------------------------------------------


def service_page(view):
    """A page for the practitioners of the service an onward referral was sent to (the view
    finds the referral among theirs, or 404s): no one else, not even the referrer."""
    wrapped = role_page(
        Role.PRACTITIONER, methods=GET_AND_POST, refusal=_("Only practitioners see referrals")
    )(view)
    wrapped.access_level = "service"  # read by the generated access test
    wrapped.methods = GET_AND_POST
    return wrapped


SERVICE_FORMS = {
    "answer": forms.ServiceAnswerForm,
    "session": forms.ServiceSessionForm,
    "end": forms.ServiceEndForm,
}


@service_page
def service_referral(request, onward_id):
    """What a service is asked to do for a child, and its answer, sessions and ending."""
    onward = selectors.onward_referral_get_for_service(request.user, onward_id)
    doing = request.POST.get("do") if request.method == "POST" else None
    shown = {
        name: form(request.POST if name == doing else None, prefix=name)
        for name, form in SERVICE_FORMS.items()
    }
    if doing in shown and shown[doing].is_valid():
        try:
            _service_step(doing, onward, request.user, shown[doing].cleaned_data)
        except services.OnwardRefused as refused:
            shown[doing].add_error(None, str(refused))
        else:
            messages.success(request, _("Saved: the practitioner who referred the child is told"))
            return redirect("referrals:service_referral", onward_id=onward.id)
    privacy.audited_read(
        request,
        obj=onward,
        child_id=onward.action.child_id,
        action=AuditEvent.Action.VIEW,
        detail="An onward referral to a service",
    )
    context = {"onward": onward, "child": onward.action.child, "forms": shown, "doing": doing}
    return render(request, "referrals/service_referral.html", context)


def _service_step(doing: str, onward, actor, data: dict) -> None:
    if doing == "answer":
        services.onward_answer(
            onward=onward, actor=actor, accept=data["answer"], reason=data["reason"]
        )
    elif doing == "session":
        services.onward_session_record(onward=onward, actor=actor, on=data["on"], note=data["note"])
    else:
        services.onward_end(
            onward=onward, actor=actor, outcome=data["outcome"], end_note=data["end_note"]
        )
