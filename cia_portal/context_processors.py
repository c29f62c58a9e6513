from django.conf import settings

from .accounts import idle
from .accounts.signals import SESSION_ROLES


def portal(request):
    session = getattr(request, "session", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SERVICE_NAME": "CIA Portal",
        # For the menu only, remembered at sign-in; access checks always ask the database.
        "roles": session.get(SESSION_ROLES, []) if session is not None else [],
        "session_seconds_left": idle.seconds_left(session) if session is not None else 0,
        "SESSION_WARN_SECONDS": settings.SESSION_WARN_SECONDS,
        "SESSION_IDLE_MINUTES": max(1, settings.SESSION_IDLE_SECONDS // 60),
    }
