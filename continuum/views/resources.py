"""The resource library: case studies, webinars, guides and news, by strand and topic."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.downloads import csv_response, dated_filename

from ..forms import ResourceFilter
from ..models import Resource

PAGE_SIZE = 20


def _filtered(request: EcosystemRequest) -> ResourceFilter:
    queryset = Resource.objects.prefetch_related("topics", "strands").order_by(
        "-published_on", "title"
    )
    return ResourceFilter(request.GET, queryset=queryset)


def resource_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "continuum/resource_list.html", {"filter": filterset, "page": page})


def resource_export(request: EcosystemRequest) -> HttpResponseBase:
    header = [
        _("Title"),
        _("Kind"),
        _("Published"),
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
            resource.url,
            "; ".join(sorted({strand.name for strand in resource.strands.all()})),
            "; ".join(topic.name for topic in resource.topics.all()),
            resource.summary,
        ]
        for resource in _filtered(request).qs
    )
    return csv_response(dated_filename("resources", extension="csv"), header, rows)
