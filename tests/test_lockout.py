"""Locks after wrong passwords at sign-in: the device's address (from the trusted proxy's
header only when configured), a lock per username and address, a wider one per username, one
per address only when addresses are real, and a page that says which applies."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cia_portal.accounts.client_address import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # what every request seems to come from behind the proxy


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Tens of sign-ins per test: a fast hash, so the tests time the locks, not PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def guesser():
    """One browser for the wrong passwords (each new Client loads the middleware afresh, and
    WhiteNoise reads every static file's details as it starts)."""
    return Client()


def sign_in(username, password, *, address=PROXY, forwarded=None, browser=None):
    """A sign-in; with the right password, from a browser of its own unless one is given."""
    headers = {"REMOTE_ADDR": address}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    browser = browser or Client()
    return browser.post(reverse("login"), {"username": username, "password": password}, **headers)


def page(response) -> str:
    return response.content.decode()


def test_without_a_trusted_proxy_the_address_is_the_connections_whatever_the_header_says(
    guesser,
):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(request) == PROXY

    sign_in("someone", "wrong", forwarded="203.0.113.5", browser=guesser)
    assert AccessAttempt.objects.get().ip_address == PROXY


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.66, 203.0.113.5", "203.0.113.5"),  # the first one came from the device
        (2, "198.51.100.66, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", PROXY),  # not through both proxies: only the connection is known
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
    ],
)
def test_behind_a_trusted_proxy_the_address_comes_from_its_header(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_sign_in_behind_a_trusted_proxy_is_counted_against_the_devices_address(settings, guesser):
    settings.TRUSTED_PROXY_COUNT = 1
    sign_in("someone", "wrong", forwarded="198.51.100.66, 203.0.113.5", browser=guesser)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_five_wrong_passwords_for_one_person_lock_no_one_else_behind_the_same_address(guesser):
    """Behind the proxy as documented with nothing configured: everyone shares one address."""
    alex, blake = UserFactory(), UserFactory()
    for _attempt in range(4):
        assert sign_in(alex.username, "wrong", browser=guesser).status_code == 200
    fifth = sign_in(alex.username, "wrong", browser=guesser)
    assert fifth.status_code == 429
    assert "Wait 15 minutes before you try to sign in again" in page(fifth)
    assert "The account is not locked anywhere else" in page(fifth)
    assert "This account is locked" not in page(fifth)
    assert sign_in(alex.username, PASSWORD).status_code == 429  # even the right one, from here

    assert sign_in(blake.username, PASSWORD).status_code == 302  # a colleague, same address
    assert sign_in(alex.username, PASSWORD, address="192.0.2.44").status_code == 302  # elsewhere

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(alex.username, PASSWORD).status_code == 302  # and here, after 15 minutes


def test_wrong_passwords_from_many_addresses_lock_that_username_everywhere(guesser):
    alex, blake = UserFactory(), UserFactory()
    for number in range(19):
        address = f"198.51.100.{number + 1}"
        response = sign_in(alex.username, "wrong", address=address, browser=guesser)
        assert response.status_code == 200, number
    twentieth = sign_in(alex.username, "wrong", address="198.51.100.20", browser=guesser)
    assert twentieth.status_code == 429
    assert "This account is locked for 15 minutes" in page(twentieth)
    assert "from different places" in page(twentieth)

    locked = sign_in(alex.username, PASSWORD, address="192.0.2.44")  # a new place, right password
    assert locked.status_code == 429 and "This account is locked" in page(locked)
    assert sign_in(blake.username, PASSWORD, address="198.51.100.20").status_code == 302


def test_one_address_guessing_many_accounts_locks_that_address_only_when_addresses_are_real(
    settings, guesser
):
    blake = UserFactory()
    for number in range(50):
        sign_in(f"guess{number}", "wrong", browser=guesser)
    # No trusted proxy: all 50 came "from the proxy", as everyone does. Nobody else is locked.
    assert sign_in(blake.username, PASSWORD).status_code == 302

    AccessAttempt.objects.all().delete()
    settings.TRUSTED_PROXY_COUNT = 1
    guessing_from, office = "203.0.113.9", "198.51.100.7"
    for number in range(49):
        response = sign_in(f"guess{number}", "wrong", forwarded=guessing_from, browser=guesser)
        assert response.status_code == 200, number
    fiftieth = sign_in("guess49", "wrong", forwarded=guessing_from, browser=guesser)
    assert fiftieth.status_code == 429
    assert "Sign-ins from your network are paused for 15 minutes" in page(fiftieth)
    assert "Your account is not locked" in page(fiftieth)
    assert sign_in(blake.username, PASSWORD, forwarded=guessing_from).status_code == 429
    assert sign_in(blake.username, PASSWORD, forwarded=office).status_code == 302


def test_the_right_password_clears_that_persons_count_but_not_the_address_count(settings, guesser):
    settings.TRUSTED_PROXY_COUNT = 1
    alex = UserFactory()
    for _attempt in range(4):
        sign_in(alex.username, "wrong", forwarded="203.0.113.9", browser=guesser)
    sign_in("guess", "wrong", forwarded="203.0.113.9", browser=guesser)
    assert sign_in(alex.username, PASSWORD, forwarded="203.0.113.9").status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["guess"]


def test_each_further_five_wrong_passwords_at_the_hand_back_waits_longer_up_to_an_hour():
    """cia_portal.accounts.recheck, which the child mode's hand-back uses (tests/test_child_mode.py
    shows the page): 5 wrong, wait 5 minutes; 5 more, 10; then 20, 40, and never more than 60."""
    from types import SimpleNamespace

    from cia_portal.accounts.recheck import SESSION_KEY, WaitBeforeTrying, password_recheck

    request = SimpleNamespace(user=UserFactory(), session={})
    waits = []
    for _round in range(6):
        for _attempt in range(4):
            assert password_recheck(request, password="qwerty") is False
        with pytest.raises(WaitBeforeTrying) as waiting:
            password_recheck(request, password="qwerty")
        with pytest.raises(WaitBeforeTrying):
            password_recheck(request, password=PASSWORD)  # not even looked at while waiting
        waits.append(waiting.value.minutes)
        request.session[SESSION_KEY]["until"] = 0  # the wait passes
    assert waits == [5, 10, 20, 40, 60, 60]
    assert password_recheck(request, password=PASSWORD) is True
    assert SESSION_KEY not in request.session  # the right password starts the count again
    assert not AccessAttempt.objects.exists()
