"""Writes. Each service is one transaction, keeps the grants in step and records an audit row."""

import io
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from cia_portal.accounts.models import Role
from cia_portal.accounts.services import organisation_group
from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record
from cia_portal.concurrency import update_checked
from cia_portal.errors import NotAllowed, NotFound
from cia_portal.notifications.models import Notification
from cia_portal.notifications.services import notify, practitioners_in

from .models import (
    AgreedAction,
    Assessment,
    Carer,
    Child,
    Consent,
    Drawing,
    Family,
    JoinRequest,
    JusticeEvent,
    Offer,
    ParentChildLink,
    ParentInJustice,
    SafeguardingOverride,
    YouSaidWeDid,
)
from .privacy import child_likely_duplicates, child_likely_known, child_sync_grants

Action = AuditEvent.Action
# How the audit trail words a change of who holds a case (the chronology lists these rows).
ALLOCATED_TO, UNALLOCATED_FROM = "Allocated to ", "No longer allocated to "
Told = Notification.Kind
CHILD_FIELDS = {f.name for f in Child._meta.get_fields() if f.concrete} - {
    "id",
    "family",
    "created_by",
    "created_at",
    "modified_at",
}


def _create(actor, obj: Model, child_id) -> Model:
    obj.save()
    audit_record(actor=actor, action=Action.CREATE, obj=obj, child_id=child_id)
    return obj


def _update(actor, obj: Model, data: dict, child_id) -> Model:
    """`update_checked` (EditConflict if someone else changed these fields since the form was
    drawn), with an audit row naming the fields that changed."""
    obj, changed = update_checked(obj, data)
    if changed:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=obj,
            child_id=child_id,
            detail="Changed: " + ", ".join(changed),
        )
    return obj


@transaction.atomic
def case_create(*, created_by, data: dict) -> Child:
    """A new family with its first child, the parent in the justice system, what has happened
    to them so far, and (from the demo data) a carer."""
    family = Family.objects.create(name=data["family_name"], created_by=created_by)
    child = Child(
        family=family, created_by=created_by, **{f: data[f] for f in data if f in CHILD_FIELDS}
    )
    _create(created_by, child, child.id)
    child.practitioners.add(created_by)
    parent = _create(created_by, ParentInJustice(family=family, name=data["parent_name"]), child.id)
    ParentChildLink.objects.create(
        parent=parent,
        child=child,
        relationship=data["relationship"],
        care_arrangement=data["care_arrangement"],
    )
    _create(
        created_by,
        JusticeEvent(
            parent=parent,
            kind=data["so_far_kind"],
            on=data["so_far_on"],
            **data.get("so_far_details", {}),
        ),
        child.id,
    )
    if data.get("next_court_date"):
        _create(
            created_by,
            JusticeEvent(
                parent=parent,
                kind=JusticeEvent.Kind.HEARING,
                on=data["next_court_date"],
                court=data["court"],
                purpose=data.get("hearing_purpose") or JusticeEvent.Purpose.OTHER,
            ),
            child.id,
        )
    if data.get("carer_name"):
        _create(
            created_by,
            Carer(
                family=family,
                name=data["carer_name"],
                relationship=data["carer_relationship"],
                phone=data.get("carer_phone", ""),
            ),
            child.id,
        )
    child_sync_grants(child=child)
    return child


@transaction.atomic
def sibling_add(*, child: Child, created_by, data: dict) -> Child:
    """A brother or sister in the same family, linked to the same parent(s)."""
    sibling = Child(
        family=child.family,
        created_by=created_by,
        **{f: data[f] for f in data if f in CHILD_FIELDS},
    )
    _create(created_by, sibling, sibling.id)
    sibling.practitioners.set(child.practitioners.all())
    for link in child.parent_links.all():
        ParentChildLink.objects.create(
            parent_id=link.parent_id,
            child=sibling,
            relationship=link.relationship,
            care_arrangement=data["care_arrangement"],
        )
    child_sync_grants(child=sibling)
    return sibling


