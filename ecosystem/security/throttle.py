"""Throttling sign-ins: per account and address (django-axes) and per account alone.

django-axes pauses one email address from one network address after
``AXES_FAILURE_LIMIT`` wrong passwords. An attacker with many addresses would get that
many guesses from each, so failures are also counted per account across every address:
past ``SIGNIN_ACCOUNT_FAILURE_LIMIT`` each further failure pauses the account, first for
``SIGNIN_ACCOUNT_FIRST_PAUSE``, then twice as long each time, never longer than
``SIGNIN_ACCOUNT_LONGEST_PAUSE``. A pause ends by itself; attempts refused during a
pause are not counted (or an attacker could keep the real person out for ever); a
password reset or change lifts both kinds of pause; the count is forgotten after
``SIGNIN_ACCOUNT_FORGET_AFTER`` without failures.

Both kinds of pause answer with the same page (429), which never says whether an
account exists: the count is kept for any address typed.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..models import SignInThrottle, normalize_email


def pause_after(failures: int) -> timedelta | None:
    """How long the account pauses after its ``failures``-th failure in a row."""
    over = failures - settings.SIGNIN_ACCOUNT_FAILURE_LIMIT
    if over < 0:
        return None
    longest: timedelta = settings.SIGNIN_ACCOUNT_LONGEST_PAUSE
    first: timedelta = settings.SIGNIN_ACCOUNT_FIRST_PAUSE
    # Doubling stops mattering long before 2**32; the cap keeps the arithmetic small.
    pause: timedelta = first * 2 ** min(over, 32)
    return min(pause, longest)


def paused_until(email: str, now: datetime | None = None) -> datetime | None:
    now = now or timezone.now()
    return (
        SignInThrottle.objects.filter(email=normalize_email(email), paused_until__gt=now)
        .values_list("paused_until", flat=True)
        .first()
    )


def record_failure(email: str, now: datetime | None = None) -> datetime | None:
    """Count one failure for the account; returns the end of the pause it starts, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so failures arriving together from many addresses are all counted.
        row, created = SignInThrottle.objects.select_for_update().get_or_create(
            email=normalize_email(email), defaults={"last_failure_at": now}
        )
        if not created and now - row.last_failure_at > settings.SIGNIN_ACCOUNT_FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        pause = pause_after(row.failures)
        row.paused_until = now + pause if pause else None
        row.save()
    return row.paused_until


def lift(email: str) -> None:
    """A password reset or change proves the owner is back in control: end every pause."""
    email = normalize_email(email)
    SignInThrottle.objects.filter(email=email).delete()
    axes_reset(username=email)


class ThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler, plus the pause per account (``AXES_HANDLER``)."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return paused_until(get_client_username(request, credentials) or "") is not None

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            super().user_login_failed(sender, credentials, request, **kwargs)
            return
        email = get_client_username(request, credentials) or ""
        # Was this attempt refused before its password was checked? Then it tells the
        # attacker nothing, and counting it for the account would let one address,
        # already paused by django-axes, keep pausing the real person's account.
        refused = paused_until(email) is not None or super().is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if refused:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            return
        if record_failure(email) is not None:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "workbench",
                request=request,
                username=email,
                ip_address=getattr(request, "axes_ip_address", None),
            )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a paused sign-in gets (``AXES_LOCKOUT_CALLABLE``), with the real wait."""
    until = paused_until(get_client_username(request, credentials) or "")
    wait = until - timezone.now() if until else get_cool_off(request) or timedelta(0)
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=429,  # Too Many Requests, as django-axes answers
    )
