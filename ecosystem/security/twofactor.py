"""Two-factor sign-in: an authenticator app (TOTP, django-otp) and recovery codes.

After the password, a session of someone with an authenticator owes a code; until it
gives one it reaches nothing but the code page and "sign out" (``TwoFactorMiddleware``).
Setting an authenticator up asks for a first code from it, so nobody is left with an app
that does not work, and hands out ten recovery codes, shown once.
"""

from __future__ import annotations

import base64
import io
import secrets
import time
from collections.abc import Callable
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from ..models import RecoveryCode, RecoveryCodes, User
from ..models.security import hash_recovery_code
from . import sessions
from .events import log_event
from .policy import PENDING, SETUP_REQUIRED, apply_policy, satisfied

AUTHENTICATOR_NAME = _("Authenticator app")
# The secret of an authenticator being set up, until its first code is right.
SETUP_KEY = "security.two_factor_setup_key"
RECOVERY_NAME = _("Recovery codes")
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_GROUPS = 6  # of four characters: 24 base32 characters carry 120 bits


# --- Devices ------------------------------------------------------------------------------


def authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def is_enabled(user: User) -> bool:
    return authenticator(user) is not None


def new_authenticator(request: HttpRequest, user: User) -> TOTPDevice:
    """The authenticator being set up, not saved: its secret waits in the session until
    the app has given a right code, so opening the page writes nothing, and opening it
    again shows the same secret (a half-done setup can be finished)."""
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = default_key()
    return TOTPDevice(user=user, name=str(AUTHENTICATOR_NAME), key=key)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The setup link as a QR code, an SVG in a data: URI (the page's policy allows
    data: images and no inline styles)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_text(device: TOTPDevice) -> str:
    """The secret in groups of four, for apps where it is typed rather than scanned."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def make_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes; the previous ones stop working. Only their hashes are stored."""
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    codes = [
        "-".join(
            "".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(RECOVERY_CODE_GROUPS)
        )
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        RecoveryCodes.objects.filter(user=user).delete()
        device = RecoveryCodes.objects.create(user=user, name=str(RECOVERY_NAME), confirmed=True)
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=hash_recovery_code(code)) for code in codes
        )
    return codes


def confirm_authenticator(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn two-factor sign-in on if ``code`` is right; returns the recovery codes.

    Checked here rather than with ``device.verify_token``, which saves the device (a
    throttle count) even on a wrong code. Nobody gains by guessing a secret of their
    own on the page that shows it, so the first code needs no throttle."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    digits = _digits(code)
    if not digits.isdigit() or not totp.verify(int(digits), device.tolerance):
        return None
    user = device.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.last_t = totp.t()  # this code cannot be used again to sign in
        device.confirmed = True
        device.save()
        codes = make_recovery_codes(user)
    request.session.pop(SETUP_KEY, None)
    django_otp.login(request, device)
    satisfied(request)
    # A browser signed in before the second factor existed would never be asked for it.
    sessions.end_other_sessions(request, user)
    log_event("two_factor_enabled", request=request, user=user)
    return codes


def remove_devices(user: User) -> None:
    """The authenticator and the recovery codes, gone (by the person, or by a site
    administrator for someone who lost their phone)."""
    for model in (TOTPDevice, RecoveryCodes):
        model.objects.filter(user=user).delete()


def turn_off(request: HttpRequest, user: User) -> None:
    """Two-factor sign-in off for the person signed in here. If their role requires a
    second factor, the next page they open asks them to set one up again."""
    remove_devices(user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    apply_policy(request, user)
    log_event("two_factor_disabled", request=request, user=user)


def _digits(code: str) -> str:
    return "".join(code.split())


class Verdict:
    """What checking a code found: the device that took it, or why none did."""

    def __init__(self, device: Device | None = None, wait: int = 0) -> None:
        self.device = device
        self.wait = wait  # seconds before another try is allowed, when throttled


def check_code(user: User, code: str) -> Verdict:
    """A six-digit code goes to the authenticator, anything longer to the recovery codes.
    Each device slows down guessing by itself (1, 2, 4, 8… seconds between tries)."""
    code = code.strip()
    digits = _digits(code)
    kind: type[Device] = TOTPDevice if digits.isdigit() and len(digits) <= 8 else RecoveryCodes
    device = kind.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return Verdict()
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        wait = 1
        if locked_until is not None:
            wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        return Verdict(wait=wait)
    token = digits if kind is TOTPDevice else code
    verified = django_otp.verify_token(user, device.persistent_id, token)
    return Verdict(device=verified)


def accept_code(request: HttpRequest, user: User, device: Device) -> None:
    django_otp.login(request, device)
    satisfied(request)
    # The session now carries more trust than before: give it a new key.
    request.session.cycle_key()
    if isinstance(device, RecoveryCodes):
        log_event("recovery_code_used", request=request, user=user, left=recovery_codes_left(user))
    else:
        log_event("two_factor_verified", request=request, user=user)


# --- The gate ------------------------------------------------------------------------------

# What a session that owes a code, or owes setting one up, may still open.
VERIFY_PAGES = {"accounts:two_factor_verify", "accounts:logout"}
SETUP_PAGES = {
    "accounts:two_factor_setup",
    "accounts:two_factor_recovery_codes",
    "accounts:logout",
}


def next_url(request: HttpRequest, default: str = "root") -> str:
    """Where to go once the code is given: the page first asked for, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(default)


class TwoFactorMiddleware(MiddlewareMixin):
    """Holds a signed-in session at the code page until it gives a code, and at the setup
    page when its role requires an authenticator it does not have yet."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        session = request.session
        # OTPMiddleware gives every user is_verified(): True once this session gave a code.
        if session.get(PENDING) and not request.user.is_verified():  # type: ignore[attr-defined]
            if view_name in VERIFY_PAGES:
                return None
            return self.send_to("accounts:two_factor_verify", request)
        if session.get(SETUP_REQUIRED):
            if view_name in SETUP_PAGES:
                return None
            return self.send_to("accounts:two_factor_setup", request)
        return None

    def send_to(self, url_name: str, request: HttpRequest) -> HttpResponse:
        url = reverse(url_name)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