@transaction.atomic
def child_update(*, child: Child, actor, data: dict) -> Child:
    return _update(actor, child, data, child.id)


@transaction.atomic
def case_close(*, child: Child, actor, closed_on) -> Child:
    """The work with the child has ended. Retention counts from this day; reopening clears it."""
    return _update(actor, child, {"closed_on": closed_on}, child.id)


@transaction.atomic
def case_reopen(*, child: Child, actor) -> Child:
    return _update(actor, child, {"closed_on": None}, child.id)


@transaction.atomic
def parent_update(*, link: ParentChildLink, actor, parent_data: dict, link_data: dict) -> None:
    _update(actor, link.parent, parent_data, link.child_id)
    _update(actor, link, link_data, link.child_id)


@transaction.atomic
def justice_event_record(*, link: ParentChildLink, actor, kind: str, data: dict) -> JusticeEvent:
    """A step of the parent's journey, recorded from one of her children's pages."""
    return _create(actor, JusticeEvent(parent_id=link.parent_id, kind=kind, **data), link.child_id)


@transaction.atomic
def justice_event_update(*, event: JusticeEvent, child_id, actor, data: dict) -> JusticeEvent:
    return _update(actor, event, data, child_id)


@transaction.atomic
def justice_event_remove(*, event: JusticeEvent, child_id, actor) -> None:
    """An event recorded in error. The audit keeps what it was."""
    kept = [event.get_outcome_display(), event.court, event.prison, event.note]
    detail = "; ".join([str(event), *(str(part) for part in kept if part)])[:500]
    audit_record(actor=actor, action=Action.DELETE, obj=event, child_id=child_id, detail=detail)
    event.delete()


@transaction.atomic
def carer_save(*, child: Child, actor, data: dict, carer: Carer | None = None) -> Carer:
    if carer is None:
        return _create(actor, Carer(family=child.family, **data), child.id)
    return _update(actor, carer, data, child.id)


@transaction.atomic
def offer_record(*, child: Child, offered_by, data: dict) -> Offer:
    return _create(offered_by, Offer(child=child, offered_by=offered_by, **data), child.id)


@transaction.atomic
def assessment_start(*, child: Child, created_by, data: dict) -> Assessment:
    return _create(created_by, Assessment(child=child, created_by=created_by, **data), child.id)


@transaction.atomic
def assessment_save(*, assessment: Assessment, actor, data: dict) -> Assessment:
    """Save answers (a draft can be saved at any point, and so can a completed one)."""
    return _update(actor, assessment, data, assessment.child_id)


@transaction.atomic
def assessment_complete(*, assessment: Assessment, actor, at=None) -> Assessment:
    """Mark the conversation completed (`at` for one held earlier, e.g. typed in from paper)."""
    return _update(
        actor,
        assessment,
        {"status": Assessment.Status.COMPLETED, "completed_at": at or timezone.now()},
        assessment.child_id,
    )


def _as_clean_png(upload) -> ContentFile:
    """Decode the picture and write it out again as PNG: proves it is an image and drops
    any hidden metadata (location, camera, names)."""
    try:
        with Image.open(upload) as image:
            if image.format not in ("PNG", "JPEG"):
                raise ValidationError(_("The file must be a picture (PNG or JPEG)"))
            # A small file can unpack into a huge picture: check its size before decoding.
            if image.width * image.height > settings.DRAWING_MAX_PIXELS:
                raise ValidationError(_("The picture is too big. Use a smaller photo."))
            image.load()
            clean = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file must be a picture (PNG or JPEG)")) from exc
    out = io.BytesIO()
    clean.save(out, format="PNG")
    return ContentFile(out.getvalue(), name="drawing.png")


@transaction.atomic
def drawing_add(*, assessment: Assessment, actor, image, caption: str = "") -> Drawing:
    drawing = Drawing(assessment=assessment, uploaded_by=actor, caption=caption)
    drawing.image.save("drawing.png", _as_clean_png(image), save=False)
    return _create(actor, drawing, assessment.child_id)


