"""The practitioner's pages. Every child is opened through the privacy kernel's guards
(`privacy.child_page`), which find the child, check access and audit the read; every write
goes through a service."""

import uuid

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.models import Role
from cia_portal.audit.models import AuditEvent
from cia_portal.concurrency import EditConflict
from cia_portal.pagination import CountingPaginator
from cia_portal.views import edit_conflict_page, next_page

from . import consent_steps, forms, new_case_steps, privacy, selectors, services, wording
from .child_mode import wording_for
from .justice import GROUPS as JOURNEY_GROUPS
from .justice import Journey
from .models import Assessment, JoinRequest, JusticeEvent, Offer
from .pdf import pdf_download, pdf_filename, render_pdf
from .privacy import GET_AND_POST, HELD, POST_ONLY, SAFEGUARDING, SHARED, child_page, role_page
from .sections import SECTIONS, SECTIONS_BY_SLUG, section_answers, section_is_answered

CASES_PER_PAGE = 50
CONSENT_CHECK = "assessments:consent_check"
ONLY_PRACTITIONERS = _("Only practitioners hold cases")


def _child_url(child) -> str:
    return reverse("assessments:child_detail", args=[child.id])


def _form_page(request, template, form, **context):
    return render(request, template, {"form": form, **context})


@role_page(Role.PRACTITIONER, refusal=ONLY_PRACTITIONERS)
def paper_pack(request):
    """A blank pack to print, for a conversation on paper: choose the words, then the PDF."""
    form = forms.PaperPackForm(request.GET or None)
    if not form.is_valid():
        return render(request, "assessments/paper_pack_form.html", {"form": form})
    language = form.cleaned_data["language"]
    with translation.override(language):
        pdf = render_pdf(
            request,
            "assessments/paper_pack.html",
            selectors.paper_pack(**form.cleaned_data),
        )
    return pdf_download(pdf, filename=f"CIA-paper-pack-{form.cleaned_data['band']}-{language}.pdf")


@role_page(Role.PRACTITIONER, refusal=ONLY_PRACTITIONERS)
def my_cases(request):
    """The cases the person holds (found, filtered, sorted) and, apart, those shared with them."""
    form = forms.CaseloadForm(request.GET or None)
    form.is_valid()
    filters = form.filters()
    held, shared = selectors.caseload_for_user(request.user, filters)
    held_page = CountingPaginator(held, CASES_PER_PAGE).get_page(request.GET.get("page"))
    shared_page = CountingPaginator(shared, CASES_PER_PAGE).get_page(request.GET.get("shared_page"))
    shown = [c.pk for c in held_page] + [c.pk for c in shared_page]
    if filters.search:
        privacy.audited_search(
            request, text=form.cleaned_data["q"], child_ids=shown, where="My cases"
        )
    else:
        privacy.audited_list(request, child_ids=shown, detail="My cases")
    return render(
        request,
        "assessments/my_cases.html",
        {"form": form, "held": held_page, "shared": shared_page, "filtered": bool(request.GET)},
    )


@role_page(Role.PRACTITIONER, refusal=ONLY_PRACTITIONERS)
def case_create(request):
    """Start adding a child and family afresh: the first question page."""
    draft = new_case_steps.NewCaseDraft(request.session)
    draft.start()
    return _case_question(request, new_case_steps.STEPS[0], draft)


@role_page(Role.PRACTITIONER, methods=GET_AND_POST, refusal=ONLY_PRACTITIONERS)
def case_step(request, step):
    step = new_case_steps.STEPS_BY_SLUG[step]
    return _case_question(request, step, new_case_steps.NewCaseDraft(request.session))


