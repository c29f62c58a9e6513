"""Writes for the child's journey: each one transaction, each audited."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Child, ParentChildLink
from assessments.privacy import child_organisations_for_the_whole_case
from assessments.services import child_allocate, child_unallocate
from cia_portal.accounts.models import Organisation, Role, User
from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record
from cia_portal.concurrency import EditConflict, edited_fields, update_checked
from cia_portal.errors import NotAllowed, Refused
from cia_portal.notifications.models import Notification
from cia_portal.notifications.services import notify, practitioners_in

from .models import CaseNote, HandOn, ParentContact, ReleasePlan

NOTE_FIELDS = ("kind", "happened_on", "who_took_part", "summary", "status")


@transaction.atomic
def note_save(*, child: Child, actor: User, data: dict, note: CaseNote | None = None) -> CaseNote:
    """Write a new note or contact, or change one: only the person who wrote it may (the
    history shows every version, and who saved it). `data` holds `NOTE_FIELDS`, and `seen`
    from an edit form (EditConflict if the note changed since the form was drawn)."""
    if note is None:
        _check_holds(child, actor)
        note = CaseNote(child=child, written_by=actor, **_note_fields(data))
        note._history_user = actor
        note.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=note, child_id=child.id)
        return note
    note_check_writer(note=note, actor=actor)
    shown = _note_fields(data) | ({"seen": data["seen"]} if "seen" in data else {})
    status = {"status": shown.pop("status")} if "status" in shown else {}
    if note.status == CaseNote.Status.FINAL:
        status = {}  # a saved note is never turned back into a draft
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


def _check_holds(child: Child, actor: User) -> None:
    if not child.practitioners.filter(pk=actor.pk).exists():
        raise NotAllowed(_("Only the practitioners holding this case can do this"))


def note_check_writer(*, note: CaseNote, actor: User) -> None:
    """Only the person who wrote a note may change it (403 for anyone else)."""
    if note.written_by_id != actor.pk:
        raise NotAllowed(_("Only the person who wrote a note can change it"))


@transaction.atomic
def parent_contact_save(
    *, link: ParentChildLink, actor: User, data: dict, new: bool = False
) -> ParentContact:
    """Record how the child keeps in touch with this parent (the first time, or a change).
    `data` may carry `seen` from an edit form (EditConflict if changed since); `new`: the form
    was drawn before there was a record (EditConflict if a colleague made one meanwhile)."""
    return _save_for_link(ParentContact, link=link, actor=actor, data=data, new=new)


@transaction.atomic
def release_plan_save(
    *, link: ParentChildLink, actor: User, data: dict, new: bool = False
) -> ReleasePlan:
    """Record or change the plan for this parent's release, as it concerns the child."""
    return _save_for_link(ReleasePlan, link=link, actor=actor, data=data, new=new)


def _save_for_link(model, *, link: ParentChildLink, actor: User, data: dict, new: bool):
    """The one record of `model` for this child and parent, made if need be and changed as
    `data` says (EditConflict if changed since the form was drawn), audited."""
    obj, created = model.objects.select_for_update().get_or_create(link=link)
    if new and not created:  # two people started it at once: the second sees the first's
        raise EditConflict(obj, edited_fields(model, data))
    obj, changed = update_checked(obj, data, actor=actor)
    if created or changed:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=obj,
            child_id=link.child_id,
            detail="Changed: " + ", ".join(changed) if changed and not created else "",
        )
    return obj


# Handing a case on ------------------------------------------------------------------------------


class HandOnRefused(Refused):
    """A case that cannot be handed on (or answered) as asked, and why."""


@transaction.atomic
def hand_on_propose(
    *, child: Child, actor: User, to_organisation: Organisation, note: str, sender_stays: bool
) -> HandOn:
    """A case holder asks another organisation to take the case on. Only where the record may
    go (`child_organisations_for_the_whole_case`); its practitioners are told, and it waits in
    their team's inbox."""
    child = Child.objects.select_for_update().get(pk=child.pk)  # one hand-on at a time
    _check_holds(child, actor)
    if to_organisation.pk == actor.organisation_id:
        raise HandOnRefused(
            _("Choose another organisation: your team manager moves cases within yours")
        )
    if to_organisation.pk not in child_organisations_for_the_whole_case(child):
        raise HandOnRefused(
            _(
                "%(name)s has not agreed to %(organisation)s holding the whole case. Whoever "
                "takes it on sees everything: record a consent with the child that names them "
                "for every stage and part, with your notes, or ask your safeguarding lead."
            )
            % {"name": child.preferred_name, "organisation": to_organisation}
        )
    if HandOn.objects.waiting().filter(child=child, to_organisation=to_organisation).exists():
        raise HandOnRefused(_("This case is already waiting for %(o)s") % {"o": to_organisation})
    hand_on = HandOn.objects.create(
        child=child,
        to_organisation=to_organisation,
        handed_on_by=actor,
        note=note,
        sender_stays=sender_stays,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=hand_on,
        child_id=child.id,
        detail=f"Handed on to {to_organisation}",
    )
    notify(
        recipients=practitioners_in([to_organisation]),
        kind=Notification.Kind.HANDED_ON,
        actor=actor,
        name=child.preferred_name,
        url=reverse("caseload:inbox"),
        child_id=child.id,
    )
    return hand_on


@transaction.atomic
def hand_on_decide(*, hand_on: HandOn, actor: User, accept: bool, reason: str = "") -> HandOn:
    """Someone in the receiving organisation accepts (and holds the case from now on; the
    sender leaves it unless they chose to stay) or declines, saying why."""
    hand_on = HandOn.objects.select_for_update().get(pk=hand_on.pk)
    if hand_on.status != HandOn.Status.WAITING:
        raise HandOnRefused(_("Someone has already answered this"))
    if actor.organisation_id != hand_on.to_organisation_id or not actor.has_role(Role.PRACTITIONER):
        raise NotAllowed(_("Only practitioners of the organisation it was handed on to can answer"))
    if not accept and not reason.strip():
        raise HandOnRefused(_("Enter why your organisation cannot take the case on"))
    child = hand_on.child
    if accept and hand_on.to_organisation_id not in child_organisations_for_the_whole_case(child):
        raise HandOnRefused(
            _("The child's consent no longer covers this. Ask the practitioner who handed it on.")
        )
    if accept:
        child_allocate(child=child, practitioner=actor, actor=actor)
        sender = hand_on.handed_on_by
        if not hand_on.sender_stays and child.practitioners.filter(pk=sender.pk).exists():
            child_unallocate(child=child, practitioner=sender, actor=actor)
    hand_on.status = HandOn.Status.ACCEPTED if accept else HandOn.Status.DECLINED
    hand_on.decided_by, hand_on.decided_at, hand_on.reason = actor, timezone.now(), reason
    hand_on.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=hand_on,
        child_id=child.id,
        detail=f"Hand-on {hand_on.get_status_display().lower()}",
    )
    notify(
        recipients=[hand_on.handed_on_by],
        kind=Notification.Kind.HAND_ON_DECIDED,
        actor=actor,
        name=child.preferred_name,
        url=reverse("chronology:chronology", args=[child.id]),
        child_id=child.id,
    )
    return hand_on
