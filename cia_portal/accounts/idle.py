"""Signing out after a spell without activity (30 minutes by default).

The session's expiry slides: each request moves it on, but the session is written at most
once a minute (not on every page). A page knows how long it has left, so its script can warn
five minutes before, offer to stay signed in, and save a conversation's draft at the end."""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.http import JsonResponse
from django.views.decorators.http import require_POST

LAST_SEEN = "last_seen"
REFRESH_SECONDS = 60


def seconds_left(session) -> int:
    last_seen = session.get(LAST_SEEN) or int(time.time())
    return max(0, settings.SESSION_IDLE_SECONDS - (int(time.time()) - last_seen))


def _seen_now(session) -> None:
    session[LAST_SEEN] = int(time.time())  # a change, so Django saves it with a new expiry


def start_clock(sender, request, user, **kwargs):
    """Signing in is activity: the first page after it needs no session write."""
    _seen_now(request.session)


user_logged_in.connect(start_clock, dispatch_uid="accounts.idle.start_clock")


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            last_seen = request.session.get(LAST_SEEN, 0)
            if int(time.time()) - last_seen >= REFRESH_SECONDS:
                _seen_now(request.session)
        return self.get_response(request)


@login_required
@require_POST
def keep_alive(request):
    """'Stay signed in': the session starts its full time again, the page stays as it is."""
    _seen_now(request.session)
    return JsonResponse({"seconds_left": settings.SESSION_IDLE_SECONDS})