@transaction.atomic
def action_save(
    *, child: Child, actor, data: dict, action: AgreedAction | None = None
) -> AgreedAction:
    if action is None:
        return _create(actor, AgreedAction(child=child, **data), child.id)
    return _update(actor, action, data, child.id)


@transaction.atomic
def you_said_we_did_save(
    *, assessment: Assessment, actor, sections: list[str], who_to_ask: str
) -> YouSaidWeDid:
    """What goes in the child's "You said, we did": the parts they chose, and who to ask."""
    record = YouSaidWeDid.objects.filter(assessment=assessment).first()
    data = {"sections": sorted(sections), "who_to_ask": who_to_ask}
    if record is None:
        return _create(actor, YouSaidWeDid(assessment=assessment, **data), assessment.child_id)
    return _update(actor, record, data, assessment.child_id)


@transaction.atomic
def you_said_we_did_give(
    *, record: YouSaidWeDid, actor, given_on, given_how: str, copy: str
) -> YouSaidWeDid:
    """Record that the child was given it, and what it said then (`copy`, a fingerprint of the
    child's copy): a different copy later is news for them."""
    record = YouSaidWeDid.objects.select_for_update().get(pk=record.pk)
    record.given_on, record.given_how, record.given_by = given_on, given_how, actor
    record.given_at, record.given_copy = timezone.now(), copy
    record.save(update_fields=["given_on", "given_how", "given_by", "given_at", "given_copy"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=record,
        child_id=record.assessment.child_id,
        detail=f"Given to the child on {given_on:%-d %B %Y}: {record.get_given_how_display()}",
    )
    return record


@transaction.atomic
def consent_record(
    *, child: Child, recorded_by, data: dict, recipient_users, recipient_organisations
) -> Consent:
    """Record a consent and share at once with its recipients."""
    consent = Consent(child=child, recorded_by=recorded_by, **data)
    consent.save()
    consent.recipient_users.set(recipient_users)
    consent.recipient_organisations.set(recipient_organisations)
    for organisation in recipient_organisations:
        organisation_group(organisation=organisation)
    names = [str(u) for u in recipient_users] + [str(o) for o in recipient_organisations]
    audit_record(
        actor=recorded_by,
        action=Action.CONSENT,
        obj=consent,
        child_id=child.id,
        detail=f"Shared with {', '.join(names)} for: {consent.purpose}",
    )
    child_sync_grants(child=child)
    _tell_recipients(
        consent.child,
        Told.SHARED,
        users=recipient_users,
        organisations=recipient_organisations,
        actor=recorded_by,
        url=_child_path(child),
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor, note: str = "") -> Consent:
    """Withdrawal takes effect at once: the recipients' grants go in the same transaction."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.withdrawal_note = note
        consent.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note", "modified_at"]
        )
        audit_record(
            actor=actor,
            action=Action.CONSENT,
            obj=consent,
            child_id=consent.child_id,
            detail="Withdrawn",  # the note may hold the child's words: not for auditors
        )
        child_sync_grants(child=consent.child)
        _tell_recipients(
            consent.child,
            Told.CONSENT_WITHDRAWN,
            users=consent.recipient_users.all(),
            organisations=consent.recipient_organisations.all(),
            actor=actor,
        )
    return consent


@transaction.atomic
def override_record(*, child: Child, created_by, data: dict) -> SafeguardingOverride:
    """Share without consent. Only a safeguarding lead may; the caller has checked the role,
    and this checks again so that no other path can."""
    if not created_by.has_role(Role.SAFEGUARDING_LEAD):
        raise NotAllowed(_("Only a safeguarding lead may share without consent"))
    if Child.objects.filter(pk=child.pk, erased_at__isnull=False).exists():
        raise NotFound("An erased record cannot be shared")
    override = SafeguardingOverride.objects.create(child=child, created_by=created_by, **data)
    audit_record(
        actor=created_by,
        action=Action.OVERRIDE,
        obj=override,
        child_id=child.id,
        detail=f"Shared with {override.recipient}, stopping on {override.ends_on}. "
        f"Reason: {override.reason}",
    )
    child_sync_grants(child=child)
    told = {"actor": created_by, "on": override.ends_on, "url": _child_path(child)}
    _tell_recipients(child, Told.OVERRIDE_TO_YOU, **_override_recipients(override), **told)
    _tell_holders(child, Told.OVERRIDE_ON_YOUR_CASE, **told)
    return override


@transaction.atomic
def override_end(*, override: SafeguardingOverride, actor) -> SafeguardingOverride:
    if not actor.has_role(Role.SAFEGUARDING_LEAD):
        raise NotAllowed(_("Only a safeguarding lead may end an override"))
    if override.ended_at is None:
        override.ended_at, override.ended_by = timezone.now(), actor
        override.save(update_fields=["ended_at", "ended_by", "modified_at"])
        audit_record(
            actor=actor,
            action=Action.OVERRIDE,
            obj=override,
            child_id=override.child_id,
            detail="Ended early",
        )
        child_sync_grants(child=override.child)
        _tell_recipients(
            override.child, Told.OVERRIDE_ENDED, **_override_recipients(override), actor=actor
        )
        _tell_holders(override.child, Told.OVERRIDE_ENDED, actor=actor)
    return override


@transaction.atomic
def child_allocate(*, child: Child, practitioner, actor) -> None:
    """Another practitioner holds the case too (for example the child's chosen trusted adult)."""
    child.practitioners.add(practitioner)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=child,
        child_id=child.id,
        detail=f"{ALLOCATED_TO}{practitioner.username}",
    )
    child_sync_grants(child=child)
    notify(
        recipients=[practitioner],
        kind=Told.CASE_ALLOCATED,
        actor=actor,
        name=child.preferred_name,
        url=_child_path(child),
        child_id=child.id,
    )


@transaction.atomic
def child_unallocate(*, child: Child, practitioner, actor) -> None:
    if not child.practitioners.filter(is_active=True).exclude(pk=practitioner.pk).exists():
        raise ValidationError(_("A case must be held by at least one practitioner"))
    child.practitioners.remove(practitioner)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=child,
        child_id=child.id,
        detail=f"{UNALLOCATED_FROM}{practitioner.username}",
    )
    child_sync_grants(child=child)


