"""Writes to the referral directory. Each is one transaction."""

from django.db import transaction
from django.db.models import Max

from .models import DirectoryEntry


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
