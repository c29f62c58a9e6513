"""Locks after wrong passwords at sign-in, each with its own limit, and a page that says which
one applies (django-axes records the attempts; docs/decisions/0005-security.md says why).

django-axes counts every lock against one limit (AXES_FAILURE_LIMIT) and says only "locked",
so `SignInLocks` counts each lock against its own and tells axes 1 (a lock is reached) or 0;
AXES_FAILURE_LIMIT is therefore 1. The lock reached is kept on the request for the page.

- the username from one address: 5 wrong passwords. Whoever typed them (the person, or someone
  guessing) cannot go on from there, and nobody else is touched: not the person elsewhere, nor
  their colleagues behind the same address.
- the username from everywhere: 20 (guessing one account from many addresses). One attacker
  can lock one named account this way, never everyone; an administrator can unlock it.
- one address, across usernames: 50 (guessing many accounts from one place), only when the
  portal knows real addresses (TRUSTED_PROXY_COUNT): otherwise every request seems to come from
  the proxy, and this lock would shut everyone out.
"""

from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

LOCK_ON_REQUEST = "sign_in_lock"


@dataclass(frozen=True)
class Lock:
    kind: str  # the locked-out page's wording: "username", "address", "username_and_address"
    parameters: tuple[str, ...]  # what the attempts counted share (django-axes' names)
    limit: int


def locks() -> list[Lock]:
    """The locks in force, the widest first (the page names the widest one reached)."""
    limits = settings.SIGN_IN_LOCK_LIMITS
    found = [Lock("username", ("username",), limits["username"])]
    if settings.TRUSTED_PROXY_COUNT:
        found.append(Lock("address", ("ip_address",), limits["address"]))
    found.append(
        Lock("username_and_address", ("username", "ip_address"), limits["username_and_address"])
    )
    return found


def lockout_parameters(request_or_attempt=None, credentials=None) -> list[list[str]]:
    """AXES_LOCKOUT_PARAMETERS, from the same list."""
    return [list(lock.parameters) for lock in locks()]


class SignInLocks(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        lock = self.lock_reached(request, credentials)
        setattr(request, LOCK_ON_REQUEST, lock)
        return 1 if lock else 0

    def lock_reached(self, request, credentials: dict | None = None) -> Lock | None:
        values = {
            "username": get_client_username(request, credentials),
            "ip_address": request.axes_ip_address,
        }
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        for lock in locks():
            attempts = recent.filter(**{name: values[name] for name in lock.parameters})
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if failures >= lock.limit:
                return lock
        return None

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """The right password clears that username's wrong ones, wherever they came from; other
        people's wrong passwords from the same address still count toward the address lock."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def locked_out_page(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the GOV.UK page, naming the lock that applies."""
    lock = getattr(request, LOCK_ON_REQUEST, None)
    if lock is None:
        lock = SignInLocks().lock_reached(request, credentials)
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {"lock": lock, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
