"""How continuum views find their records: always through the request's ecosystem."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.crumbs import Crumb, trail

from ..models import Response, Round


def crumbs(
    request: EcosystemRequest, current: str | Promise | None = None, round: Round | None = None
) -> list[Crumb]:
    """The Continuum's trail: the tool, the round if the page belongs to one, the page."""
    slug = request.ecosystem.slug
    return trail(
        (_("Ecosystem Continuum"), reverse("continuum:index", args=[slug])),
        (round.title, reverse("continuum:round_detail", args=[slug, round.pk])) if round else None,
        current=current,
    )


def get_round(request: EcosystemRequest, pk: int) -> Round:
    return get_object_or_404(
        Round.objects.for_ecosystem(request.ecosystem).select_related("version__instrument"),
        pk=pk,
    )


def my_response(request: EcosystemRequest, round: Round) -> Response:
    """The signed-in member's own response; nobody answers for someone else."""
    response = (
        Response.objects.filter(round=round, user=request.user)
        .select_related("organization")
        .first()
    )
    if response is None:
        raise PermissionDenied(_("You were not invited to answer this round."))
    return response


def check_results_visible(request: EcosystemRequest, round: Round) -> None:
    """Everyone sees the results of a closed round; while it is open, only coordinators
    do, so early answers do not sway the later ones."""
    if round.is_open and not request.membership.is_coordinator:
        raise PermissionDenied(_("The results are shared with everyone when the round closes."))
