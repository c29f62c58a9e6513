from django.conf import settings
from django.utils.functional import SimpleLazyObject


def portal(request):
    def roles():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return frozenset()
        return frozenset(user.groups.values_list("name", flat=True))

    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SERVICE_NAME": "CIA Portal",
        "roles": SimpleLazyObject(roles),
    }
