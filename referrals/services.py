"""Writes to the referral directory. Each is one transaction."""

import hashlib
import hmac
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.privacy import child_held_by, consent_for_organisation
from assessments.services import duplicate_check
from cia_portal.accounts.models import Role
from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record, without_client_address
from cia_portal.concurrency import update_checked
from cia_portal.errors import NotAllowed, Refused
from cia_portal.notifications.models import Notification
from cia_portal.notifications.services import notify, practitioners_in

from .models import (
    DirectoryEntry,
    FamilyRequest,
    OnwardReferral,
    OnwardReferralEvent,
    OnwardSession,
    Referral,
    ReferralEvent,
    ReferralRoute,
    SupportService,
)

# A family may ask a few times (for each child, say), and a school or a probation office for
# several families from one address, but nobody may flood the inbox.
FAMILY_REQUESTS_PER_HOUR = 10
NOT_GIVEN = "(not given)"  # the parent's name, when someone else asked and did not say it


@transaction.atomic
def entry_save(
    *, model: type[DirectoryEntry], data: dict, entry: DirectoryEntry | None = None
) -> DirectoryEntry:
    """A new entry goes at the end of the list. An edit is refused (EditConflict) if someone
    else changed the same fields since the form was drawn."""
    if entry is not None:
        return update_checked(entry, data)[0]
    last = model.objects.aggregate(last=Max("position"))["last"]
    entry = model(position=0 if last is None else last + 1, **data)
    entry.save()
    return entry


@transaction.atomic
def entry_set_active(*, entry: DirectoryEntry, active: bool) -> DirectoryEntry:
    """Retire (or bring back) an entry. Retired entries stay, for the records that used them."""
    entry.is_active = active
    entry.save(update_fields=["is_active", "modified_at"])
    return entry


@transaction.atomic
def entry_move(*, entry: DirectoryEntry, up: bool) -> None:
    """Swap places with the neighbouring active entry above or below."""
    siblings = type(entry).objects.select_for_update().filter(is_active=True)
    if up:
        neighbour = siblings.filter(position__lt=entry.position).order_by("-position").first()
    else:
        neighbour = siblings.filter(position__gt=entry.position).order_by("position").first()
    if neighbour is not None:
        entry.position, neighbour.position = neighbour.position, entry.position
        entry.save(update_fields=["position"])
        neighbour.save(update_fields=["position"])


class TransitionRefused(Refused):
    """A step the referral cannot take now; the message says why, in plain words."""


@transaction.atomic
def referral_create(*, received_by, data: dict, at=None) -> Referral:
    referral = Referral.objects.create(received_by=received_by, **data)
    ReferralEvent.objects.create(
        referral=referral, status=referral.status, by=received_by, at=at or timezone.now()
    )
    return referral


class TooManyRequests(Refused):
    """The same address asked too often in the last hour."""


def sent_from_key(address: str) -> str:
    """A keyed hash of a sender's address: enough to count their requests, useless to anyone
    who reads the table without the secret key."""
    if ":" in address:  # one IPv6 household or phone holds a whole /64: count it as one
        address = str(ipaddress.ip_network(f"{address}/64", strict=False))
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def family_request_receive(
    *,
    route: ReferralRoute,
    sent_from: str,
    asker: str,
    name: str,
    children: list[dict],
    parent_name: str = "",
    phone: str = "",
    email: str = "",
    safe_to_leave_message: bool | None = None,
    best_time: str = "",
    court_date=None,
    court: str = "",
    anything_else: str = "",
    language: str = "en",
) -> Referral:
    """A family's request from the public form: a referral on the family-request route that
    nobody holds yet, which anyone at the route's organisation may pick up. Refused (and
    nothing kept) when the same address has asked `FAMILY_REQUESTS_PER_HOUR` times this hour."""
    key = sent_from_key(sent_from)
    if connection.vendor == "postgresql":  # two requests at once count one after the other
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
    recent = FamilyRequest.objects.filter(
        sent_from=key, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= FAMILY_REQUESTS_PER_HOUR:
        raise TooManyRequests(_("Too many requests from this address"))
    asker = FamilyRequest.Asker(asker)
    parent = name if asker in (FamilyRequest.Asker.MUM, FamilyRequest.Asker.DAD) else ""
    with translation.override("en-gb"):  # staff pages are in English, whatever the family used
        referred_by = f"{name} ({asker.label.lower()}), through the public form"
    referral = Referral.objects.create(
        route=route,
        referred_by=referred_by[:200],
        mother_name=(parent_name or parent or NOT_GIVEN)[:100],
        next_court_date=court_date,
        children_description=", ".join(
            f"{child['first_name']} ({child['age']})" for child in children
        )[:300],
        received_by=None,
    )
    ReferralEvent.objects.create(
        referral=referral, status=referral.status, by=None, reason="Asked for by the family"
    )
    FamilyRequest.objects.create(
        referral=referral,
        asker=asker,
        name=name,
        phone=phone,
        email=email,
        safe_to_leave_message=safe_to_leave_message,
        best_time=best_time,
        children=children,
        court=court,
        anything_else=anything_else,
        language=language,
        sent_from=key,
    )
    with without_client_address():  # kept only as the keyed hash above
        audit_record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            obj=referral,
            detail="A family asked for a CIA through the public form",
        )
    notify(
        recipients=practitioners_in([route.organisation]),
        kind=Notification.Kind.FAMILY_REQUEST,
        url=reverse("referrals:referral_detail", args=[referral.pk]),
    )
    return referral