def _case_question(request, step, draft):
    """One question page; from check your answers (`?change`) it goes back there. After the
    child's name and date of birth, a record someone else holds is looked for."""
    data = request.POST if request.method == "POST" else None
    form = step.form(data, initial=step.form.initial_from(draft.answers))
    changing = "change" in request.GET
    if request.method == "POST" and form.is_valid():
        draft.add(form.answers(), step=step)
        if step.slug == "child":
            answers = form.cleaned_data
            known = services.likely_known_check(
                name=answers["preferred_name"], born=answers["date_of_birth"], actor=request.user
            )
            draft.add({"likely_known": known}, step=step)
            if known:
                return redirect("assessments:case_known")
        following = None if changing else draft.next_after(step)
        return redirect(following.url_name if following else "assessments:case_check")
    number = draft.number(step)
    earlier = draft.steps[number - 2].url_name if number > 1 else "assessments:my_cases"
    context = {
        "form": form,
        "step": step,
        "number": number,
        "steps": len(draft.steps),
        "back": reverse("assessments:case_check" if changing else earlier),
        "action": reverse(step.url_name) + ("?change=1" if changing else ""),
    }
    return render(request, "assessments/case_step.html", context)


@role_page(Role.PRACTITIONER, refusal=ONLY_PRACTITIONERS)
def case_known(request):
    """Before anything is saved: this child may already be known to another service."""
    draft = new_case_steps.NewCaseDraft(request.session)
    if not draft.likely_known:  # no match (any more): on with the questions
        return redirect(
            draft.unanswered()[0].url_name if draft.unanswered() else "assessments:case_check"
        )
    following = draft.next_after(draft.step("child"))
    next_url = reverse(following.url_name if following else "assessments:case_check")
    context = {"name": draft.answers["preferred_name"], "next_url": next_url}
    return render(request, "assessments/case_known.html", context)


@role_page(Role.PRACTITIONER, methods=GET_AND_POST, refusal=ONLY_PRACTITIONERS)
def case_check(request):
    """Check your answers; confirming adds the family and asks the holders of a likely match."""
    draft = new_case_steps.NewCaseDraft(request.session)
    if draft.unanswered():
        return redirect(draft.unanswered()[0].url_name)
    if request.method == "POST":
        data = draft.case_data()
        if data["next_court_date"] and data["next_court_date"] < timezone.localdate():
            messages.error(request, _("The next court date has passed: change it or leave it out"))
            return redirect("assessments:case_what_happened")
        child = services.case_create(created_by=request.user, data=data)
        draft.clear()
        messages.success(request, _("%(name)s has been added") % {"name": child.preferred_name})
        if services.duplicate_check(child=child, actor=request.user):
            messages.info(request, services.LIKELY_KNOWN)
        return redirect("assessments:child_detail", child_id=child.id)
    context = {"rows": draft.summary(), "likely_known": draft.likely_known}
    return render(request, "assessments/case_check.html", context)


@child_page(SHARED)
def child_detail(request, child, scope):
    if not scope.case_details:
        conversations = selectors.child_shared_conversations(child, scope)
        return render(
            request,
            "assessments/child_shared.html",
            {"child": child, "scope": scope, "conversations": conversations},
        )
    data = selectors.child_page_data(child)
    return render(request, "assessments/child_detail.html", {"child": child, **data})


@child_page(HELD)
def child_actions(request, child):
    data = selectors.child_actions_data(child)
    return render(request, "assessments/child_actions.html", {"child": child, **data})


@child_page(HELD)
def child_family(request, child):
    data = selectors.child_family_data(child, request.user)
    return render(request, "assessments/child_family.html", {"child": child, **data})


@child_page(HELD)
def child_sharing(request, child):
    data = selectors.child_sharing_data(child)
    return render(request, "assessments/child_sharing.html", {"child": child, **data})


@child_page(HELD, methods=GET_AND_POST)
def child_edit(request, child):
    form = forms.ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        # The form works on a copy so a refused save leaves the stored child as it was.
        try:
            services.child_update(
                child=privacy.child_get_for_user(request.user, child.id),
                actor=request.user,
                data=form.cleaned_data,
            )
        except EditConflict as conflict:
            return edit_conflict_page(request, conflict, form, back=_child_url(child))
        messages.success(request, _("Details saved"))
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=_("About %(name)s") % {"name": child.preferred_name},
    )


