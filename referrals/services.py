"""Writes to the referral directory. Each is one transaction."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import DirectoryEntry, Referral, ReferralEvent


@transaction.atomic
def entry_save(
    *, model: type[DirectoryEntry], data: dict, entry: DirectoryEntry | None = None
) -> DirectoryEntry:
    if entry is None:
        last = model.objects.aggregate(last=Max("position"))["last"]
        entry = model(position=0 if last is None else last + 1)
    for name, value in data.items():
        setattr(entry, name, value)
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


class TransitionRefused(Exception):
    """A step the referral cannot take now; the message says why, in plain words."""


@transaction.atomic
def referral_create(*, received_by, data: dict) -> Referral:
    referral = Referral.objects.create(received_by=received_by, **data)
    ReferralEvent.objects.create(referral=referral, status=referral.status, by=received_by)
    return referral


@transaction.atomic
def referral_transition(
    *, referral: Referral, to: str, actor, reason: str = "", allocated_to=None
) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    current, target = Referral.Status(referral.status), Referral.Status(to)
    if target not in Referral.NEXT[current]:
        allowed = ", ".join(s.label.lower() for s in Referral.NEXT[current]) or "nothing"
        raise TransitionRefused(
            f"A referral that is {current.label.lower()} cannot be marked "
            f"{target.label.lower()}. Next it can be: {allowed}."
        )
    if target in Referral.NEEDS_REASON and not reason.strip():
        raise TransitionRefused(f"Give a reason for marking it {target.label.lower()}")
    if target == Referral.Status.ALLOCATED:
        if allocated_to is None:
            raise TransitionRefused("Choose the practitioner who will do the CIA")
        referral.allocated_to = allocated_to
    now = timezone.now()
    if target == Referral.Status.OFFERED and referral.offered_at is None:
        referral.offered_at = now
    if target == Referral.Status.CLOSED:
        referral.closed_at = now
    referral.status = target
    referral.save()
    ReferralEvent.objects.create(referral=referral, status=target, by=actor, reason=reason, at=now)
    return referral
