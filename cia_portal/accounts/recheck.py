"""Asking a signed-in person for their password again: the child mode's hand-back.

This is not a sign-in, and goes around django-axes: on the tablet a child pressing keys must
never count toward the practitioner's sign-in locks, let alone lock them out of the portal.
It is throttled on its own instead, per session (a session cannot be swapped for a fresh one
without signing in again): after 5 wrong passwords the check waits 5 minutes, then 10, 20...
up to an hour after each further 5, and refuses even the right password until then. The right
password clears the count."""

import math
import time

from django.utils.translation import ngettext

SESSION_KEY = "password_recheck"
TRIES = 5
FIRST_WAIT_SECONDS = 5 * 60
LONGEST_WAIT_SECONDS = 60 * 60


class WaitBeforeTrying(Exception):
    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.minutes = max(1, math.ceil(seconds / 60))

    @property
    def message(self) -> str:
        return ngettext(
            "The wrong password was entered %(tries)s times. Wait %(minutes)s minute, then try "
            "again.",
            "The wrong password was entered %(tries)s times. Wait %(minutes)s minutes, then try "
            "again.",
            self.minutes,
        ) % {"tries": TRIES, "minutes": self.minutes}


def seconds_to_wait(session) -> float:
    return max(0.0, session.get(SESSION_KEY, {}).get("until", 0) - time.time())


def password_recheck(request, *, password: str) -> bool:
    """True for the signed-in person's own password, False for a wrong one; WaitBeforeTrying
    while the check is waiting (the password is not looked at), and on the wrong password
    that starts a wait."""
    if wait := seconds_to_wait(request.session):
        raise WaitBeforeTrying(wait)
    if request.user.check_password(password):
        request.session.pop(SESSION_KEY, None)
        return True
    wrong = request.session.get(SESSION_KEY, {}).get("wrong", 0) + 1
    state = {"wrong": wrong, "until": 0}
    if wrong % TRIES == 0:
        wait = min(FIRST_WAIT_SECONDS * 2 ** (wrong // TRIES - 1), LONGEST_WAIT_SECONDS)
        state["until"] = time.time() + wait
    request.session[SESSION_KEY] = state
    if state["until"]:
        raise WaitBeforeTrying(state["until"] - time.time())
    return False
