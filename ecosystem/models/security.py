"""Sign-in security: lockouts, the sessions people can see and end, and recovery codes."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from ..validators import validate_single_line


class SignInThrottle(models.Model):
    """Failed sign-ins for one email address, from every network address together.

    django-axes pauses one address after repeated failures for one account; this counts
    the failures an attacker spreads over many addresses. Past a limit each further
    failure pauses the account a little longer (see ``ecosystem.security.throttle``). The
    row is keyed by the address as typed (normalized), whether an account has it or not,
    so the pause never tells anyone that an account exists.
    """

    email = models.CharField(
        _("email address"), max_length=254, unique=True, validators=[validate_single_line]
    )
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"))
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return self.email


# Enough of a browser's self-description for a person to recognize their own devices.
# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


def describe_browser(user_agent: str) -> str:
    """A browser as people know it ("Firefox on Windows"), from its User-Agent header."""
    browser = next((name for token, name in BROWSERS if token in user_agent), None)
    system = next((name for token, name in SYSTEMS if token in user_agent), None)
    if browser and system:
        return str(_("%(browser)s on %(system)s") % {"browser": browser, "system": system})
    return browser or system or str(_("An unknown browser"))


class UserSessionQuerySet(models.QuerySet["UserSession"]):
    def active(self) -> UserSessionQuerySet:
        idle = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
        return self.filter(last_seen_at__gt=timezone.now() - idle)


class UserSession(models.Model):
    """One signed-in browser, so its owner can see where they are signed in.

    Found through a random id kept in the session, not through the session key: the key
    changes at every renewal, and this table never holds a usable session.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signed_in_sessions",
        verbose_name=_("person"),
    )
    token = models.CharField(
        max_length=64, unique=True, editable=False, validators=[validate_single_line]
    )
    ip_address = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    user_agent = models.CharField(
        _("browser"), max_length=300, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last active"), default=timezone.now)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "-last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def browser(self) -> str:
        return describe_browser(self.user_agent)


class RecoveryCodes(ThrottlingMixin, Device):
    """One-time codes for signing in when the authenticator app is out of reach.

    django-otp's own static codes are stored as typed; these are stored as hashes. Each
    code carries 120 random bits, so a plain SHA-256 is safe (a guess costs as much as
    guessing the code) and a code is found with one indexed lookup.
    """

    # Device's own name field, with the rule every single-line field follows.
    name: models.CharField[str, str] = models.CharField(
        max_length=64, validators=[validate_single_line]
    )

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: str) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(code_hash=hash_recovery_code(token)).delete()[0]
        if used:
            self.throttle_reset(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(used)


def hash_recovery_code(code: str) -> str:
    # Spaces, dashes and case do not count: people copy codes in many ways.
    plain = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(plain.encode()).hexdigest()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True, validators=[validate_single_line])

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return str(_("a recovery code"))
