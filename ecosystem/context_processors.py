from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import ResolverMatch
from django.utils.functional import SimpleLazyObject

from .models import Membership

# The navigation's sections inside the ecosystem namespace, by the URL name's first word.
ECOSYSTEM_SECTIONS = {
    "home": "home",
    "organization": "organizations",
    "member": "members",
    "report": "reports",
    "reports": "reports",
    "kit": "reports",
    "settings": "settings",
}


def section(match: ResolverMatch | None) -> str:
    """Which part of the navigation the page belongs to, named once from its URL: the
    app's namespace, except that the ecosystem's own pages and the partners app's progress
    record and webs each form sections of their own."""
    if match is None:
        return ""
    name = match.url_name or ""
    first = name.split("_", 1)[0]
    if match.app_name == "ecosystem":
        return ECOSYSTEM_SECTIONS.get(first, "")
    if match.app_name == "partners" and first in ("progress", "webs", "web", "connection"):
        return "progress" if first == "progress" else "webs"
    return match.app_name


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
        "section": section(request.resolver_match),
    }
