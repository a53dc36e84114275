"""Webs of Connection: the map of who works with whom, its coverage checklist, the ties
themselves, yearly snapshots and two years side by side. Every member reads and prints
it; editors and coordinators record connections and take snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from ..views.crumbs import webs_crumbs
from .comparison import compare
from .coverage import coverage, type_matrix
from .drawing import draw
from .forms import CompareForm, ConnectionForm
from .graph import Web, current_web, take_snapshot
from .models import Connection, WebSnapshot


def _connections(request: EcosystemRequest) -> Any:
    return Connection.objects.for_ecosystem(request.ecosystem).listed()


def _web_context(request: EcosystemRequest, *, links: bool) -> dict[str, Any]:
    web = current_web(request.ecosystem)
    if not links:
        web = web.without_links()
    return {
        "web": web,
        "drawing": draw(
            web,
            title=_("Webs of Connection: %(name)s") % {"name": request.ecosystem.name},
            description=_(
                "Each organization and connected partner is a mark around the circle, grouped "
                "by kind; each line is a connection, thicker when stronger. The table below "
                "lists the same connections."
            ),
        ),
        "coverage": coverage(web),
        "type_matrix": type_matrix(web),
        "connections": list(_connections(request)),
    }


def web(request: EcosystemRequest) -> HttpResponse:
    context = _web_context(request, links=True)
    context["snapshots"] = list(
        WebSnapshot.objects.for_ecosystem(request.ecosystem)
        .select_related("taken_by")
        .defer("data")
    )
    context["this_year"] = timezone.localdate().year
    return render(request, "partners/webs/web.html", context)


def web_pdf(request: EcosystemRequest) -> HttpResponse:
    context = _web_context(request, links=False)
    context["title"] = _("Webs of Connection")
    pdf = render_pdf("partners/pdf/webs.html", context, request=request)
    return pdf_response(pdf, dated_filename(request.ecosystem.slug, "webs", extension="pdf"))


def connection_export(request: EcosystemRequest) -> HttpResponseBase:
    def rows() -> Iterator[list[Any]]:
        for connection in _connections(request).iterator(chunk_size=500):
            first, other = connection.first_end, connection.other_end
            yield [
                first.name if first else "",
                connection.organization.get_kind_display()
                if connection.organization
                else _("Community partner"),
                other.name if other else "",
                _("Partner") if connection.partner_id else _("Organization"),
                connection.get_kind_display(),
                connection.strength,
                connection.since.isoformat() if connection.since else "",
                connection.notes,
            ]

    header = [
        _("One side"),
        _("Kind of organization"),
        _("Connected with"),
        _("Organization or partner"),
        _("Kind of connection"),
        _("Strength (1-3)"),
        _("Since"),
        _("Notes"),
    ]
    filename = dated_filename(request.ecosystem.slug, "connections", extension="csv")
    return csv_response(filename, header, rows())


# --- One connection ---------------------------------------------------------------------------


def _get_connection(request: EcosystemRequest, pk: int) -> Connection:
    connection: Connection = get_object_or_404(_connections(request), pk=pk)
    return connection


def _back(request: EcosystemRequest) -> HttpResponse:
    return redirect("partners:webs", ecosystem_slug=request.ecosystem.slug)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def connection_create(request: EcosystemRequest) -> HttpResponse:
    initial = {"organization": request.GET.get("organization", "")}
    form = ConnectionForm(
        request.POST or None, ecosystem=request.ecosystem, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid() and (connection := form.save_checked()):
        messages.success(
            request, _("The connection “%(connection)s” was recorded.") % {"connection": connection}
        )
        if "add_another" in request.POST:
            first = (
                f"o{connection.organization_id}"
                if connection.organization_id
                else f"p{connection.first_partner_id}"
            )
            return redirect(f"{request.path}?organization={first}")
        return _back(request)
    status = 422 if form.errors else 200
    context = {"form": form, "crumbs": webs_crumbs(request, _("Record a connection"))}
    return render(request, "partners/webs/form.html", context, status=status)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def connection_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    connection = _get_connection(request, pk)
    form = ConnectionForm(
        request.POST or None,
        instance=copy(connection),
        ecosystem=request.ecosystem,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid() and (saved := form.save_checked()):
        messages.success(
            request, _("Your changes to “%(connection)s” were saved.") % {"connection": saved}
        )
        return _back(request)
    status = 422 if form.errors else 200
    context = {
        "form": form,
        "connection": connection,
        "crumbs": webs_crumbs(request, _("Change a connection")),
    }
    return render(request, "partners/webs/form.html", context, status=status)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def connection_delete(request: EcosystemRequest, pk: int) -> HttpResponse:
    connection = _get_connection(request, pk)
    if request.method == "POST":
        connection.delete()
        messages.success(
            request, _("The connection “%(connection)s” was removed.") % {"connection": connection}
        )
        return _back(request)
    context = {"connection": connection, "crumbs": webs_crumbs(request, _("Remove a connection"))}
    return render(request, "partners/webs/delete.html", context)


# --- Snapshots and comparison -----------------------------------------------------------------


@role_required(Role.EDITOR)
@require_POST
def snapshot_create(request: EcosystemRequest) -> HttpResponse:
    year = timezone.localdate().year
    take_snapshot(request.ecosystem, year, request.user)
    messages.success(
        request,
        _("The web as it stands today was kept as the snapshot of %(year)s.") % {"year": year},
    )
    return _back(request)


def _web_of(request: EcosystemRequest, choice: str, snapshots: dict[int, WebSnapshot]) -> Any:
    if choice == "now":
        return current_web(request.ecosystem).without_links()
    return Web.from_data(snapshots[int(choice)].data)


def web_compare(request: EcosystemRequest) -> HttpResponse:
    snapshots = {
        snapshot.year: snapshot for snapshot in WebSnapshot.objects.for_ecosystem(request.ecosystem)
    }
    form = CompareForm(request.GET or None, years=sorted(snapshots, reverse=True))
    context: dict[str, Any] = {"form": form, "has_snapshots": bool(snapshots)}
    if form.is_bound and form.is_valid():
        labels = {"now": _("Today")} | {str(year): str(year) for year in snapshots}
        sides = []
        for name in ("before", "after"):
            choice = form.cleaned_data[name]
            side_web = _web_of(request, choice, snapshots)
            sides.append(
                {
                    "label": labels[choice],
                    "web": side_web,
                    "drawing": draw(
                        side_web,
                        title=_("Webs of Connection, %(when)s") % {"when": labels[choice]},
                    ),
                    "coverage": coverage(side_web),
                }
            )
        context.update(sides=sides, comparison=compare(sides[0]["web"], sides[1]["web"]))
    status = 400 if form.is_bound and not form.is_valid() else 200
    context["crumbs"] = webs_crumbs(request, _("Compare years"))
    return render(request, "partners/webs/compare.html", context, status=status)
