"""Writes for the child's journey: each one transaction, each audited."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessments.models import Child, ParentChildLink
from cia_portal.accounts.models import User
from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record
from cia_portal.concurrency import update_checked
from cia_portal.errors import NotAllowed

from .models import CaseNote, ParentContact

NOTE_FIELDS = ("kind", "happened_on", "who_took_part", "summary", "status")


@transaction.atomic
def note_save(*, child: Child, actor: User, data: dict, note: CaseNote | None = None) -> CaseNote:
    """Write a new note or contact, or change one: only the person who wrote it may (the
    history shows every version, and who saved it). `data` holds `NOTE_FIELDS`, and `seen`
    from an edit form (EditConflict if the note changed since the form was drawn)."""
    if note is None:
        note = CaseNote(child=child, written_by=actor, **_note_fields(data))
        note._history_user = actor
        note.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=note, child_id=child.id)
        return note
    note_check_writer(note=note, actor=actor)
    shown = _note_fields(data) | ({"seen": data["seen"]} if "seen" in data else {})
    status = {"status": shown.pop("status")} if "status" in shown else {}
    note, changed = update_checked(note, shown, actor=actor, unchecked=status)
    if changed:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=note,
            child_id=child.id,
            detail="Changed: " + ", ".join(changed),
        )
    return note


def _note_fields(data: dict) -> dict:
    return {name: data[name] for name in NOTE_FIELDS if name in data}


def note_check_writer(*, note: CaseNote, actor: User) -> None:
    """Only the person who wrote a note may change it (403 for anyone else)."""
    if note.written_by_id != actor.pk:
        raise NotAllowed(_("Only the person who wrote a note can change it"))


@transaction.atomic
def parent_contact_save(*, link: ParentChildLink, actor: User, data: dict) -> ParentContact:
    """Record how the child keeps in touch with this parent (the first time, or a change).
    `data` may carry `seen` from an edit form (EditConflict if changed since)."""
    contact, created = ParentContact.objects.get_or_create(link=link)
    contact, changed = update_checked(contact, data, actor=actor)
    if created or changed:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=contact,
            child_id=link.child_id,
            detail="Changed: " + ", ".join(changed) if changed and not created else "",
        )
    return contact