@child_page(HELD, methods=GET_AND_POST)
def sibling_add(request, child):
    form = forms.SiblingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sibling = services.sibling_add(child=child, created_by=request.user, data=form.cleaned_data)
        messages.success(request, _("%(name)s has been added") % {"name": sibling.preferred_name})
        if services.duplicate_check(child=sibling, actor=request.user):
            messages.info(request, services.LIKELY_KNOWN)
        return redirect("assessments:child_detail", child_id=sibling.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=_("Add a brother or sister of %(name)s") % {"name": child.preferred_name},
    )


def _link_for(child, link_id):
    return get_object_or_404(child.parent_links.select_related("parent", "child"), pk=link_id)


@child_page(HELD, methods=GET_AND_POST)
def parent_edit(request, child, link_id):
    link = _link_for(child, link_id)
    parent_form = forms.ParentForm(request.POST or None, instance=link.parent, prefix="parent")
    link_form = forms.ParentChildLinkForm(request.POST or None, instance=link, prefix="link")
    if request.method == "POST" and parent_form.is_valid() and link_form.is_valid():
        fresh = _link_for(child, link_id)
        try:
            services.parent_update(
                link=fresh,
                actor=request.user,
                parent_data=parent_form.cleaned_data,
                link_data=link_form.cleaned_data,
            )
        except EditConflict as conflict:
            back = _child_url(link.child)
            return edit_conflict_page(request, conflict, parent_form, link_form, back=back)
        messages.success(request, _("Details saved"))
        return redirect("assessments:child_detail", child_id=child.id)
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


@child_page(HELD)
def parent_journey(request, child, link_id):
    """The parent's way through the justice system, event by event, and where to record the
    next."""
    link = _link_for(child, link_id)
    journey = Journey.of(link.parent)
    context = {"child": child, "link": link, "journey": journey, "groups": JOURNEY_GROUPS}
    return render(request, "assessments/parent_journey.html", context)


def _journey_url(child, link) -> str:
    return reverse("assessments:parent_journey", args=[child.id, link.id])


@child_page(HELD, methods=GET_AND_POST)
def justice_event_add(request, child, link_id):
    link = _link_for(child, link_id)
    kind = request.GET.get("kind")
    if kind not in JusticeEvent.Kind.values:  # first, what happened
        context = {"child": child, "link": link, "groups": JOURNEY_GROUPS}
        return render(request, "assessments/justice_event_kinds.html", context)
    others = list(link.parent.events.all())
    form = forms.JusticeEventForm(request.POST or None, kind=kind, others=others)
    if request.method == "POST" and form.is_valid():
        services.justice_event_record(
            link=link, actor=request.user, kind=kind, data=form.cleaned_data
        )
        messages.success(request, _("Saved: %(what)s") % {"what": JusticeEvent.Kind(kind).label})
        return redirect(_journey_url(child, link))
    return _event_page(request, form, child=child, link=link, kind=kind)


def _event_for(child, event_id) -> tuple:
    """The event, and the link from this child to the parent it belongs to."""
    event = get_object_or_404(JusticeEvent.objects.filter(parent__links__child=child), pk=event_id)
    return event, child.parent_links.select_related("parent").get(parent=event.parent_id)


def _event_page(request, form, *, child, link, kind):
    title = JusticeEvent.Kind(kind).label
    return _form_page(
        request,
        "assessments/justice_event_form.html",
        form,
        child=child,
        link=link,
        title=title,
        event=form.instance if not form.instance._state.adding else None,
    )


