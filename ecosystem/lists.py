"""The one way a filtered list answers: a page of rows, and either the whole page or, when
htmx asks after a filter changes, only the results fragment (the page works without htmx)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from .access import AuthenticatedRequest


def page_of(
    request: AuthenticatedRequest, items: QuerySet[Any] | Sequence[Any], per_page: int
) -> Page[Any]:
    """The page the ``page`` parameter asks for; out-of-range or garbage gives the nearest one."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def render_list(
    request: AuthenticatedRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    fragment: str | None = None,
) -> HttpResponse:
    """The whole page, or ``fragment`` alone for an htmx request when the list has one."""
    if fragment is None:
        return render(request, template, context)
    response = render(request, fragment if request.htmx else template, context)
    # The same address answers with a whole page or a fragment: caches must keep both.
    patch_vary_headers(response, ["HX-Request"])
    return response