@transaction.atomic
def referral_transition(
    *, referral: Referral, to: str, actor, reason: str = "", allocated_to=None, at=None
) -> Referral:
    """Move a referral on one step, or refuse with a plain message. `at` (for imports and the
    demo) records when it happened, if not now."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    current, target = Referral.Status(referral.status), Referral.Status(to)
    if target not in Referral.NEXT[current]:
        raise TransitionRefused(_refused_step(current, target, Referral.NEXT[current]))
    if target in Referral.NEEDS_REASON and not reason.strip():
        raise TransitionRefused(
            _("Give a reason for marking it %(status)s") % {"status": target.label.lower()}
        )
    if target == Referral.Status.ALLOCATED:
        if allocated_to is None:
            raise TransitionRefused(_("Choose the practitioner who will do the CIA"))
        referral.allocated_to = allocated_to
    now = at or timezone.now()
    if target == Referral.Status.OFFERED and referral.offered_at is None:
        referral.offered_at = now
    if target == Referral.Status.CLOSED:
        referral.closed_at = now
    referral.status = target
    if referral.received_by_id is None:  # a family's request: whoever acts on it holds it
        referral.received_by = actor
    referral.save()
    ReferralEvent.objects.create(referral=referral, status=target, by=actor, reason=reason, at=now)
    if target == Referral.Status.ALLOCATED:
        notify(
            recipients=[allocated_to],
            kind=Notification.Kind.REFERRAL_ALLOCATED,
            actor=actor,
            url=reverse("referrals:referral_detail", args=[referral.pk]),
        )
    return referral


@transaction.atomic
def referral_link_family(*, referral: Referral, family, actor) -> Referral:
    """Tie a referral to the family once its children are added, so its timeliness can be
    measured to the first conversation. Only someone holding a child's case in it may."""
    held = child_held_by(actor).filter(family=family).values_list("pk", flat=True)
    if not held:
        raise TransitionRefused(_("Choose a family in which you hold a child's case"))
    referral.family = family
    if referral.received_by_id is None:  # a family's request: whoever links it holds it
        referral.received_by = actor
    referral.save(update_fields=["family", "received_by", "modified_at"])
    for child_id in held:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=referral,
            child_id=child_id,
            detail="Referral linked to the child's family",
        )
    return referral


@transaction.atomic
def referral_move(*, referral: Referral, to, actor) -> Referral:
    """Someone else looks after the referral now (its holder is away or leaving): the person
    it is allocated to, or, before allocation, the one who received it. The journey keeps a
    row saying who moved it."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    before = referral.allocated_to or referral.received_by
    if referral.allocated_to_id:
        referral.allocated_to = to
    else:
        referral.received_by = to
    referral.save(update_fields=["allocated_to", "received_by", "modified_at"])
    ReferralEvent.objects.create(
        referral=referral, status=referral.status, by=actor, reason=f"Moved from {before} to {to}"
    )
    notify(
        recipients=[to],
        kind=Notification.Kind.REFERRAL_ALLOCATED,
        actor=actor,
        url=reverse("referrals:referral_detail", args=[referral.pk]),
    )
    return referral


def referral_duplicate_check(*, referral: Referral, actor) -> int:
    """Once a referral is linked: does any child of the family look like a record someone
    else holds (a child referred at arrest and again at court)? See `duplicate_check`."""
    held = child_held_by(actor).filter(family=referral.family_id)
    return sum(duplicate_check(child=child, actor=actor) for child in held)


def _refused_step(current, target, allowed) -> str:
    """'A referral that is offered cannot be marked received. Next it can be: ...'"""
    return _(
        "A referral that is %(current)s cannot be marked %(target)s. Next it can be: %(next)s."
    ) % {
        "current": current.label.lower(),
        "target": target.label.lower(),
        "next": ", ".join(status.label.lower() for status in allowed) or _("nothing"),
    }


class OnwardRefused(Refused):
    """An onward referral that cannot be made or moved on; the message says why."""


@transaction.atomic
def onward_referral_create(
    *, action, service: SupportService, actor, note: str = ""
) -> OnwardReferral:
    """Refer the child onward, only if an active consent names the service's organisation."""
    if not service.is_active:
        raise OnwardRefused(_("%(name)s is no longer in the directory") % {"name": service.name})
    consent = consent_for_organisation(action.child, service.organisation_id)
    if consent is None:
        raise OnwardRefused(
            _(
                "The child's consent does not cover %(organisation)s. Record a consent "
                "that names it before referring."
            )
            % {"organisation": service.organisation}
        )
    onward = OnwardReferral.objects.create(
        action=action, service=service, consent=consent, note=note, sent_by=actor
    )
    OnwardReferralEvent.objects.create(
        onward_referral=onward, status=onward.status, by=actor, at=onward.sent_at
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=onward,
        child_id=action.child_id,
        detail=f"Referred to {service.name} under consent {consent.pk}",
    )
    return onward


