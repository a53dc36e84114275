"""Choosing an ecosystem, and its settings (its home page is the overview's dashboard)."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import AuthenticatedRequest, EcosystemRequest, role_required
from ..forms import EcosystemSettingsForm
from ..models import Membership, Role


def root(request: AuthenticatedRequest) -> HttpResponse:
    """Send people straight to their ecosystem: the last one used, or their only one."""
    slugs = list(
        Membership.objects.filter(user=request.user).values_list("ecosystem__slug", flat=True)
    )
    last = request.session.get("last_ecosystem")
    if last in slugs:
        return redirect("ecosystem:home", ecosystem_slug=last)
    if len(slugs) == 1:
        return redirect("ecosystem:home", ecosystem_slug=slugs[0])
    return redirect("ecosystem_choose")


def choose(request: AuthenticatedRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("ecosystem", "organization")
        .annotate(
            organization_count=Count("ecosystem__organizations", distinct=True),
            member_count=Count("ecosystem__memberships", distinct=True),
        )
        .order_by("ecosystem__name")
    )
    return render(request, "ecosystem/choose.html", {"memberships": memberships})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def ecosystem_settings(request: EcosystemRequest) -> HttpResponse:
    # A copy, so an invalid name never shows up in the page's own header.
    form = EcosystemSettingsForm(request.POST or None, instance=copy(request.ecosystem))
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, _("The ecosystem's settings were saved."))
        return redirect("ecosystem:home", ecosystem_slug=request.ecosystem.slug)
    return render(request, "ecosystem/settings.html", {"form": form})
