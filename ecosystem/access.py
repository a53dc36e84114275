"""Who may see and do what: the one place where ecosystem access is decided.

Every page inside an ecosystem lives under ``/e/<ecosystem_slug>/``. The middleware
resolves the ecosystem and the signed-in user's membership once per request and answers
404 to anyone who is not a member, so a view can never leak another ecosystem's records.
Views that need more than read access declare it with ``@role_required(Role.EDITOR)``;
too little role answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin
from django_htmx.middleware import HtmxDetails

from .models import Ecosystem, Membership, Role, User, normalize_email

SLUG_KWARG = "ecosystem_slug"
REQUIRED_ROLE = "required_role"  # the attribute @role_required sets on the view


class AuthenticatedRequest(HttpRequest):
    """For type checkers: a request from someone signed in (the default for every view)."""

    user: User
    htmx: HtmxDetails  # set by django_htmx's middleware


class EcosystemRequest(AuthenticatedRequest):
    """For type checkers: what a view inside an ecosystem can rely on."""

    ecosystem: Ecosystem
    membership: Membership


class EcosystemMiddleware(MiddlewareMixin):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        if SLUG_KWARG not in view_kwargs:
            return None
        # Views never see the slug: they get request.ecosystem, already checked.
        slug = view_kwargs.pop(SLUG_KWARG)
        if not request.user.is_authenticated:
            # LoginRequiredMiddleware runs first; only a view that opted out lands here.
            raise ImproperlyConfigured("Ecosystem pages cannot be public.")
        membership = (
            Membership.objects.select_related("ecosystem", "organization")
            .filter(user=request.user, ecosystem__slug=slug)
            # For the navigation's "switch ecosystem" link, in the same query.
            .annotate(user_ecosystem_count=Count("user__memberships"))
            .first()
        )
        if membership is None:
            # The same answer whether the ecosystem exists or not: no hint either way.
            raise Http404("No such ecosystem for this user.")
        request.ecosystem = membership.ecosystem  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        # Remembered so "/" returns here next time; written only when it changes,
        # because a changed session costs a database write.
        if request.session.get("last_ecosystem") != slug:
            request.session["last_ecosystem"] = slug
        return None


def role_required(
    role: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse (403) members whose role is below ``role``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = getattr(request, "membership", None)
            if membership is None:
                raise ImproperlyConfigured(
                    f"{view.__qualname__} uses @role_required outside /e/<{SLUG_KWARG}>/."
                )
            if not membership.has_role(role):
                raise PermissionDenied(f"This needs the {Role(role).label} role or higher.")
            return view(request, *args, **kwargs)

        # Read back by required_role(): the permission matrix checks each URL against it.
        setattr(wrapper, REQUIRED_ROLE, role)
        return wrapper

    return decorator


def required_role(view: Callable[..., Any]) -> Role | None:
    """The role ``@role_required`` declared for ``view`` (kept through outer decorators that
    use ``functools.wraps``), or None when any member may use it."""
    role = getattr(view, REQUIRED_ROLE, None)
    return Role(role) if role is not None else None


def sign_in_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """What django-axes counts failed sign-ins against: the email, however it was typed."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(str(username))