# Telling people ------------------------------------------------------------------------------


def _child_path(child: Child) -> str:
    return reverse("assessments:child_detail", args=[child.id])


def _override_recipients(override: SafeguardingOverride) -> dict:
    return {
        "users": [override.recipient_user] if override.recipient_user else [],
        "organisations": [override.recipient_organisation]
        if override.recipient_organisation
        else [],
    }


def _tell_recipients(child: Child, kind, *, users, organisations, **told) -> None:
    """The people a consent or override reaches (an organisation's practitioners), except the
    case holders, who hear of it on the child's page."""
    holders = set(child.practitioners.values_list("pk", flat=True))
    reached = [*users, *practitioners_in(organisations)]
    notify(
        recipients=[u for u in reached if u.pk not in holders],
        kind=kind,
        name=child.preferred_name,
        child_id=child.id,
        **told,
    )


def _tell_holders(child: Child, kind, **told) -> None:
    notify(
        recipients=child.practitioners.all(),
        kind=kind,
        name=child.preferred_name,
        child_id=child.id,
        **told,
    )


def sharing_stopped_notify(*, today) -> int:
    """Tell the recipients of each consent and override whose stop date has come (in the last
    week, so that a missed day is caught up) that sharing has stopped. Run daily; a consent or
    override is told about once (`source`)."""
    told = 0
    window = (today - timedelta(days=7), today)
    consents = Consent.objects.filter(
        expires_on__range=window, withdrawn_at__isnull=True, child__erased_at__isnull=True
    ).select_related("child")
    for consent in consents.prefetch_related("recipient_users", "recipient_organisations"):
        told += _tell_stopped(
            consent.child,
            source=f"consent:{consent.pk}",
            on=consent.expires_on,
            users=consent.recipient_users.all(),
            organisations=consent.recipient_organisations.all(),
        )
    overrides = SafeguardingOverride.objects.filter(
        ends_on__range=window, ended_at__isnull=True, child__erased_at__isnull=True
    ).select_related("child", "recipient_user", "recipient_organisation")
    for override in overrides:
        told += _tell_stopped(
            override.child,
            source=f"override:{override.pk}",
            on=override.ends_on,
            **_override_recipients(override),
        )
    return told


