"""Production settings pass Django's deployment checks; every response carries the security
headers; error pages are plain GOV.UK pages that give nothing away."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, reverse

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
