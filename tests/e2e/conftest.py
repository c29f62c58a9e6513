"""Shared by the browser tests: Debian's Chromium through Playwright, against a live server."""

import os
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from cia_portal.accounts.models import Role
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots")


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """A transactional test's flush erases rows made by data migrations: put the roles back."""
    for role in Role:
        Group.objects.get_or_create(name=role)


@contextmanager
def watched_page(browser, **context_options):
    """A page whose Content Security Policy violations fail the test: the policy forbids
    inline script and style, so a template that slips one in is caught here."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", note_violation)
    yield page
    context.close()
    assert violations == []


@pytest.fixture
def page(browser):
    with watched_page(browser, viewport={"width": 1100, "height": 900}) as page:
        yield page


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Password, then the code from the account's authenticator app."""
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(app_code(username))
    page.get_by_role("button", name="Continue").click()


def app_code(username: str) -> str:
    """What the person's authenticator app shows now. A code is accepted once, so a second
    sign-in within the same 30 seconds uses the next one (accepted one step early)."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), device.digits):06d}"


def fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    """The GOV.UK date input: a fieldset named by its legend, with Day, Month and Year boxes."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)
