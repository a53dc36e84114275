"""Recording Progress Towards a Library Ecosystem: the timeline and its exports (everyone),
one entry with its history, the worked example and the blank template; adding, changing
and deleting entries (editors and up)."""

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
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.autosave import autosave_refused, autosaved
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from ..views.crumbs import progress_crumbs
from .example import example_ecosystem, example_timeline
from .forms import ProgressEntryForm, ProgressFilter
from .history import entry_history
from .models import ProgressEntry
from .strands import ContinuumStrands, continuum_strands
from .timeline import describe_entry, entry_row, indicators_named, timeline, with_relations

PAGE_SIZE = 25
# Empty rows on the blank template: enough for a meeting's worth of steps.
BLANK_ROWS = 11


def _entries(request: EcosystemRequest) -> Any:
    return ProgressEntry.objects.for_ecosystem(request.ecosystem)


def _filtered(request: EcosystemRequest, strands: ContinuumStrands) -> ProgressFilter:
    years = [day.year for day in _entries(request).dates("date", "year", order="DESC")]
    queryset = _entries(request).order_by("-date", "-pk")
    return ProgressFilter(request.GET, queryset=queryset, strands=strands, years=years)


def _get_entry(request: EcosystemRequest, pk: int) -> ProgressEntry:
    entry: ProgressEntry = get_object_or_404(_entries(request), pk=pk)
    return entry


def _list_url(request: EcosystemRequest) -> HttpResponse:
    return redirect("partners:progress_list", ecosystem_slug=request.ecosystem.slug)


# --- The timeline and its exports -------------------------------------------------------------


def progress_list(request: EcosystemRequest) -> HttpResponse:
    strands = continuum_strands()
    filterset = _filtered(request, strands)
    page = page_of(request, with_relations(filterset.qs), PAGE_SIZE)
    counts = filterset.strand_counts()
    context = {
        "filter": filterset,
        "page": page,
        "years": timeline(page, strands, request.ecosystem),
        "strand_counts": [
            (strand, counts.get(strand.code, 0)) for strand in strands if counts.get(strand.code)
        ],
        "chosen_strand": filterset.form.data.get("strand", ""),
        "crumbs": progress_crumbs(request),
    }
    return render_list(
        request, "partners/progress/list.html", context, fragment="partners/progress/_results.html"
    )


def progress_export(request: EcosystemRequest) -> HttpResponseBase:
    strands = continuum_strands()
    header = [
        _("Date"),
        _("Strand"),
        _("Indicator code"),
        _("Indicator"),
        _("Activity"),
        _("Outcome"),
        _("Evidence"),
        _("Next step"),
        _("Organizations"),
        _("Partners"),
    ]
    queryset = with_relations(_filtered(request, strands).qs)

    def rows() -> Iterator[list[Any]]:
        for entry in queryset.iterator(chunk_size=500):
            indicator = strands.indicator(entry.indicator_code)
            yield [
                entry.date,
                strands.strand_name(entry.strand_code),
                entry.indicator_code,
                indicator.statement if indicator else "",
                entry.activity,
                entry.outcome,
                entry.evidence,
                entry.next_step,
                "; ".join(organization.name for organization in entry.organizations.all()),
                "; ".join(partner.name for partner in entry.partners.all()),
            ]

    filename = dated_filename(request.ecosystem.slug, "progress-record", extension="csv")
    return csv_response(filename, header, rows())


def progress_pdf(request: EcosystemRequest) -> HttpResponse:
    strands = continuum_strands()
    filterset = _filtered(request, strands)
    entries = list(with_relations(filterset.qs))
    years = timeline(entries, strands, request.ecosystem)
    context = {
        "title": _("Recording progress towards a library ecosystem"),
        "years": years,
        # The table names indicators by code; their statements follow, once each.
        "indicators": indicators_named(years, strands),
        "total": len(entries),
        "filters": filterset.describe(),
    }
    pdf = render_pdf("partners/pdf/progress.html", context, request=request)
    filename = dated_filename(request.ecosystem.slug, "progress-record", extension="pdf")
    return pdf_response(pdf, filename)


def progress_template_pdf(request: EcosystemRequest) -> HttpResponse:
    context = {
        "title": _("Recording progress towards a library ecosystem: template"),
        "strands": continuum_strands(),
        "blank_rows": range(BLANK_ROWS),
    }
    pdf = render_pdf("partners/pdf/progress_template.html", context, request=request)
    return pdf_response(pdf, "progress-record-template.pdf")


def progress_example(request: EcosystemRequest) -> HttpResponse:
    strands = continuum_strands()
    context = {
        "example_ecosystem": example_ecosystem(),
        "years": example_timeline(strands, timezone.localdate()),
        "strands": strands,
        "crumbs": progress_crumbs(request, _("Worked example")),
    }
    return render(request, "partners/progress/example.html", context)


# --- One entry -------------------------------------------------------------------------------


def progress_detail(request: EcosystemRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(with_relations(_entries(request)), pk=pk)
    strands = continuum_strands()
    context = {
        "entry": entry,
        "entry_name": describe_entry(entry),
        "row": entry_row(entry, strands, request.ecosystem.slug),
        "history": entry_history(entry, strands),
        "crumbs": progress_crumbs(request, entry=entry, entry_name=describe_entry(entry)),
    }
    return render(request, "partners/progress/detail.html", context)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def progress_create(request: EcosystemRequest) -> HttpResponse:
    form = ProgressEntryForm(
        request.POST or None,
        ecosystem=request.ecosystem,
        strands=continuum_strands(),
        user=request.user,
        initial={"strand_code": request.GET.get("strand", "")},
    )
    if request.method == "POST" and form.is_valid() and (entry := form.save_checked()):
        messages.success(
            request, _("“%(entry)s” was added to the record.") % {"entry": describe_entry(entry)}
        )
        return _list_url(request)
    context = {"form": form, "crumbs": progress_crumbs(request, _("Record a step"))}
    return render(request, "partners/progress/form.html", context)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def progress_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    entry = _get_entry(request, pk)
    # The form edits a copy, so the page heading keeps the saved words while the user types.
    form = ProgressEntryForm(
        request.POST or None,
        instance=copy(entry),
        ecosystem=request.ecosystem,
        strands=continuum_strands(),
        user=request.user,
    )
    if request.method == "POST":
        if form.is_valid() and (saved := form.save_checked()):
            if request.htmx:
                return autosaved(request, saved)
            messages.success(
                request,
                _("Your changes to “%(entry)s” were saved.") % {"entry": describe_entry(saved)},
            )
            return redirect(
                "partners:progress_detail", ecosystem_slug=request.ecosystem.slug, pk=saved.pk
            )
        if request.htmx:
            return autosave_refused(request, form)
    name = describe_entry(entry)
    context = {
        "form": form,
        "entry": entry,
        "entry_name": name,
        "crumbs": progress_crumbs(request, _("Edit"), entry, name),
    }
    return render(request, "partners/progress/form.html", context)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def progress_delete(request: EcosystemRequest, pk: int) -> HttpResponse:
    entry = _get_entry(request, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(
            request,
            _("“%(entry)s” was deleted from the record.") % {"entry": describe_entry(entry)},
        )
        return _list_url(request)
    return render(
        request,
        "partners/progress/delete.html",
        {
            "entry": entry,
            "entry_name": describe_entry(entry),
            "crumbs": progress_crumbs(request, _("Delete"), entry, describe_entry(entry)),
        },
    )
