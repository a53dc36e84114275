"""Harvests: what a partnership yielded, listed across the ecosystem (with its export) and
recorded on each partner. Every member reads; editors and coordinators write."""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.downloads import csv_response, dated_filename
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role

from ...log.forms import HarvestFilter, HarvestForm
from ...log.harvests import harvest_totals, harvest_years, harvests_of
from .common import PAGE_SIZE, delete_child, edit_child, get_partner


def _harvests(request: EcosystemRequest) -> HarvestFilter:
    return HarvestFilter(
        request.GET,
        queryset=harvests_of(request.ecosystem),
        ecosystem=request.ecosystem,
        years=harvest_years(request.ecosystem),
    )


def harvest_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _harvests(request)
    harvests = filterset.qs
    page = page_of(request, harvests, PAGE_SIZE)
    context = {"filter": filterset, "page": page, "totals": harvest_totals(harvests)}
    return render_list(
        request,
        "partners/logs/harvest_list.html",
        context,
        fragment="partners/logs/_harvest_results.html",
    )


def harvest_export(request: EcosystemRequest) -> HttpResponseBase:
    header = [
        _("Date"),
        _("Partner"),
        _("Sector"),
        _("What was achieved"),
        _("People reached"),
        _("Sessions held"),
        _("Dollars raised"),
        _("Shared in reports"),
        _("The story"),
    ]

    def rows() -> Iterator[list[Any]]:
        for harvest in _harvests(request).qs.iterator(chunk_size=500):
            yield [
                harvest.date.isoformat(),
                harvest.partner.name,
                harvest.partner.get_sector_display(),
                harvest.title,
                harvest.people_reached,
                harvest.sessions_held,
                harvest.dollars_raised,
                _("Yes") if harvest.share_in_reports else _("No"),
                harvest.story,
            ]

    filename = dated_filename(request.ecosystem.slug, "partner-harvests", extension="csv")
    return csv_response(filename, header, rows())


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def harvest_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = HarvestForm(request.POST or None, partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/harvest_form.html",
        context={},
        current=_("Record a harvest"),
        anchor="harvest",
        saved=_("The harvest was recorded."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def harvest_update(request: EcosystemRequest, pk: int, harvest_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    harvest = get_object_or_404(partner.harvests, pk=harvest_pk)
    form = HarvestForm(request.POST or None, instance=copy(harvest), partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/harvest_form.html",
        context={"harvest": harvest},
        current=_("Edit a harvest"),
        anchor="harvest",
        saved=_("Your changes to “%(title)s” were saved.") % {"title": harvest.title},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def harvest_delete(request: EcosystemRequest, pk: int, harvest_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    harvest = get_object_or_404(partner.harvests, pk=harvest_pk)
    return delete_child(
        request,
        partner,
        harvest,
        anchor="harvest",
        context={
            "heading": _("Delete “%(title)s”?") % {"title": harvest.title},
            "what": harvest.story,
            "consequence": _(
                "The harvest, its figures and its story are deleted for everyone in the "
                "ecosystem, and no longer count in the totals or in reports. This cannot be "
                "undone."
            ),
            "button": _("Delete the harvest"),
        },
        current=_("Delete a harvest"),
        deleted=_("“%(title)s” was deleted.") % {"title": harvest.title},
    )
