"""Who must sign in with a second factor, and what this session still owes.

``REQUIRE_2FA_FOR`` lists roles (``viewer``, ``contributor``, ``editor``,
``coordinator``: that role or a higher one in any ecosystem) and ``admin`` (site
administrators). Everyone else may turn two-factor sign-in on from their profile.

The session carries two flags, set at sign-in and again when a role changes, so
that checking them costs no query on every page:
- ``PENDING``: the person has an authenticator and this session has not given a code yet;
- ``SETUP_REQUIRED``: their role requires one and they have none yet.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp import user_has_device

from ..models import Role

PENDING = "security.two_factor_pending"
SETUP_REQUIRED = "security.two_factor_setup_required"
ADMIN = "admin"
ROLE_NAMES = {role.name.lower(): role for role in Role}


def required_for(user: Any) -> bool:
    wanted = settings.REQUIRE_2FA_FOR
    if not wanted or not user.is_authenticated:
        return False
    if ADMIN in wanted and (user.is_staff or user.is_superuser):
        return True
    roles = [ROLE_NAMES[name] for name in wanted if name in ROLE_NAMES]
    return bool(roles) and user.memberships.filter(role__gte=min(roles)).exists()


def apply_policy(request: HttpRequest, user: Any) -> None:
    """Work out, once, what this session must do before it may go anywhere."""
    verified = getattr(user, "is_verified", lambda: False)()
    has_device = user_has_device(user)
    request.session[PENDING] = has_device and not verified
    request.session[SETUP_REQUIRED] = not has_device and required_for(user)


def satisfied(request: HttpRequest) -> None:
    """The session gave a code (or set up an authenticator): nothing more is owed."""
    request.session[PENDING] = False
    request.session[SETUP_REQUIRED] = False
