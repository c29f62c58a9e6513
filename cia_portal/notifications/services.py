"""Telling people things. The only writer of notifications."""

import uuid
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from cia_portal.accounts.models import Organisation, Role, User

from .models import Notification


def notify(
    *,
    recipients: Iterable[User],
    kind: Notification.Kind,
    actor: User | None = None,
    name: str = "",
    on: date | None = None,
    url: str = "",
    child_id: uuid.UUID | None = None,
    source: str = "",
) -> int:
    """Tell each recipient once (never the person who did it, never a closed account). With a
    `source`, a second call for the same recipient, kind and source tells nobody again."""
    recipients = {
        r.pk: r for r in recipients if r.is_active and (actor is None or r.pk != actor.pk)
    }
    if source:  # told already? (the unique index settles a race between two runs)
        told = Notification.objects.filter(recipient__in=recipients, kind=kind, source=source)
        for pk in told.values_list("recipient_id", flat=True):
            recipients.pop(pk)
    rows = [
        Notification(
            recipient=recipient,
            kind=kind,
            actor=actor,
            name=name[:100],
            on=on,
            url=url,
            child_id=child_id,
            source=source,
        )
        for recipient in recipients.values()
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(source))
    return len(rows)


def practitioners_in(organisations: Iterable[Organisation]) -> list[User]:
    """The people a share with an organisation reaches: its active practitioners (no other
    role ever sees a child)."""
    return list(
        User.objects.filter(
            organisation__in=list(organisations), is_active=True, groups__name=Role.PRACTITIONER
        ).distinct()
    )


def notification_open(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_forget_child(*, child_id: uuid.UUID) -> int:
    """An erased record leaves no name behind in anyone's notifications."""
    deleted, _ = Notification.objects.filter(child_id=child_id).delete()
    return deleted
