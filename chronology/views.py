"""The child's journey: notes and contacts, the chronology (page and PDF), keeping in touch with
the parent, planning for release, handing the case on. Every page is a `child_page`: the
privacy kernel opens the child and gives the scope; the selectors keep to it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.justice import Journey
from assessments.pdf import render_pdf
from assessments.privacy import GET_AND_POST, HELD, SHARED, child_page
from cia_portal.audit.models import AuditEvent
from cia_portal.concurrency import EditConflict
from cia_portal.pagination import CountingPaginator
from cia_portal.views import edit_conflict_page

from . import selectors, services
from .entries import entry_shown, people_on
from .forms import ChronologyForm, HandOnForm, NoteForm, ParentContactForm, ReleasePlanForm
from .models import CaseNote, ParentContact, ReleasePlan

NOTES_PER_PAGE = 50
ENTRIES_PER_PAGE = 50
ENTRIES_IN_A_PDF = 2000  # a handover of years of work; past this, filter by date


@child_page(SHARED, detail="Chronology")
def chronology(request, child, scope):
    """Every dated thing about the child this person may see, latest first, a page at a time."""
    form = ChronologyForm(request.GET or None, strands=selectors.chronology_strands(scope))
    entries = selectors.chronology_for(child=child, scope=scope, filters=form.filters())
    number = _page_number(request.GET.get("page"))
    page, more = selectors.chronology_page(entries, number=number, size=ENTRIES_PER_PAGE)
    context = {
        "child": child,
        "scope": scope,
        "form": form,
        "entries": _shown(page, child, scope),
        "number": number,
        "more": more,
        "query": request.GET.urlencode(),
    }
    return render(request, "chronology/chronology.html", context)


@child_page(SHARED, read=AuditEvent.Action.DOWNLOAD, detail="Chronology PDF")
def chronology_pdf(request, child, scope):
    """The chronology as filtered, for a handover: the same scope as the page."""
    form = ChronologyForm(request.GET or None, strands=selectors.chronology_strands(scope))
    entries = selectors.chronology_for(child=child, scope=scope, filters=form.filters())
    page, more = selectors.chronology_page(entries, number=1, size=ENTRIES_IN_A_PDF)
    context = {
        "child": child,
        "scope": scope,
        "form": form,
        "entries": _shown(page, child, scope),
        "cut_short": more,
        "now": timezone.now(),
    }
    response = HttpResponse(
        render_pdf(request, "chronology/chronology_pdf.html", context),
        content_type="application/pdf",
    )
    name = f"chronology-{child.reference}" if scope.holds_case else "chronology"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _shown(entries, child, scope) -> list:
    people = people_on(entries)
    return [
        (entry, entry_shown(entry, child_id=child.id, holds_case=scope.holds_case, people=people))
        for entry in entries
    ]


MOST_PAGES = 10_000


def _page_number(text) -> int:
    """The page asked for, from 1 to `MOST_PAGES`: anything else is the first page."""
    try:
        number = int(text)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MOST_PAGES else 1


@child_page(SHARED, detail="Notes and contacts")
def notes(request, child, scope):
    listed = selectors.notes_for(child=child, scope=scope)
    page = CountingPaginator(listed, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "chronology/notes.html", {"child": child, "scope": scope, "page": page})


@child_page(SHARED, detail="A note or contact")
def note_detail(request, child, scope, note_id):
    note = selectors.note_get(child=child, scope=scope, note_id=note_id)
    history = selectors.note_history(note) if scope.holds_case else []
    context = {"child": child, "note": note, "history": history, "scope": scope}
    return render(request, "chronology/note_detail.html", context)


@child_page(HELD, methods=GET_AND_POST, detail="Writing a note")
def note_edit(request, child, scope, note_id=None):
    note = selectors.note_get(child=child, scope=scope, note_id=note_id) if note_id else None
    if note:
        services.note_check_writer(note=note, actor=request.user)
    kind = request.GET.get("kind")  # "Log a visit or call" starts with the kind chosen
    initial = {"kind": kind} if kind in CaseNote.Kind.values and not note else {}
    form = NoteForm(request.POST or None, instance=note, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft = request.POST.get("save") == "draft" and (not note or _is_draft(note))
        data = form.cleaned_data | {"status": _status(draft)}
        try:
            note = services.note_save(child=child, actor=request.user, data=data, note=note)
        except EditConflict as conflict:
            return edit_conflict_page(request, conflict, form, back=_notes_url(child))
        messages.success(request, _("Draft saved") if draft else _("Note saved"))
        return redirect("chronology:note_detail", child_id=child.id, note_id=note.id)
    title = _("Change a note or contact") if note else _("Add a note or contact")
    context = {
        "child": child,
        "form": form,
        "title": title,
        "may_draft": not note or _is_draft(note),
    }
    return render(request, "chronology/note_form.html", context)


def _drawn_new(request) -> bool:
    """The form was drawn before there was a record (a form for a record carries `seen`)."""
    return not request.POST.get("seen")


def _is_draft(note: CaseNote) -> bool:
    return note.status == CaseNote.Status.DRAFT


def _status(draft: bool) -> str:
    return CaseNote.Status.DRAFT if draft else CaseNote.Status.FINAL


def _notes_url(child) -> str:
    return reverse("chronology:notes", args=[child.id])


@child_page(HELD, detail="Keeping in touch with the parent")
def keeping_in_touch(request, child):
    sides = selectors.parent_sides_for(child)
    return render(request, "chronology/keeping_in_touch.html", {"child": child, "sides": sides})


@child_page(HELD, methods=GET_AND_POST, detail="Keeping in touch with the parent")
def parent_contact_edit(request, child, link_id):
    link = selectors.parent_link_get(child, link_id)
    contact = getattr(link, "contact", None) or ParentContact(link=link)
    form = ParentContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_contact_save(
                link=link, actor=request.user, data=form.cleaned_data, new=_drawn_new(request)
            )
        except EditConflict as conflict:
            form.instance = conflict.current  # started meanwhile: compare with theirs
            back = reverse("chronology:keeping_in_touch", args=[child.id])
            return edit_conflict_page(request, conflict, form, back=back)
        messages.success(request, _("Keeping in touch saved"))
        return redirect("chronology:keeping_in_touch", child_id=child.id)
    context = {"child": child, "form": form, "parent": link.parent, "link": link}
    return render(request, "chronology/parent_contact_form.html", context)


@child_page(HELD, methods=GET_AND_POST, detail="Handing the case on")
def hand_on(request, child):
    organisations = selectors.hand_on_organisations(child, user=request.user)
    form = HandOnForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hand_on_propose(
                child=child,
                actor=request.user,
                to_organisation=data["to_organisation"],
                note=data["note"],
                sender_stays=data["sender_stays"],
            )
        except services.HandOnRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("Handed on: it waits for %(organisation)s to accept it")
                % {"organisation": data["to_organisation"]},
            )
            return redirect("assessments:child_detail", child_id=child.id)
    context = {"child": child, "form": form, "organisations": organisations}
    return render(request, "chronology/hand_on_form.html", context)


@child_page(HELD, methods=GET_AND_POST, detail="Planning for the parent's release")
def release_plan_edit(request, child, link_id):
    link = selectors.parent_link_get(child, link_id)
    plan = getattr(link, "release_plan", None) or ReleasePlan(link=link)
    if plan.expected_on is None and plan._state.adding:
        expected = Journey.of(link.parent).expected_release
        plan.expected_on = expected.on if expected else None
    conversations = selectors.release_conversations(child)
    form = ReleasePlanForm(request.POST or None, instance=plan, conversations=conversations)
    if request.method == "POST" and form.is_valid():
        try:
            services.release_plan_save(
                link=link, actor=request.user, data=form.cleaned_data, new=_drawn_new(request)
            )
        except EditConflict as conflict:
            form.instance = conflict.current  # started meanwhile: compare with theirs
            back = reverse("chronology:keeping_in_touch", args=[child.id])
            return edit_conflict_page(request, conflict, form, back=back)
        messages.success(request, _("Release plan saved"))
        return redirect("chronology:keeping_in_touch", child_id=child.id)
    context = {"child": child, "form": form, "parent": link.parent}
    return render(request, "chronology/release_plan_form.html", context)
