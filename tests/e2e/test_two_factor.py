"""A new account's first sign-in in Chromium: password, set up the app from the key on the
page, save the recovery codes, then the portal."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import look
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_account_sets_up_its_app_and_saves_recovery_codes(live_server, page):
    UserFactory(username="newbie", two_factor=False)
    page.goto(f"{live_server.url}/sign-in/")
    look(page)
    page.get_by_label("Username").fill("newbie")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    look(page, "two-factor-setup")
    key = b32decode(page.locator("#key").inner_text().replace(" ", ""))  # as a person types it
    page.get_by_label("Code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    look(page, "two-factor-recovery-codes")
    page.get_by_role("button", name="I have saved my codes").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