@child_page(HELD, methods=GET_AND_POST)
def justice_event_edit(request, child, event_id):
    event, link = _event_for(child, event_id)
    others = list(link.parent.events.all())
    form = forms.JusticeEventForm(
        request.POST or None, instance=event, kind=event.kind, others=others
    )
    if request.method == "POST" and form.is_valid():
        fresh, _link = _event_for(child, event_id)
        try:
            services.justice_event_update(
                event=fresh, child_id=child.id, actor=request.user, data=form.cleaned_data
            )
        except EditConflict as conflict:
            return edit_conflict_page(request, conflict, form, back=_journey_url(child, link))
        messages.success(request, _("Changes saved"))
        return redirect(_journey_url(child, link))
    return _event_page(request, form, child=child, link=link, kind=event.kind)


@child_page(HELD, methods=GET_AND_POST)
def justice_event_remove(request, child, event_id):
    """Asks first: an event recorded in error is taken out of the journey (the audit keeps
    it)."""
    event, link = _event_for(child, event_id)
    if request.method == "POST":
        services.justice_event_remove(event=event, child_id=child.id, actor=request.user)
        messages.success(request, _("Removed: %(what)s") % {"what": event})
        return redirect(_journey_url(child, link))
    context = {"child": child, "link": link, "event": event}
    return render(request, "assessments/justice_event_remove.html", context)


@child_page(HELD, methods=GET_AND_POST)
def carer_edit(request, child, carer_id=None):
    carer = get_object_or_404(child.family.carers, pk=carer_id) if carer_id else None
    form = forms.CarerForm(request.POST or None, instance=carer)
    if request.method == "POST" and form.is_valid():
        fresh = get_object_or_404(child.family.carers, pk=carer_id) if carer_id else None
        try:
            services.carer_save(
                child=child, actor=request.user, data=form.cleaned_data, carer=fresh
            )
        except EditConflict as conflict:
            return edit_conflict_page(request, conflict, form, back=_child_url(child))
        messages.success(request, _("Carer saved"))
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=_("Edit carer") if carer else _("Add a carer"),
    )


