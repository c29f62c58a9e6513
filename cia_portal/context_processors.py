from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .accounts import idle
from .accounts.signals import SESSION_ROLES
from .notifications.selectors import notification_unread_label


def portal(request):
    session = getattr(request, "session", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SERVICE_NAME": "CIA Portal",
        # For the menu only, remembered at sign-in; access checks always ask the database.
        "roles": session.get(SESSION_ROLES, []) if session is not None else [],
        "session_seconds_left": idle.seconds_left(session) if session is not None else 0,
        "SESSION_WARN_SECONDS": settings.SESSION_WARN_SECONDS,
        # One indexed query, and only on a page that shows it (the header, when signed in).
        "unread_notifications": SimpleLazyObject(lambda: notification_unread_label(request)),
        "SESSION_IDLE_MINUTES": max(1, settings.SESSION_IDLE_SECONDS // 60),
    }
