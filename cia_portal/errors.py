"""One family of refusals. A service or a guard raises a `Refused` (or a subclass) with a
plain-English reason; a view may catch it to show the reason on its form, and one that is
not caught becomes a GOV.UK error page here, never a 500.

`NotAllowed` (403) and `NotFound` (404) are also Django's own `PermissionDenied` and
`Http404`, so Django's handlers draw them with the portal's 403 and 404 pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render


class Refused(Exception):
    """Something the portal will not do, and why, in words a user can act on."""

    status = 400


class NotAllowed(Refused, PermissionDenied):
    """The person may see this, but may not do this (for example a recipient, not a holder)."""

    status = 403


class NotFound(Refused, Http404):
    """The person may not know this exists."""

    status = 404


class RefusedMiddleware:
    """Draws a refusal no view caught as a GOV.UK page with its reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refused) and not isinstance(exception, NotAllowed | NotFound):
            return render(request, "refused.html", {"reason": str(exception)}, status=400)
        return None
