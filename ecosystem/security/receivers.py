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


def _actor() -> Any:
    """Who made the change, when it happened in a request."""
    user = getattr(_request(), "user", None)
    return user if user is not None and user.is_authenticated else None


def _role_name(value: int | None) -> str | None:
    return Role(value).name.lower() if value is not None else None


@receiver(pre_save, sender=Membership, dispatch_uid="security-role-before")
def remember_role(sender: Any, instance: Membership, **kwargs: Any) -> None:
    previous = Membership.objects.filter(pk=instance.pk).values("role", "organization_id").first()
    instance._security_previous = previous  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership, dispatch_uid="security-role-after")
def role_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    previous = getattr(instance, "_security_previous", None)
    changed = previous is None or (
        previous["role"] != instance.role or previous["organization_id"] != instance.organization_id
    )
    if not changed:
        return
    sessions.renew_after_role_change(instance.user_id)
    actor = _actor()
    log_event(
        "role_changed",
        request=_request(),
        user=instance.user,
        ecosystem=instance.ecosystem.slug,
        role_before=_role_name(previous["role"]) if previous else None,
        role=_role_name(instance.role),
        changed_by=actor.email if actor else None,
    )


@receiver(post_delete, sender=Membership, dispatch_uid="security-role-removed")
def role_removed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    # The person or the ecosystem may be going too (a cascade): read what is left.
    user = User.objects.filter(pk=instance.user_id).first()
    if user is None:
        return
    sessions.renew_after_role_change(user.pk)
    actor = _actor()
    log_event(
        "role_changed",
        request=_request(),
        user=user,
        ecosystem=Ecosystem.objects.filter(pk=instance.ecosystem_id)
        .values_list("slug", flat=True)
        .first(),
        role_before=_role_name(instance.role),
        role=None,
        changed_by=actor.email if actor else None,
    )
