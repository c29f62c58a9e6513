"""The child's notes and contacts. Every page is a `child_page`: the privacy kernel opens the
child and gives the scope; the selectors keep to it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.privacy import GET_AND_POST, HELD, SHARED, child_page
from cia_portal.concurrency import EditConflict
from cia_portal.pagination import CountingPaginator
from cia_portal.views import edit_conflict_page

from . import selectors, services
from .forms import NoteForm
from .models import CaseNote

NOTES_PER_PAGE = 50


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
    form = NoteForm(request.POST or None, instance=note)
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


def _is_draft(note: CaseNote) -> bool:
    return note.status == CaseNote.Status.DRAFT


def _status(draft: bool) -> str:
    return CaseNote.Status.DRAFT if draft else CaseNote.Status.FINAL


def _notes_url(child) -> str:
    return reverse("chronology:notes", args=[child.id])
