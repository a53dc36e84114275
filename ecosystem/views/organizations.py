"""Participating organizations: list, export, roster PDF, and editing (editor and up)."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import EcosystemRequest, role_required
from ..crumbs import Crumb, trail
from ..downloads import csv_response, dated_filename, pdf_response
from ..forms import OrganizationFilter, OrganizationForm
from ..lists import page_of, render_list
from ..models import Organization, Role
from ..pdf import render_pdf
from ..validators import single_line

PAGE_SIZE = 25


def _filtered(request: EcosystemRequest) -> OrganizationFilter:
    queryset = (
        Organization.objects.for_ecosystem(request.ecosystem)
        .annotate(representative_count=Count("representatives"))
        .order_by("name")  # Meta.ordering does not apply to GROUP BY queries
    )
    return OrganizationFilter(request.GET, queryset=queryset)


def organization_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _filtered(request)
    context = {"filter": filterset, "page": page_of(request, filterset.qs, PAGE_SIZE)}
    return render_list(
        request,
        "ecosystem/organizations/list.html",
        context,
        fragment="ecosystem/organizations/_results.html",
    )


def organization_export(request: EcosystemRequest) -> HttpResponseBase:
    organizations = _filtered(request).qs.prefetch_related("representatives__user")
    header = [
        _("Name"),
        _("Kind"),
        _("City or town"),
        _("Website"),
        _("Contact person"),
        _("Contact email"),
        _("Contact phone"),
        _("Represented by"),
        _("Notes"),
    ]
    rows = (
        [
            org.name,
            org.get_kind_display(),
            org.city,
            org.website,
            org.contact_name,
            org.contact_email,
            org.contact_phone,
            "; ".join(str(member.user) for member in org.representatives.all()),
            org.notes,
        ]
        for org in organizations.iterator(chunk_size=500)
    )
    filename = dated_filename(request.ecosystem.slug, "organizations", extension="csv")
    return csv_response(filename, header, rows)


def organization_roster_pdf(request: EcosystemRequest) -> HttpResponse:
    organizations = list(_filtered(request).qs.prefetch_related("representatives__user"))
    context = {
        "title": _("Organization roster"),
        "groups": Organization.group_by_kind(organizations),
        "total": len(organizations),
        "filters": _describe_filters(request),
    }
    pdf = render_pdf("ecosystem/pdf/organization_roster.html", context, request=request)
    filename = dated_filename(request.ecosystem.slug, "organization-roster", extension="pdf")
    return pdf_response(pdf, filename)


def _describe_filters(request: EcosystemRequest) -> list[str]:
    """The list filters in words, for printed copies of a filtered list."""
    filters = []
    kind = request.GET.get("kind", "")
    if kind in Organization.Kind.values:
        filters.append(str(Organization.Kind(kind).label))
    if search := single_line(request.GET.get("q", "")):  # read as the search box reads it
        filters.append(_("matching “%(text)s”") % {"text": search})
    return filters


def _crumbs(
    request: EcosystemRequest, *steps: Crumb | None, current: str | Promise | None = None
) -> list[Crumb]:
    to_list = reverse("ecosystem:organization_list", args=[request.ecosystem.slug])
    return trail((_("Organizations"), to_list), *steps, current=current)


def organization_detail(request: EcosystemRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.for_ecosystem(request.ecosystem), pk=pk)
    representatives = organization.representatives.select_related("user")
    last_change = organization.history.select_related("history_user").first()
    return render(
        request,
        "ecosystem/organizations/detail.html",
        {
            "organization": organization,
            "representatives": representatives,
            "last_change": last_change,
            "crumbs": _crumbs(request, current=organization.name),
        },
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def organization_create(request: EcosystemRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid() and (organization := form.save_checked()):
        messages.success(request, _("%(name)s was added.") % {"name": organization.name})
        return redirect(organization)
    context = {"form": form, "crumbs": _crumbs(request, current=_("Add"))}
    return render(request, "ecosystem/organizations/form.html", context)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def organization_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.for_ecosystem(request.ecosystem), pk=pk)
    # The form edits a copy, so the page heading keeps the saved name while the user types.
    form = OrganizationForm(
        request.POST or None, instance=copy(organization), ecosystem=request.ecosystem
    )
    if request.method == "POST" and form.is_valid() and (saved := form.save_checked()):
        messages.success(request, _("Your changes to %(name)s were saved.") % {"name": saved.name})
        return redirect(saved)
    context = {
        "form": form,
        "organization": organization,
        "crumbs": _crumbs(
            request, (organization.name, organization.get_absolute_url()), current=_("Edit")
        ),
    }
    return render(request, "ecosystem/organizations/form.html", context)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def organization_delete(request: EcosystemRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.for_ecosystem(request.ecosystem), pk=pk)
    if request.method == "POST":
        organization.delete()
        messages.success(request, _("%(name)s was removed.") % {"name": organization.name})
        return redirect("ecosystem:organization_list", ecosystem_slug=request.ecosystem.slug)
    representatives = organization.representatives.select_related("user")
    return render(
        request,
        "ecosystem/organizations/delete.html",
        {"organization": organization, "representatives": representatives},
    )
