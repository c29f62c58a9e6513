"""Every account signs in with a password and a code from an authenticator app; recovery codes
work once each; nothing is reachable between the password and the code."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cia_portal.accounts import two_factor
from tests.factories import PASSWORD, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


def code_for(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def several_wrong_codes_just_now(device) -> None:
    """Each wrong code doubles the wait (1 s after the first): make the wait long enough that a
    slow machine cannot outlast it before the next request."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )


def a_minute_passes(device) -> None:
    """Long enough after a wrong code for django-otp to allow another try."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )


def password_only(user) -> Client:
    """A browser that has given the right password and nothing more."""
    browser = Client()
    response = browser.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_after_the_password_only_the_code_page_can_be_reached(practitioner):
    child = ChildFactory(created_by=practitioner)
    browser = password_only(practitioner)
    for url in (reverse("home"), reverse("assessments:child_detail", args=[child.id]), "/audit/"):
        response = browser.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify"))
    code_page = browser.get(reverse("two_factor_verify"))
    assert code_page.status_code == 200
    assert "My cases" not in code_page.content.decode()  # no menu until the code is given


def test_the_right_code_opens_the_portal_and_a_wrong_one_does_not(practitioner):
    child = ChildFactory(created_by=practitioner)
    browser = password_only(practitioner)
    page = reverse("assessments:child_detail", args=[child.id])
    wrong = browser.post(reverse("two_factor_verify"), {"code": "000000", "next": page})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert browser.get(page).status_code == 302

    device = two_factor.app_device(practitioner)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    several_wrong_codes_just_now(device)
    too_soon = browser.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert "Wait a few seconds" in too_soon.content.decode()  # wrong codes slow the next try
    a_minute_passes(device)
    right = browser.post(reverse("two_factor_verify"), {"code": code_for(device), "next": page})
    assert right["Location"] == page
    assert browser.get(page).status_code == 200


def test_a_code_works_once(practitioner):
    device = two_factor.app_device(practitioner)
    code = code_for(device)
    first = password_only(practitioner)
    assert first.post(reverse("two_factor_verify"), {"code": code})["Location"] == "/"
    second = password_only(practitioner)
    replay = second.post(reverse("two_factor_verify"), {"code": code})
    assert replay.status_code == 200 and "That code is not right" in replay.content.decode()


def test_next_never_leads_off_the_portal(practitioner):
    browser = password_only(practitioner)
    device = two_factor.app_device(practitioner)
    response = browser.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_new_account_sets_up_its_app_and_gets_recovery_codes_once(db):
    newcomer = UserFactory(two_factor=False)
    browser = password_only(newcomer)
    assert browser.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))

    setup = browser.get(reverse("two_factor_setup"))
    page = setup.content.decode()
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    assert "<svg" in page and two_factor.key_for_typing(device) in page

    wrong = browser.post(reverse("two_factor_setup"), {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert browser.get(reverse("home")).status_code == 302
    a_minute_passes(device)

    done = browser.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert done["Location"].startswith(reverse("recovery_codes"))
    codes_page = browser.get(done["Location"]).content.decode()
    codes = browser_codes(codes_page)
    assert len(codes) == two_factor.RECOVERY_CODES
    assert "will not be shown again" in codes_page
    assert codes[0] not in browser.get(reverse("recovery_codes")).content.decode()
    assert browser.get(reverse("assessments:my_cases")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def browser_codes(page: str) -> list[str]:
    import re

    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(practitioner):
    codes = two_factor.recovery_codes_issue(user=practitioner)
    browser = password_only(practitioner)
    response = browser.post(reverse("two_factor_verify"), {"code": codes[3].upper()}, follow=True)
    assert response.status_code == 200
    assert "You used a recovery code. You have 9 left." in response.content.decode()

    again = password_only(practitioner)
    reused = again.post(reverse("two_factor_verify"), {"code": codes[3]})
    assert "That code is not right" in reused.content.decode()


def test_new_recovery_codes_replace_the_old_ones(practitioner_client, practitioner):
    old = two_factor.recovery_codes_issue(user=practitioner)
    page = practitioner_client.post(reverse("recovery_codes"), follow=True).content.decode()
    new = browser_codes(page)
    assert len(new) == two_factor.RECOVERY_CODES and not set(new) & set(old)
    browser = password_only(practitioner)
    response = browser.post(reverse("two_factor_verify"), {"code": old[0]})
    assert "That code is not right" in response.content.decode()


def test_a_reset_makes_the_person_set_up_a_new_app(practitioner):
    two_factor.recovery_codes_issue(user=practitioner)
    two_factor.two_factor_reset(user=practitioner)
    browser = password_only(practitioner)
    assert browser.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_demo_accounts_show_their_code_only_in_demo_mode(settings, practitioner):
    device = two_factor.app_device(practitioner)
    browser = password_only(practitioner)
    assert code_for(device) not in browser.get(reverse("two_factor_verify")).content.decode()
    settings.DEMO_MODE = True
    page = browser.get(reverse("two_factor_verify")).content.decode()
    assert f"the code for this fictional account is {code_for(device)}" in page


def test_the_reset_command_names_the_account(practitioner):
    from django.core.management import call_command

    call_command("two_factor_reset", practitioner.username)
    assert two_factor.app_device(practitioner) is None
