"""Two-factor sign-in for every account: a password, then a code from an authenticator app
(TOTP, django-otp), with single-use recovery codes for a lost phone.

A session that has passed the password but not the code reaches only the two-factor pages
and sign-out: `TwoFactorRequiredMiddleware` sends it to enter its code, or, for an account
with no app yet, to set one up."""

from base64 import b32encode
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODES = 10
FRESH_CODES_KEY = "two_factor_fresh_recovery_codes"  # shown once, straight after setting up


def app_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def app_device_start(*, user) -> TOTPDevice:
    """The unconfirmed app device a person is setting up (one, kept until confirmed)."""
    device = app_device(user, confirmed=False)
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def app_device_ready(*, user) -> TOTPDevice:
    """An app already set up: for the demo accounts (in demo mode the code page shows its
    code) and for tests that sign in directly."""
    device = app_device(user) or app_device_start(user=user)
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def app_device_confirm(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code. Returns fresh recovery codes, or None if the
    code was wrong. The session counts as verified from here."""
    if not device.verify_is_allowed()[0]:
        raise TryAgainSoon
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return recovery_codes_issue(user=device.user)


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """New recovery codes; any old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


class TryAgainSoon(Exception):
    """Wrong codes were entered just now: django-otp waits 1, 2, 4... seconds between tries."""


def verify(*, request, code: str):
    """Check a code against the person's app, then their recovery codes (each used once).
    Returns the device that accepted it, or None."""
    code = "".join(code.split()).lower()
    kind = TOTPDevice if code.isdigit() else StaticDevice  # 6 digits, or a recovery code
    with transaction.atomic():
        devices = [
            d for d in devices_for_user(request.user, for_verify=True) if isinstance(d, kind)
        ]
        if not all(device.verify_is_allowed()[0] for device in devices):
            raise TryAgainSoon
        for device in devices:
            if device.verify_token(code):
                otp_login(request, device)
                return device
    return None


def two_factor_reset(*, user) -> None:
    """For an administrator, when a phone is lost with its recovery codes: the person sets up
    a new app at their next sign-in."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def qr_code_svg(device: TOTPDevice):
    """The app's set-up link as an inline SVG (no script, no inline style: CSP-safe)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # Safe: qrcode writes only <svg> and <path> with numbers; no text of anyone's is in it.
    return mark_safe(image.to_string(encoding="unicode"))  # nosec B308, B703


def key_for_typing(device: TOTPDevice) -> str:
    """The secret in groups of four, for someone who cannot scan the picture."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class TwoFactorRequiredMiddleware:
    """After the password, nothing but the code (or setting up an app) until it is given."""

    OPEN = ("two_factor_verify", "two_factor_setup", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._open(request.path):
            step = "two_factor_verify" if app_device(user) else "two_factor_setup"
            return redirect(f"{reverse(step)}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    def _open(self, path: str) -> bool:
        return path.startswith(settings.STATIC_URL) or path in {reverse(n) for n in self.OPEN}
