from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cia_portal.accounts.models import User

from .models import Notification

UNREAD_SHOWN_UP_TO = 99  # the header says "99+" beyond this: the count stays one bounded query


def notification_unread_count(user: User) -> int:
    """Unread notifications, counted up to 100 through the partial index on unread rows."""
    if not user.is_authenticated:
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()
    return unread[: UNREAD_SHOWN_UP_TO + 1].count()


def notification_unread_label(request) -> str:
    """For the header: "" (none), "3", or "99+"."""
    user = getattr(request, "user", None)
    count = notification_unread_count(user) if user is not None else 0
    if count > UNREAD_SHOWN_UP_TO:
        return f"{UNREAD_SHOWN_UP_TO}+"
    return str(count) if count else ""


def notification_list_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor__organisation")


def notification_get_for(user: User, notification_id) -> Notification:
    """Someone else's notification is not found."""
    return get_object_or_404(Notification, recipient=user, pk=notification_id)
