"""The resource library: case studies, webinars, guides and news, by strand and topic.

Everyone sees the shipped library and their own ecosystem's resources; coordinators add,
change and remove their ecosystem's own. Shipped ones are never found for editing.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.downloads import csv_response, dated_filename
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role

from ..models import Resource, Strand
from ..models.instruments import visible_q
from ..resource_forms import ResourceFilter, ResourceForm
from .common import crumbs

PAGE_SIZE = 20


def _filtered(request: EcosystemRequest) -> ResourceFilter:
    # A shipped resource may be linked to an ecosystem's adapted strands too; show only
    # the strands this ecosystem sees, so no other ecosystem's wording shows through.
    strands = Strand.objects.filter(visible_q(request.ecosystem, "version__instrument__"))
    queryset = (
        Resource.objects.visible_to(request.ecosystem)
        .prefetch_related("topics", Prefetch("strands", queryset=strands))
        .order_by("-published_on", "title")
    )
    return ResourceFilter(request.GET, queryset=queryset, ecosystem=request.ecosystem)


def resource_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = page_of(request, filterset.qs, PAGE_SIZE)
    context = {"filter": filterset, "page": page, "crumbs": crumbs(request, _("Resource library"))}
    return render_list(request, "continuum/resource_list.html", context)


def resource_export(request: EcosystemRequest) -> HttpResponseBase:
    header = [
        _("Title"),
        _("Kind"),
        _("Published"),
        _("Where to find it"),
        _("Link"),
        _("Strands"),
        _("Topics"),
        _("Summary"),
    ]
    rows = (
        [
            resource.title,
            resource.get_kind_display(),
            resource.published_on,
            resource.source,
            resource.url,
            "; ".join(sorted({strand.name for strand in resource.strands.all()})),
            "; ".join(topic.name for topic in resource.topics.all()),
            resource.summary,
        ]
        for resource in _filtered(request).qs
    )
    return csv_response(dated_filename("resources", extension="csv"), header, rows)


def _own(request: EcosystemRequest, pk: int) -> Resource:
    return get_object_or_404(Resource.objects.for_ecosystem(request.ecosystem), pk=pk)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def resource_create(request: EcosystemRequest) -> HttpResponse:
    form = ResourceForm(
        request.POST or None,
        instance=Resource(ecosystem=request.ecosystem),
        ecosystem=request.ecosystem,
    )
    if request.method == "POST" and form.is_valid():
        resource = form.save_checked()
        messages.success(request, _("%(title)s was added to the library.") % {"title": resource})
        return redirect("continuum:resource_list", request.ecosystem.slug)
    return render(
        request,
        "continuum/resource_form.html",
        {"form": form, "crumbs": crumbs(request, _("Resource library"))},
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def resource_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    resource = _own(request, pk)
    form = ResourceForm(request.POST or None, instance=resource, ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, _("%(title)s was saved.") % {"title": resource})
        return redirect("continuum:resource_list", request.ecosystem.slug)
    return render(
        request,
        "continuum/resource_form.html",
        {"form": form, "resource": resource, "crumbs": crumbs(request, _("Resource library"))},
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def resource_delete(request: EcosystemRequest, pk: int) -> HttpResponse:
    resource = _own(request, pk)
    if request.method == "POST":
        resource.delete()
        messages.success(
            request, _("%(title)s was removed from the library.") % {"title": resource}
        )
        return redirect("continuum:resource_list", request.ecosystem.slug)
    return render(request, "continuum/resource_delete.html", {"resource": resource})
