from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Membership


def workbench(request: HttpRequest) -> dict[str, Any]:
    """The current ecosystem and membership, and (only if a page asks) the user's others."""
    membership = getattr(request, "membership", None)

    def all_memberships() -> list[Membership]:
        if not request.user.is_authenticated:
            return []
        return list(Membership.objects.filter(user=request.user).select_related("ecosystem"))

    memberships = SimpleLazyObject(all_memberships)

    def ecosystem_count() -> int:
        # Inside an ecosystem the middleware's query already counted them.
        if membership is not None:
            return int(membership.user_ecosystem_count)
        return len(memberships)

    return {
        "ecosystem": getattr(request, "ecosystem", None),
        "membership": membership,
        "my_memberships": memberships,
        "ecosystem_count": ecosystem_count,  # a callable: templates call it only if used
    }
