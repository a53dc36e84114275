from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Membership


def workbench(request: HttpRequest) -> dict[str, Any]:
    """The current ecosystem and membership, and (only if a page asks) the user's others."""

    def other_memberships() -> list[Membership]:
        if not request.user.is_authenticated:
            return []
        return list(Membership.objects.filter(user=request.user).select_related("ecosystem"))

    return {
        "ecosystem": getattr(request, "ecosystem", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": SimpleLazyObject(other_memberships),
    }
