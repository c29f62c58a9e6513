"""The role guard, on the ground floor so that every app's pages use the same one (the privacy
kernel, `assessments.privacy`, re-exports it beside its child guards)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext_lazy as _

from cia_portal.errors import NotAllowed

GET_ONLY = ("GET",)
GET_AND_POST = ("GET", "POST")
POST_ONLY = ("POST",)


def role_page(*roles: str, methods: tuple[str, ...] = GET_ONLY, refusal: str = ""):
    """A page for people with one of these roles: sign-in first, then a 405 for a method the
    page does not take, then a 403 (saying `refusal`) for anyone without the role."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            if not any(request.user.has_role(role) for role in roles):
                raise NotAllowed(refusal or _("This page is for people in another role"))
            return view(request, *args, **kwargs)

        wrapped = login_required(guarded)
        wrapped.roles = roles
        wrapped.methods = methods
        return wrapped

    return decorate
