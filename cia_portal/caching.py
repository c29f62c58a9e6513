"""Nothing the portal draws is kept by the browser, or by anything between it and us.

Every page may name a child, show a practitioner's notes or sit behind the child mode's
hand-back, so every response the portal's views make is sent `Cache-Control: no-store` (with
`private`, `no-cache`, `must-revalidate`, `max-age=0` and an `Expires` in the past, which is what
Django's `never_cache` sends): Back after "Sign out", or Back on the tablet in child mode, then
asks the server again, which answers with the sign-in page or the hand-back page. Chromium also
keeps no `no-store` page in its back-forward cache. One rule for every page, public ones
included (the sign-in form carries a fresh CSRF token; a child's feedback page holds a child's
answers), so no page can be left out by forgetting it.

Static files (CSS, scripts, images, fonts) hold nothing of anyone's: WhiteNoise serves them
before this middleware runs, with its own caching headers.

Signing out also sends `Clear-Site-Data: "cache", "storage"`: the browser drops whatever it
may still hold from the portal (a page cached before this rule, anything a script stored),
whatever the headers said when it was kept. Not "cookies": signing out has already deleted the
session cookie, and clearing the rest would gain nothing.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.utils.cache import add_never_cache_headers

SIGNED_OUT = "portal_signed_out"
CLEAR_ON_SIGN_OUT = '"cache", "storage"'


def _note_sign_out(sender, request, user, **kwargs):
    if request is not None:
        setattr(request, SIGNED_OUT, True)


user_logged_out.connect(_note_sign_out, dispatch_uid="cia_portal.caching.note_sign_out")


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        if getattr(request, SIGNED_OUT, False):
            response["Clear-Site-Data"] = CLEAR_ON_SIGN_OUT
        return response
