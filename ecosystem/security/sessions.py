"""Sessions: an idle timeout, a longest life, a new key after a role change, and the
list of browsers a person is signed in on (so they can sign out everywhere else).

What the session itself remembers (none of it is a secret):
- when it signed in and when it was last used, to end it after ``SESSION_IDLE_TIMEOUT``
  without a request or ``SESSION_MAX_AGE`` after signing in, whichever comes first;
- when its key was last renewed, compared with the person's ``sessions_renew_after``;
- the random id of its ``UserSession`` row. The row is found by this id rather than by
  the session key, so renewing the key (at sign-in, at a role change, after a password
  change) keeps the row, and the table never holds a usable session key.

Django's database session already expires after ``SESSION_COOKIE_AGE`` (set to the idle
timeout) unless it is saved again; the middleware saves it at most once a minute of
activity, which is what keeps a working person signed in.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from ..models import User, UserSession
from .addresses import client_ip
from .events import log_event
from .policy import apply_policy

SIGNED_IN_AT = "security.signed_in_at"
LAST_SEEN_AT = "security.last_seen_at"
RENEWED_AT = "security.renewed_at"
SESSION_ID = "security.session_id"
# Saving the session on every request would cost a database write per page.
TOUCH_EVERY = 60  # seconds


def start(request: HttpRequest, user: User) -> None:
    """A sign-in: stamp the session and list it among the person's browsers."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    request.session[RENEWED_AT] = now
    session_id = secrets.token_urlsafe(24)
    request.session[SESSION_ID] = session_id
    UserSession.objects.create(
        user=user,
        token=session_id,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    # Rows of sessions that have since expired on their own.
    idle_since = timezone.now() - timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
    UserSession.objects.filter(user=user, last_seen_at__lt=idle_since).delete()


def end(request: HttpRequest) -> None:
    """A sign-out: the browser leaves the list."""
    session_id = request.session.get(SESSION_ID)
    if session_id:
        UserSession.objects.filter(token=session_id).delete()


def current_id(request: HttpRequest) -> str | None:
    return request.session.get(SESSION_ID)


def end_all_sessions(user: User, *, keep: str | None = None) -> int:
    """Sign ``user`` out of every browser but the one whose list id is ``keep``; returns
    how many were ended.

    Raising the epoch changes the session hash of every session (see
    ``User.get_session_auth_hash``): Django ends each of them on its next request.
    """
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    return _forget(user, keep)


def end_other_sessions(request: HttpRequest, user: User) -> int:
    """Sign out every other browser of ``user``; this one stays signed in with a new key."""
    ended = end_all_sessions(user, keep=current_id(request))
    update_session_auth_hash(request, user)  # this session takes the new hash
    return ended


def forget_other_sessions(request: HttpRequest, user: User) -> int:
    """Drop the other browsers from the list (after something already ended them)."""
    return _forget(user, current_id(request))


def _forget(user: User, keep: str | None) -> int:
    return UserSession.objects.filter(user=user).exclude(token=keep or "").delete()[0]


def renew_after_role_change(user_id: int) -> None:
    """Every session of this person gets a new key on its next request."""
    User.objects.filter(pk=user_id).update(sessions_renew_after=timezone.now())


class SessionSecurityMiddleware:
    """Ends idle and too-old sessions, renews keys after role changes, and keeps the
    session and its row fresh. Runs after authentication, before sign-in is required,
    so an ended session is simply sent to the sign-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request, request.user)
        return self.get_response(request)

    def check(self, request: HttpRequest, user: Any) -> None:
        session = request.session
        now = time.time()
        # A session from before these stamps existed counts from now.
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen_at = session.setdefault(LAST_SEEN_AT, now)
        if now - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
            return self.expire(request, user, "idle")
        if now - signed_in_at > settings.SESSION_MAX_AGE:
            return self.expire(request, user, "max_age")
        renew_after = user.sessions_renew_after
        if renew_after and session.get(RENEWED_AT, signed_in_at) < renew_after.timestamp():
            # A role changed since this key was issued: a privilege change gets a new
            # key, as a sign-in does (a key seen before the change stops working).
            session.cycle_key()
            session[RENEWED_AT] = now
            # The new role may call for two-factor sign-in (REQUIRE_2FA_FOR).
            apply_policy(request, user)
        if now - last_seen_at > TOUCH_EVERY:
            session[LAST_SEEN_AT] = now
            if SESSION_ID in session:
                UserSession.objects.filter(token=session[SESSION_ID]).update(
                    last_seen_at=timezone.now()
                )
        return None

    def expire(self, request: HttpRequest, user: Any, why: str) -> None:
        log_event("session_expired", request=request, user=user, reason=why)
        logout(request)  # its receiver takes the browser off the list
        if why == "idle":
            # "8 hours", "30 minutes": worded (and translated) by Django.
            now = timezone.now()
            idle = timesince(now - timedelta(seconds=settings.SESSION_IDLE_TIMEOUT), now)
            message = _(
                "You were signed out after %(idle)s without activity. Sign in again to go on."
            ) % {"idle": idle}
        else:
            message = _("Your sign-in had reached its longest allowed time. Sign in again.")
        messages.info(request, message)
        return None
