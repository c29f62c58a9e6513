"""Reads for the child's journey, each within the scope the privacy kernel gives the reader."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from assessments.models import Child
from assessments.privacy import ChildScope

from .models import CaseNote


def notes_for(*, child: Child, scope: ChildScope) -> QuerySet[CaseNote]:
    """The notes and contacts this person may read, latest first: every one (drafts too) for
    a case holder; the saved ones for someone the child agreed to share the practitioner's
    notes with; none for anyone else."""
    notes = CaseNote.objects.filter(child=child).select_related("written_by")
    if scope.holds_case:
        return notes
    if scope.practitioner_notes:
        return notes.final()
    return notes.none()


def note_get(*, child: Child, scope: ChildScope, note_id) -> CaseNote:
    """One note of `child`, or 404 for a note this person may not read."""
    try:
        return notes_for(child=child, scope=scope).get(pk=note_id)
    except (CaseNote.DoesNotExist, ValueError) as exc:
        raise Http404("No such note") from exc


@dataclass(frozen=True)
class NoteVersion:
    """One save of a note: when, by whom, and what it changed (field, before, after)."""

    at: datetime
    by: str
    created: bool
    changes: list[tuple[str, str, str]]


def note_history(note: CaseNote) -> list[NoteVersion]:
    """Every version of the note, newest first, each with what it changed from the one
    before, in the words the form uses."""
    records = list(note.history.select_related("history_user").order_by("history_date"))
    versions = []
    for before, after in zip([None, *records], records, strict=False):
        changes = []
        if before is not None:
            for change in after.diff_against(before).changes:
                field = CaseNote._meta.get_field(change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        _shown(after, field, change.old),
                        _shown(after, field, change.new),
                    )
                )
        versions.append(
            NoteVersion(
                at=after.history_date,
                by=str(after.history_user or "") or "",
                created=before is None,
                changes=changes,
            )
        )
    return versions[::-1]


def _shown(record, field, value) -> str:
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    return str(value)