@child_page(HELD, methods=GET_AND_POST)
def offer_create(request, child):
    form = forms.OfferForm(
        request.POST or None,
        initial={"stage": selectors.child_current_stage(child), "offered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        offer = services.offer_record(child=child, offered_by=request.user, data=form.cleaned_data)
        if offer.outcome == Offer.Outcome.ACCEPTED:
            said_yes = _("%(name)s said yes. You can start now.")
            messages.success(request, said_yes % {"name": child.preferred_name})
            start = redirect("assessments:assessment_start", child_id=child.id)
            start["Location"] += f"?stage={offer.stage}"
            return start
        messages.success(
            request,
            _("%(name)s's answer has been recorded. Thank you for asking them.")
            % {"name": child.preferred_name},
        )
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(request, "assessments/offer_form.html", form, child=child)


ANOTHER_CONVERSATION = "another"


@child_page(HELD, methods=GET_AND_POST)
def assessment_start(request, child):
    stage = request.GET.get("stage") or selectors.child_current_stage(child)
    form = forms.AssessmentStartForm(
        request.POST or None,
        user=request.user,
        initial={"stage": stage, "conversation_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        earlier = selectors.child_conversation_at(child, stage=form.cleaned_data["stage"])
        if earlier and ANOTHER_CONVERSATION not in request.POST:
            return _another_conversation_page(request, child=child, earlier=earlier)
        assessment = services.assessment_start(
            child=child, created_by=request.user, data=form.cleaned_data
        )
        return redirect("assessments:assessment_detail", assessment_id=assessment.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=_("Start a conversation with %(name)s") % {"name": child.preferred_name},
        submit_label=_("Start the conversation"),
    )


def _another_conversation_page(request, *, child, earlier):
    """Asked before a second conversation at the same stage: the answers come back as they
    were typed, and only "Start another conversation" sends them on."""
    answers = [
        (name, value)
        for name in request.POST
        if name != "csrfmiddlewaretoken"
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "assessments/assessment_start_again.html",
        {"child": child, "earlier": earlier, "answers": answers, "another": ANOTHER_CONVERSATION},
    )


def _sections_with_status(assessment):
    return [(s, section_is_answered(assessment, s)) for s in SECTIONS]


@child_page(HELD)
def assessment_detail(request, assessment):
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "child": assessment.child,
            "sections": _sections_with_status(assessment),
            "drawings": list(assessment.drawings.all()),
            "actions": list(assessment.actions.order_by("due_date", "created_at")),
            "you_said_we_did": selectors.you_said_we_did_record(assessment),
        },
    )


@child_page(HELD, methods=GET_AND_POST)
def assessment_section(request, assessment, slug):
    if slug == "notes":
        section, form_class = None, forms.NotesForm
    elif slug in SECTIONS_BY_SLUG:
        section = SECTIONS_BY_SLUG[slug]
        form_class = forms.section_form_class(section)
    else:
        raise Http404("No such section")
    form = form_class(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        fresh = privacy.assessment_get_for_user(request.user, assessment.id)
        try:
            services.assessment_save(assessment=fresh, actor=request.user, data=form.cleaned_data)
        except EditConflict as conflict:
            back = reverse("assessments:assessment_detail", args=[assessment.id])
            return edit_conflict_page(request, conflict, form, back=back)
        if "timed_out" in request.POST:  # saved as a draft by the page as the session ended
            logout(request)
            return redirect(f"{reverse('login')}?timed_out=1&draft_saved=1")
        if "later" in request.POST:
            messages.success(request, _("Saved. You can come back to this at any time."))
            return redirect("assessments:child_detail", child_id=assessment.child_id)
        return redirect("assessments:assessment_detail", assessment_id=assessment.id)
    your = _your_family_member(assessment)
    return render(
        request,
        "assessments/section_form.html",
        {
            "form": form,
            "assessment": assessment,
            "child": assessment.child,
            "section": section,
            "question": section.question_about(your) if section else "",
            "guidance": wording.guidance(
                stage=assessment.stage, section=section.slug if section else ""
            ),
        },
    )


def _your_family_member(assessment) -> str:
    """The practitioner's pages name the child's family member as the child's screens do."""
    return wording.your_family_member(member=wording_for(assessment).member)


@child_page(HELD, methods=GET_AND_POST)
def assessment_check(request, assessment):
    if request.method == "POST":
        services.assessment_complete(assessment=assessment, actor=request.user)
        messages.success(
            request,
            _("Conversation completed. Now agree actions with %(name)s.")
            % {"name": assessment.child.preferred_name},
        )
        add_action = reverse("assessments:action_add", args=[assessment.child_id])
        return redirect(f"{add_action}?conversation={assessment.id}")
    return render(
        request,
        "assessments/assessment_check.html",
        {
            "assessment": assessment,
            "child": assessment.child,
            "answers": section_answers(assessment, your=_your_family_member(assessment)),
            "drawings": list(assessment.drawings.all()),
        },
    )


@child_page(HELD, methods=GET_AND_POST)
def drawing_add(request, assessment):
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
            messages.success(request, _("Drawing added"))
            return redirect("assessments:assessment_detail", assessment_id=assessment.id)
    return _form_page(
        request,
        "assessments/drawing_form.html",
        form,
        assessment=assessment,
        child=assessment.child,
    )


@child_page(SHARED)
def drawing_file(request, drawing):
    """The picture, to someone whose scope covers its conversation and drawings (the guard)."""
    response = FileResponse(drawing.image.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def _conversation_of(child, conversation_id: str):
    try:
        return child.assessments.get(pk=uuid.UUID(conversation_id))
    except (ValueError, Assessment.DoesNotExist) as exc:
        raise Http404("No such conversation for this child") from exc


@child_page(HELD, methods=GET_AND_POST)
def action_edit(request, child, action=None):
    form = forms.ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        fresh = privacy.action_get_for_user(request.user, action.id) if action else None
        data = form.cleaned_data
        if not action and request.GET.get("conversation"):
            # An action agreed in a conversation remembers which one (same child only).
            data["assessment"] = _conversation_of(child, request.GET["conversation"])
        try:
            services.action_save(child=child, actor=request.user, data=data, action=fresh)
        except EditConflict as conflict:
            return edit_conflict_page(request, conflict, form, back=_child_url(child))
        messages.success(request, _("Action saved"))
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=child,
        title=_("Change agreed action") if action else _("Add an agreed action"),
    )


@child_page(SHARED, detail="This is me")
def this_is_me(request, assessment, scope):
    """The child's words from one conversation, as far as this viewer may see them."""
    return render(request, "assessments/this_is_me.html", selectors.this_is_me(assessment, scope))


@child_page(SHARED, read=AuditEvent.Action.DOWNLOAD, detail="This is me PDF")
def this_is_me_pdf(request, assessment, scope):
    """The copy for professionals, such as a pre-sentence report author: what the child agreed
    to, then their words, as far as this viewer may see them."""
    context = selectors.this_is_me(assessment, scope, embed_images=True)
    context["agreements"] = selectors.this_is_me_agreements(assessment, scope)
    return pdf_download(
        render_pdf(request, "assessments/this_is_me_pdf.html", context),
        filename=pdf_filename(
            "This is me", assessment.child.preferred_name, on=assessment.conversation_date
        ),
    )


@child_page(SHARED, read=AuditEvent.Action.DOWNLOAD, detail="This is me keepsake PDF")
def this_is_me_keepsake(request, assessment, scope):
    """The child's own copy: a cover with their name and drawing, the faces they chose, large
    type, in the language of the conversation; the same scope as the page."""
    context = selectors.this_is_me(assessment, scope, embed_images=True)
    with translation.override(context["language"]):
        pdf = render_pdf(request, "assessments/this_is_me_keepsake.html", context)
    return pdf_download(
        pdf,
        filename=pdf_filename(
            context["titles"]["title"],
            assessment.child.preferred_name,
            context["titles"]["keepsake"],
            on=assessment.conversation_date,
        ),
    )


@child_page(HELD, methods=GET_AND_POST, detail="You said, we did")
def you_said_we_did(request, assessment, scope):
    """Choose with the child what goes in it, and see it as they will."""
    context = selectors.you_said_we_did(assessment, scope)
    record = context["record"]
    initial = (
        {"sections": record.sections, "who_to_ask": record.who_to_ask}
        if record
        else {"who_to_ask": _practitioner_and_organisation(assessment.completed_with)}
    )
    form = forms.YouSaidWeDidForm(request.POST or None, assessment=assessment, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.you_said_we_did_save(
            assessment=assessment, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Saved. Below is what the child will be given."))
        return redirect(request.path)
    return render(request, "assessments/you_said_we_did.html", context | {"form": form})


def _practitioner_and_organisation(user) -> str:
    return f"{user.get_full_name()}, {user.organisation}" if user.organisation_id else str(user)


@child_page(HELD, read=AuditEvent.Action.DOWNLOAD, detail="You said, we did PDF")
def you_said_we_did_pdf(request, assessment, scope):
    """The child's copy: large type, in the language and words of the conversation."""
    context = selectors.you_said_we_did(assessment, scope, embed_images=True)
    if context["record"] is None:
        return redirect("assessments:you_said_we_did", assessment_id=assessment.id)
    with translation.override(context["language"]):
        pdf = render_pdf(request, "assessments/you_said_we_did_pdf.html", context)
    name = assessment.child.preferred_name
    return pdf_download(
        pdf, filename=pdf_filename(context["said"]["title"], name, on=timezone.localdate())
    )


@child_page(HELD, methods=GET_AND_POST)
def you_said_we_did_given(request, assessment, scope):
    """Record that the child was given it (each time: the audit trail keeps them all)."""
    context = selectors.you_said_we_did(assessment, scope)
    record = context["record"]
    if record is None:
        return redirect("assessments:you_said_we_did", assessment_id=assessment.id)
    form = forms.YouSaidWeDidGivenForm(
        request.POST or None, instance=record, initial={"given_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        services.you_said_we_did_give(
            record=record, actor=request.user, copy=context["copy"], **form.cleaned_data
        )
        messages.success(request, _("Recorded that you gave it"))
        return redirect("assessments:assessment_detail", assessment_id=assessment.id)
    return _form_page(
        request,
        "assessments/simple_form.html",
        form,
        child=assessment.child,
        title=_("Record that you gave it"),
    )


@child_page(HELD)
def consent_create(request, child):
    """Start recording a consent afresh: the first question page."""
    draft = consent_steps.ConsentDraft(request.session, child)
    for_report = request.GET.get("for") == "pre-sentence-report"
    draft.start(answers=consent_steps.PRE_SENTENCE_REPORT if for_report else None)
    return _consent_question(request, child, consent_steps.STEPS[0], draft)


@child_page(HELD, methods=GET_AND_POST)
def consent_step(request, child, step):
    """One question page. From check your answers (`?change`) it goes back there."""
    step = consent_steps.STEPS_BY_SLUG[step]
    draft = consent_steps.ConsentDraft(request.session, child)
    if request.method == "POST" and "remove" in request.POST:
        draft.remove_recipient(request.POST["remove"])
        return redirect(request.get_full_path())
    return _consent_question(request, child, step, draft)


def _consent_question(request, child, step, draft):
    extra = {"added": draft.answers.get("recipients", [])} if step.slug == "who-will-know" else {}
    data = request.POST if request.method == "POST" else None  # an empty page is an answer
    form = step.form(data, child=child, initial=step.form.initial_from(draft.answers), **extra)
    if request.method == "POST" and form.is_valid():
        draft.add(form.answers(), step=step)
        if "add" in request.POST:
            return redirect(request.get_full_path())
        following = None if "change" in request.GET else draft.next_after(step)
        return redirect(following.url_name if following else CONSENT_CHECK, child_id=child.id)
    number = draft.number(step)
    context = {
        "form": form,
        "child": child,
        "step": step,
        "number": number,
        "steps": len(draft.steps),
    }
    if step.slug == "who-will-know":
        context["added"] = draft.recipients_added()
    changing = "change" in request.GET
    action = reverse(step.url_name, args=[child.id]) + ("?change=1" if changing else "")
    back = _consent_back(child, number, changing=changing)
    return render(
        request, "assessments/consent_step.html", context | {"back": back, "action": action}
    )


def _consent_back(child, number: int, *, changing: bool) -> str:
    if changing:
        return reverse(CONSENT_CHECK, args=[child.id])
    if number == 1:
        return _child_url(child)
    return reverse(consent_steps.STEPS[number - 2].url_name, args=[child.id])


@child_page(HELD, methods=GET_AND_POST)
def consent_check(request, child):
    """Check your answers, with exactly what each person will see; confirming shares."""
    draft = consent_steps.ConsentDraft(request.session, child)
    if draft.drop_unavailable_recipients():
        messages.error(request, consent_steps.RECIPIENT_GONE)
        return redirect(consent_steps.STEPS_BY_SLUG["who-will-know"].url_name, child_id=child.id)
    unanswered = draft.unanswered()
    if unanswered:  # nothing to check yet, and nothing to share
        context = {"child": child, "unanswered": unanswered}
        return render(request, "assessments/consent_unfinished.html", context)
    consent = draft.consent(recorded_by=request.user)
    users, organisations = draft.recipients()
    if request.method == "POST":
        if request.POST.get("answers") != draft.fingerprint():  # changed in another tab
            messages.error(request, _("The answers have changed: check them again, then share."))
            return redirect(CONSENT_CHECK, child_id=child.id)
        if consent.expires_on and consent.expires_on <= timezone.localdate():
            messages.error(request, _("Stop sharing on must be a date after today"))
            return redirect(consent_steps.STEPS_BY_SLUG["when"].url_name, child_id=child.id)
        services.consent_record(
            child=child,
            recorded_by=request.user,
            data=draft.consent_fields(),
            recipient_users=users,
            recipient_organisations=organisations,
        )
        draft.clear()
        messages.success(
            request,
            _("Thank you. Only the people %(name)s chose can see what they agreed to share.")
            % {"name": child.preferred_name},
        )
        return redirect("assessments:child_detail", child_id=child.id)
    previews = selectors.consent_previews(
        child=child, consent=consent, recipients=[*users, *organisations]
    )
    return render(
        request,
        "assessments/consent_check.html",
        {"child": child, "consent": consent, "previews": previews, "answers": draft.fingerprint()},
    )


@child_page(HELD, methods=GET_AND_POST)
def consent_withdraw(request, consent, child):
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(
            consent=consent, actor=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Sharing has stopped. Nobody else can see it from now on."))
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(
        request, "assessments/consent_withdraw.html", form, child=child, consent=consent
    )


@child_page(SAFEGUARDING, methods=GET_AND_POST)
def override_create(request, child):
    form = forms.OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.override_record(child=child, created_by=request.user, data=form.cleaned_data)
        messages.success(
            request,
            _("Shared without consent. The case holders and the person you shared with are told."),
        )
        return redirect(next_page(request, default=reverse("home")))
    return _form_page(
        request, "assessments/override_form.html", form, child=child, next=next_page(request)
    )


@child_page(SAFEGUARDING, methods=POST_ONLY)
def override_end(request, override):
    services.override_end(override=override, actor=request.user)
    messages.success(
        request,
        _("Sharing %(name)s's record without consent has ended.")
        % {"name": override.child.preferred_name},
    )
    return redirect(next_page(request, default=reverse("home")))


@child_page(HELD, methods=GET_AND_POST)
def child_allocate(request, child):
    form = forms.AllocateForm(request.POST or None, child=child)
    if request.method == "POST":
        if "remove" in request.POST:
            if not request.POST["remove"].isdigit():
                raise Http404("No such practitioner on this case")
            leaving = get_object_or_404(child.practitioners, pk=request.POST["remove"])
            try:
                services.child_unallocate(child=child, practitioner=leaving, actor=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(
                    request, _("%(name)s no longer holds this case") % {"name": leaving}
                )
            if leaving == request.user:
                return redirect("assessments:my_cases")
            return redirect("assessments:child_allocate", child_id=child.id)
        if form.is_valid():
            joining = form.cleaned_data["practitioner"]
            services.child_allocate(child=child, practitioner=joining, actor=request.user)
            messages.success(request, _("%(name)s now holds this case too") % {"name": joining})
            return redirect("assessments:child_allocate", child_id=child.id)
    return _form_page(
        request,
        "assessments/allocate.html",
        form,
        child=child,
        holders=list(child.practitioners.all()),
    )


@child_page(HELD, methods=GET_AND_POST)
def join_request(request, child, request_id):
    """A colleague may be working with this child too: add them to the case, or not."""
    asked = get_object_or_404(
        child.join_requests.select_related("requested_by__organisation", "their_child"),
        pk=request_id,
    )
    form = forms.JoinRequestForm(request.POST or None, asked=asked)
    if request.method == "POST" and asked.status == JoinRequest.Status.WAITING and form.is_valid():
        add = form.cleaned_data["decision"] == forms.JoinRequestForm.ADD
        services.join_request_decide(request=asked, add=add, actor=request.user)
        done = _("%(who)s now holds this case too") if add else _("%(who)s was not added")
        messages.success(request, done % {"who": asked.requested_by})
        return redirect("assessments:child_detail", child_id=child.id)
    return _form_page(request, "assessments/join_request.html", form, child=child, asked=asked)
