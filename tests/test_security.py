"""Production settings pass Django's deployment checks; every response carries the security
headers; error pages are plain GOV.UK pages that give nothing away."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_production_settings_pass_the_deployment_checks_with_no_warnings():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "DATABASE_URL"}}
    env |= {"SECRET_KEY": "s" * 20 + "ECRET-" + "k" * 40, "ALLOWED_HOSTS": "cia.example"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_page_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _fails(request):
    raise RuntimeError("SECRET DETAIL of the failure")


urlpatterns = [path("fails/", _fails)]
handler500 = "cia_portal.views.server_error"


def test_a_server_error_is_a_plain_page_that_gives_nothing_away(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "govuk-template" in page
    assert "SECRET DETAIL" not in page and "Traceback" not in page and "RuntimeError" not in page


def test_a_page_that_is_not_there_is_a_govuk_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_bad_host_gets_a_plain_bad_request_page(client):
    response = client.get(reverse("login"), HTTP_HOST="evil.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Sorry, that did not work" in page and "evil.example" not in page


def test_an_expired_form_explains_itself_without_djangos_reason(practitioner):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "That page had expired" in page
    assert "CSRF" not in page and "Referer" not in page


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_for_a_while(client, practitioner, outsider):
    from axes.models import AccessAttempt

    for _attempt in range(4):
        assert _sign_in(client, practitioner.username, "wrong").status_code == 200
    fifth = _sign_in(client, practitioner.username, "wrong")
    assert fifth.status_code == 429
    assert "Your account is locked for 15 minutes" in fifth.content.decode()
    assert _sign_in(client, practitioner.username, PASSWORD).status_code == 429  # even so
    assert "_auth_user_id" not in client.session

    # Someone else, elsewhere, signs in as usual.
    other = _sign_in(Client(), outsider.username, PASSWORD, address="198.51.100.7")
    assert other.status_code == 302

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, practitioner.username, PASSWORD).status_code == 302


def test_guessing_across_many_accounts_from_one_address_is_stopped(client, practitioner):
    for number in range(5):
        _sign_in(client, f"guess{number}", "wrong", address="203.0.113.9")
    response = _sign_in(client, practitioner.username, PASSWORD, address="203.0.113.9")
    assert response.status_code == 429


def test_bandit_finds_nothing_unexplained_in_our_code():
    """Each accepted finding carries `# nosec` with its reason beside it."""
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", "cia_portal", "assessments", "referrals"]
        + ["evaluation", "records", "-x", "*/migrations/*"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout
