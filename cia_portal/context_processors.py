from django.conf import settings

from .accounts.signals import SESSION_ROLES


def portal(request):
    session = getattr(request, "session", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SERVICE_NAME": "CIA Portal",
        # For the menu only, remembered at sign-in; access checks always ask the database.
        "roles": session.get(SESSION_ROLES, []) if session is not None else [],
    }
