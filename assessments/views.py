"""The practitioner's pages. Every child is reached through a selector that 404s for anyone
who may not see them; every write goes through a service."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record

from . import forms, selectors, services
from .models import Assessment, Offer
from .sections import SECTIONS, SECTIONS_BY_SLUG, section_answers, section_is_answered

CASES_PER_PAGE = 50


def _form_page(request, template, form, **context):
    return render(request, template, {"form": form, **context})


def _audit_read(request, obj, child_id):
    """Reads are audited here; writes are audited by the services."""
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=obj, child_id=child_id)


def _child(request, child_id):
    child = selectors.child_get_for_user(request.user, child_id)
    _audit_read(request, child, child.id)
    return child


def _assessment(request, assessment_id):
    assessment = selectors.assessment_get_for_user(request.user, assessment_id)
    _audit_read(request, assessment, assessment.child_id)
    return assessment


@login_required
def my_cases(request):
    page = Paginator(selectors.child_list_for_user(request.user), CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "assessments/my_cases.html", {"children": page, "page": page})


@login_required
def case_create(request):
    form = forms.NewCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child = services.case_create(created_by=request.user, data=form.cleaned_data)
        messages.success(request, f"{child.preferred_name} has been added")
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(request, "assessments/case_form.html", form)


@login_required
def child_detail(request, child_id):
    child = _child(request, child_id)
    data = selectors.child_page_data(child, request.user)
    return render(request, "assessments/child_detail.html", {"child": child, **data})


@login_required
def child_edit(request, child_id):
    child = _child(request, child_id)
    form = forms.ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        # The form works on a copy so a refused save leaves the stored child as it was.
        services.child_update(
            child=selectors.child_get_for_user(request.user, child_id),
            actor=request.user,
            data=form.cleaned_data,
        )
        messages.success(request, "Details saved")
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=f"About {child.preferred_name}",
    )


@login_required
def sibling_add(request, child_id):
    child = _child(request, child_id)
    form = forms.SiblingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sibling = services.sibling_add(child=child, created_by=request.user, data=form.cleaned_data)
        messages.success(request, f"{sibling.preferred_name} has been added")
        return redirect("assessments:child_detail", child_id=sibling.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=f"Add a brother or sister of {child.preferred_name}",
    )


def _link_for(request, child_id, link_id):
    child = _child(request, child_id)
    return get_object_or_404(child.parent_links.select_related("parent", "child"), pk=link_id)


@login_required
def parent_edit(request, child_id, link_id):
    link = _link_for(request, child_id, link_id)
    parent_form = forms.ParentForm(request.POST or None, instance=link.parent, prefix="parent")
    link_form = forms.ParentChildLinkForm(request.POST or None, instance=link, prefix="link")
    if request.method == "POST" and parent_form.is_valid() and link_form.is_valid():
        fresh = _link_for(request, child_id, link_id)
        services.parent_update(
            link=fresh,
            actor=request.user,
            parent_data=parent_form.cleaned_data,
            link_data=link_form.cleaned_data,
        )
        messages.success(request, "Details saved")
        return redirect("assessments:child_detail", child_id=child_id)
    return render(
        request,
        "assessments/parent_form.html",
        {
            "forms": [parent_form, link_form],
            "parent_form": parent_form,
            "link_form": link_form,
            "child": link.child,
            "parent": link.parent,
        },
    )


@login_required
def hearing_add(request, child_id, link_id):
    link = _link_for(request, child_id, link_id)
    form = forms.HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hearing_add(link=link, actor=request.user, data=form.cleaned_data)
        messages.success(request, "Court date added")
        return redirect("assessments:child_detail", child_id=child_id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=link.child,
        title=f"Add a court date for {link.parent.name}",
    )


@login_required
def carer_edit(request, child_id, carer_id=None):
    child = _child(request, child_id)
    carer = get_object_or_404(child.family.carers, pk=carer_id) if carer_id else None
    form = forms.CarerForm(request.POST or None, instance=carer)
    if request.method == "POST" and form.is_valid():
        fresh = get_object_or_404(child.family.carers, pk=carer_id) if carer_id else None
        services.carer_save(child=child, actor=request.user, data=form.cleaned_data, carer=fresh)
        messages.success(request, "Carer saved")
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title="Edit carer" if carer else "Add a carer",
    )


@login_required
def offer_create(request, child_id):
    child = _child(request, child_id)
    form = forms.OfferForm(
        request.POST or None,
        initial={"stage": selectors.child_current_stage(child), "offered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        offer = services.offer_record(child=child, offered_by=request.user, data=form.cleaned_data)
        if offer.outcome == Offer.Outcome.ACCEPTED:
            messages.success(request, f"{child.preferred_name} said yes. You can start now.")
            start = redirect("assessments:assessment_start", child_id=child.id)
            start["Location"] += f"?stage={offer.stage}"
            return start
        messages.success(
            request,
            f"{child.preferred_name}'s answer has been recorded. Thank you for asking them.",
        )
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(request, "assessments/offer_form.html", form, child=child)


@login_required
def assessment_start(request, child_id):
    child = _child(request, child_id)
    stage = request.GET.get("stage") or selectors.child_current_stage(child)
    form = forms.AssessmentStartForm(
        request.POST or None,
        user=request.user,
        initial={"stage": stage, "conversation_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_start(
            child=child, created_by=request.user, data=form.cleaned_data
        )
        return redirect("assessments:assessment_detail", assessment_id=assessment.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=f"Start a conversation with {child.preferred_name}",
        submit_label="Start the conversation",
    )


def _sections_with_status(assessment):
    return [(s, section_is_answered(assessment, s)) for s in SECTIONS]


@login_required
def assessment_detail(request, assessment_id):
    assessment = _assessment(request, assessment_id)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "child": assessment.child,
            "sections": _sections_with_status(assessment),
            "drawings": list(assessment.drawings.all()),
        },
    )


@login_required
def assessment_section(request, assessment_id, slug):
    assessment = _assessment(request, assessment_id)
    if slug == "notes":
        section, form_class = None, forms.NotesForm
    elif slug in SECTIONS_BY_SLUG:
        section = SECTIONS_BY_SLUG[slug]
        form_class = forms.section_form_class(section)
    else:
        raise Http404("No such section")
    form = form_class(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.assessment_get_for_user(request.user, assessment_id)
        services.assessment_save(assessment=fresh, actor=request.user, data=form.cleaned_data)
        if "later" in request.POST:
            messages.success(request, "Saved. You can come back to this at any time.")
            return redirect("assessments:child_detail", child_id=assessment.child_id)
        return redirect("assessments:assessment_detail", assessment_id=assessment.id)
    return render(
        request,
        "assessments/section_form.html",
        {"form": form, "assessment": assessment, "child": assessment.child, "section": section},
    )


@login_required
def assessment_check(request, assessment_id):
    assessment = _assessment(request, assessment_id)
    if request.method == "POST":
        services.assessment_complete(assessment=assessment, actor=request.user)
        messages.success(
            request,
            f"Conversation completed. Now agree actions with {assessment.child.preferred_name}.",
        )
        add_action = reverse("assessments:action_add", args=[assessment.child_id])
        return redirect(f"{add_action}?conversation={assessment.id}")
    return render(
        request,
        "assessments/assessment_check.html",
        {
            "assessment": assessment,
            "child": assessment.child,
            "answers": section_answers(assessment),
            "drawings": list(assessment.drawings.all()),
        },
    )


@login_required
def drawing_add(request, assessment_id):
    assessment = _assessment(request, assessment_id)
    form = forms.DrawingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.drawing_add(
                assessment=assessment,
                actor=request.user,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, "Drawing added")
            return redirect("assessments:assessment_detail", assessment_id=assessment.id)
    return _form_page(
        request,
        "assessments/drawing_form.html",
        form,
        assessment=assessment,
        child=assessment.child,
    )


@login_required
def drawing_file(request, drawing_id):
    drawing = selectors.drawing_get_for_user(request.user, drawing_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=drawing,
        child_id=drawing.assessment.child_id,
    )
    response = FileResponse(drawing.image.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def _conversation_of(child, conversation_id: str):
    try:
        return child.assessments.get(pk=uuid.UUID(conversation_id))
    except (ValueError, Assessment.DoesNotExist) as exc:
        raise Http404("No such conversation for this child") from exc


@login_required
def action_edit(request, child_id=None, action_id=None):
    if action_id:
        action = selectors.action_get_for_user(request.user, action_id)
        child = action.child
        _audit_read(request, action, child.id)
    else:
        action, child = None, _child(request, child_id)
    form = forms.ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.action_get_for_user(request.user, action_id) if action_id else None
        data = form.cleaned_data
        if not action_id and request.GET.get("conversation"):
            # An action agreed in a conversation remembers which one (same child only).
            data["assessment"] = _conversation_of(child, request.GET["conversation"])
        services.action_save(child=child, actor=request.user, data=data, action=fresh)
        messages.success(request, "Action saved")
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title="Change agreed action" if action else "Add an agreed action",
    )
