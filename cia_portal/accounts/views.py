"""Two-factor pages: enter a code, set up an authenticator app, see recovery codes once."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice

from cia_portal.views import next_page

from . import two_factor
from .forms import CodeForm

WRONG_CODE = _("That code is not right. Enter the newest code from your app.")
TRY_AGAIN_SOON = _("Wait a few seconds, then enter the newest code from your app.")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request):
    if not two_factor.app_device(request.user):
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(request=request, code=form.cleaned_data["code"])
        except two_factor.TryAgainSoon:
            form.add_error("code", TRY_AGAIN_SOON)
        else:
            if device is not None:
                _say_if_a_recovery_code_was_used(request, device)
                return redirect(next_page(request))
            form.add_error("code", WRONG_CODE)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_page(request), "demo_code": _demo_code(request.user)},
    )


@never_cache
@login_required
def two_factor_setup(request):
    if two_factor.app_device(request.user):
        return redirect("two_factor_verify")
    device = two_factor.app_device_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.app_device_confirm(
                request=request, device=device, code=form.cleaned_data["code"]
            )
        except two_factor.TryAgainSoon:
            codes = None
            form.add_error("code", TRY_AGAIN_SOON)
        else:
            if codes is None:
                form.add_error("code", WRONG_CODE)
        if codes is not None:
            request.session[two_factor.FRESH_CODES_KEY] = codes
            return redirect(f"{reverse('recovery_codes')}?next={quote(next_page(request))}")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_page(request),
            "qr_code": two_factor.qr_code_svg(device),
            "key": two_factor.key_for_typing(device),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def recovery_codes(request):
    """Fresh codes once, straight after setting up or asking for new ones."""
    if request.method == "POST":
        request.session[two_factor.FRESH_CODES_KEY] = two_factor.recovery_codes_issue(
            user=request.user
        )
        return redirect("recovery_codes")
    codes = request.session.pop(two_factor.FRESH_CODES_KEY, None)
    return render(
        request,
        "registration/recovery_codes.html",
        {
            "codes": codes,
            "left": two_factor.recovery_codes_left(request.user),
            "next": next_page(request),
        },
    )


def _say_if_a_recovery_code_was_used(request, device) -> None:
    if isinstance(device, StaticDevice):
        left = two_factor.recovery_codes_left(request.user)
        used = _("You used a recovery code. You have %(left)s left.")
        messages.warning(request, used % {"left": left})


def _demo_code(user) -> str | None:
    """In demo mode only, the fictional accounts' current code, so the demo can be tried."""
    device = two_factor.app_device(user)
    if not settings.DEMO_MODE or device is None:
        return None
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