def _tell_stopped(child: Child, *, source: str, on, users, organisations) -> int:
    holders = set(child.practitioners.values_list("pk", flat=True))
    reached = [u for u in [*users, *practitioners_in(organisations)] if u.pk not in holders]
    return notify(
        recipients=reached,
        kind=Told.SHARING_ENDED,
        name=child.preferred_name,
        on=on,
        child_id=child.id,
        source=source,
    )


# The duplicate check ---------------------------------------------------------------------------

# All the person who added the child may learn of a likely match.
CHECKED_BEFORE = "Checked before adding a child"
LIKELY_KNOWN = _(
    "This child may already be known to another service. We have told the people who hold "
    "that record; they will decide whether to add you to it. You will get a notification."
)


def likely_known_check(*, name: str, born, actor) -> bool:
    """Before a child is added: may someone else already hold a record of this child? The
    person learns yes or no and nothing of the record. Each likely match is audited on its
    own record (so it shows when its trail is searched), and a check that found none too."""
    matches = child_likely_known(name=name, born=born, practitioner=actor)
    for child_id in matches:
        audit_record(
            actor=actor, action=Action.MATCH, obj=actor, child_id=child_id, detail=CHECKED_BEFORE
        )
    if not matches:
        audit_record(actor=actor, action=Action.MATCH, obj=actor, detail=CHECKED_BEFORE)
    return bool(matches)


@transaction.atomic
def duplicate_check(*, child: Child, actor) -> int:
    """After `actor` adds `child` (or links a referral to its family): for each record that may
    be the same child, ask its holders whether to add `actor` to the case, once per pair.
    Returns how many there were: all `actor` may learn. Audited on both sides."""
    asked = 0
    for match in child_likely_duplicates(child):
        request, created = JoinRequest.objects.get_or_create(
            child=match, their_child=child, defaults={"requested_by": actor}
        )
        if not created:
            continue
        asked += 1
        detail = "Likely the same child as a record another practitioner added; holders asked"
        audit_record(
            actor=actor, action=Action.MATCH, obj=request, child_id=match.pk, detail=detail
        )
        audit_record(
            actor=actor, action=Action.MATCH, obj=request, child_id=child.pk, detail=detail
        )
        notify(
            recipients=match.practitioners.all(),
            kind=Told.JOIN_REQUEST,
            actor=actor,
            name=match.preferred_name,
            url=reverse("assessments:join_request", args=[match.pk, request.pk]),
            child_id=match.pk,
        )
    return asked


@transaction.atomic
def join_request_decide(*, request: JoinRequest, add: bool, actor) -> JoinRequest:
    """A holder adds the colleague to the case, or says it is not the same child."""
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequest.Status.WAITING:
        return request
    request.status = JoinRequest.Status.ADDED if add else JoinRequest.Status.DECLINED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at", "modified_at"])
    if add:
        child_allocate(child=request.child, practitioner=request.requested_by, actor=actor)
    else:
        audit_record(
            actor=actor,
            action=Action.MATCH,
            obj=request,
            child_id=request.child_id,
            detail="Not the same child: the colleague was not added",
        )
        notify(
            recipients=[request.requested_by],
            kind=Told.JOIN_DECIDED,
            name=request.their_child.preferred_name,
            child_id=request.their_child_id,
        )
    return request