@transaction.atomic
def onward_referral_transition(
    *, onward: OnwardReferral, to: str, actor, note: str = ""
) -> OnwardReferral:
    onward = OnwardReferral.objects.select_for_update().get(pk=onward.pk)
    current, target = OnwardReferral.Status(onward.status), OnwardReferral.Status(to)
    if target not in OnwardReferral.NEXT[current]:
        raise OnwardRefused(_refused_step(current, target, OnwardReferral.NEXT[current]))
    onward.status = target
    onward.save(update_fields=["status", "modified_at"])
    OnwardReferralEvent.objects.create(onward_referral=onward, status=target, by=actor, note=note)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=onward,
        child_id=onward.action.child_id,
        detail=f"Onward referral marked {target.label.lower()}",
    )
    return onward


# The service's side, where the service's organisation uses the portal --------------------------


def _check_service_side(onward: OnwardReferral, actor) -> None:
    """Only a practitioner of the service's organisation answers, and only while the child's
    consent still names that organisation."""
    organisation = onward.service.organisation_id
    if not (
        actor.organisation_id == organisation
        and actor.has_role(Role.PRACTITIONER)
        and consent_for_organisation(onward.action.child, organisation)
    ):
        raise NotAllowed(_("Only the service it was sent to can answer this referral"))


def _tell_referrer(onward: OnwardReferral, actor) -> None:
    child = onward.action.child
    notify(
        recipients=[onward.sent_by],
        kind=Notification.Kind.ONWARD_ANSWERED,
        actor=actor,
        name=child.preferred_name,
        url=reverse("referrals:onward_referrals", args=[onward.action_id]),
        child_id=child.id,
    )


@transaction.atomic
def onward_answer(*, onward: OnwardReferral, actor, accept: bool, reason: str = "") -> None:
    """The service accepts the referral, or declines it saying why; the referrer is told."""
    _check_service_side(onward, actor)
    if not accept and not reason.strip():
        raise OnwardRefused(_("Enter why the service cannot take the child on"))
    to = OnwardReferral.Status.ACCEPTED if accept else OnwardReferral.Status.DECLINED
    onward_referral_transition(onward=onward, to=to, actor=actor, note=reason)
    _tell_referrer(onward, actor)


@transaction.atomic
def onward_session_record(*, onward: OnwardReferral, actor, on, note: str = "") -> OnwardSession:
    """A session held with the child: the first one starts the support."""
    _check_service_side(onward, actor)
    onward = OnwardReferral.objects.select_for_update().get(pk=onward.pk)
    if onward.status not in (OnwardReferral.Status.ACCEPTED, OnwardReferral.Status.STARTED):
        raise OnwardRefused(_("Accept the referral before recording a session"))
    if onward.status == OnwardReferral.Status.ACCEPTED:
        onward_referral_transition(onward=onward, to=OnwardReferral.Status.STARTED, actor=actor)
    session = OnwardSession.objects.create(
        onward_referral=onward, on=on, note=note, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=session,
        child_id=onward.action.child_id,
        detail="Onward referral: a session recorded",
    )
    return session


@transaction.atomic
def onward_end(*, onward: OnwardReferral, actor, outcome: str, end_note: str) -> None:
    """The support ends: what changed for the child, and a note for the referrer."""
    _check_service_side(onward, actor)
    onward_referral_transition(
        onward=onward, to=OnwardReferral.Status.COMPLETED, actor=actor, note=end_note
    )
    OnwardReferral.objects.filter(pk=onward.pk).update(outcome=outcome, end_note=end_note)
    _tell_referrer(onward, actor)
