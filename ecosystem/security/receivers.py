"""Signal receivers that keep the security records (connected in ``EcosystemConfig.ready``).

Signals rather than calls in each view, because people sign in through several doors
(the sign-in page, the admin's, a password reset, an invitation) and memberships change
through the app and the admin alike: every one of them must be recorded.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from simple_history.models import HistoricalRecords

from ..models import Ecosystem, Membership, Role, User, normalize_email
from . import sessions
from .events import log_event
from .policy import apply_policy
from .throttle import paused_until


@receiver(user_logged_in, dispatch_uid="security-signed-in")
def signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request, user)
    apply_policy(request, user)
    log_event("sign_in", request=request, user=user)


@receiver(user_logged_out, dispatch_uid="security-signed-out")
def signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is None:
        return
    sessions.end(request)
    log_event("sign_out", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="security-sign-in-failed")
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    log_event(
        "sign_in_failed",
        request=request,
        email=normalize_email(str(credentials.get("username") or "")),
    )


@receiver(user_locked_out, dispatch_uid="security-locked-out")
def locked_out(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    # Paused for this account everywhere, or only from this network address?
    scope = "account" if paused_until(username or "") else "address"
    log_event("locked_out", request=request, email=username, scope=scope)


# --- Role changes --------------------------------------------------------------------------


def _request() -> HttpRequest | None:
    """The request a change happened in, if any (simple-history's middleware keeps it)."""
    return getattr(HistoricalRecords.context, "request", None)


def _role_name(value: int | None) -> str | None:
    return Role(value).name.lower() if value is not None else None


def _role_changed(user: User, ecosystem: str | None, before: int | None, after: int | None) -> None:
    """A person's role changed (None: no membership): their sessions get new keys, and
    the log says who changed it, from where."""
    sessions.renew_after_role_change(user.pk)
    request = _request()
    actor = getattr(request, "user", None)
    log_event(
        "role_changed",
        request=request,
        user=user,
        ecosystem=ecosystem,
        role_before=_role_name(before),
        role=_role_name(after),
        changed_by=actor.email if actor is not None and actor.is_authenticated else None,
    )


@receiver(pre_save, sender=Membership, dispatch_uid="security-role-before")
def remember_role(sender: Any, instance: Membership, **kwargs: Any) -> None:
    previous = Membership.objects.filter(pk=instance.pk).values("role", "organization_id").first()
    instance._security_previous = previous  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership, dispatch_uid="security-role-after")
def role_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    previous = getattr(instance, "_security_previous", None)
    if previous == {"role": instance.role, "organization_id": instance.organization_id}:
        return  # saved without a change to what the person may do
    before = previous["role"] if previous else None
    _role_changed(instance.user, instance.ecosystem.slug, before, instance.role)


@receiver(post_delete, sender=Membership, dispatch_uid="security-role-removed")
def role_removed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    # The person or the ecosystem may be going too (a cascade): read what is left.
    user = User.objects.filter(pk=instance.user_id).first()
    if user is None:
        return
    slug = Ecosystem.objects.filter(pk=instance.ecosystem_id).values_list("slug", flat=True)
    _role_changed(user, slug.first(), instance.role, None)
