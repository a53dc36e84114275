"""Value fact sheets: the list and its export, one sheet and its printable page, and
editing (editor and up)."""

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
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from ..factsheet import summarize, with_lines
from ..factsheet_forms import FactSheetFilter, FactSheetForm
from ..models import FactSheet, ValueCategory
from .common import factsheet_crumbs

PAGE_SIZE = 25


def _sheets(request: EcosystemRequest) -> FactSheetFilter:
    queryset = with_lines(
        FactSheet.objects.for_ecosystem(request.ecosystem)
        .select_related("organization")
        .order_by("-year", "title", "pk")
    )
    years = list(
        FactSheet.objects.for_ecosystem(request.ecosystem)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return FactSheetFilter(request.GET, queryset=queryset, years=years)


def _get_sheet(request: EcosystemRequest, pk: int) -> FactSheet:
    return get_object_or_404(
        FactSheet.objects.for_ecosystem(request.ecosystem).select_related("organization"), pk=pk
    )


def factsheet_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _sheets(request)
    page = page_of(request, filterset.qs, PAGE_SIZE)
    rows = [(sheet, summarize(sheet, request.ecosystem)) for sheet in page]
    context = {"filter": filterset, "page": page, "rows": rows, "crumbs": factsheet_crumbs(request)}
    return render_list(
        request,
        "agendas/factsheets/list.html",
        context,
        fragment="agendas/factsheets/_results.html",
    )


def factsheet_export(request: EcosystemRequest) -> HttpResponseBase:
    categories = list(ValueCategory.objects.order_by("position", "name"))
    header = [
        _("Title"),
        _("Library"),
        _("Year"),
        _("Households served"),
        _("People served"),
        _("Annual budget"),
        _("Total value"),
        _("Value per household"),
        _("Value per person"),
        _("Return per dollar of budget"),
        *[_("%(use)s: how many") % {"use": category.name} for category in categories],
    ]

    def rows() -> Iterator[list[Any]]:
        for sheet in _sheets(request).qs.iterator(chunk_size=500):
            summary = summarize(sheet, request.ecosystem)
            counted = {line.category.pk: line.quantity for line in summary.lines}
            yield [
                sheet.title,
                sheet.organization.name if sheet.organization else "",
                sheet.year,
                sheet.households,
                sheet.population,
                sheet.budget,
                summary.total,
                summary.per_household,
                summary.per_person,
                summary.per_dollar,
                *[counted.get(category.pk, "") for category in categories],
            ]

    filename = dated_filename(request.ecosystem.slug, "value-fact-sheets", extension="csv")
    return csv_response(filename, header, rows())


def factsheet_detail(request: EcosystemRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet(request, pk)
    return render(
        request,
        "agendas/factsheets/detail.html",
        {
            "sheet": sheet,
            "summary": summarize(sheet, request.ecosystem),
            "crumbs": factsheet_crumbs(request, sheet=sheet),
        },
    )


def factsheet_pdf(request: EcosystemRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet(request, pk)
    context = {
        "title": sheet.title,
        "sheet": sheet,
        "summary": summarize(sheet, request.ecosystem),
        "records_date": timezone.localdate(),
    }
    pdf = render_pdf("agendas/pdf/factsheet.html", context, request=request)
    # The year, unless the title says it already; then the day it was printed.
    year = "" if str(sheet.year) in sheet.title else str(sheet.year)
    filename = dated_filename(sheet.title, year, extension="pdf")
    return pdf_response(pdf, filename)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def factsheet_create(request: EcosystemRequest) -> HttpResponse:
    form = FactSheetForm(request.POST or None, ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid() and (sheet := form.save_all()):
        messages.success(request, _("%(title)s was added.") % {"title": sheet.title})
        return redirect(
            "agendas:factsheet_detail", ecosystem_slug=request.ecosystem.slug, pk=sheet.pk
        )
    return render(
        request,
        "agendas/factsheets/form.html",
        {"form": form, "crumbs": factsheet_crumbs(request, _("New"))},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def factsheet_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet(request, pk)
    # The form edits a copy, so the page heading keeps the saved title while the user types.
    form = FactSheetForm(request.POST or None, instance=copy(sheet), ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid() and (saved := form.save_all()):
        messages.success(
            request, _("Your changes to %(title)s were saved.") % {"title": saved.title}
        )
        return redirect(
            "agendas:factsheet_detail", ecosystem_slug=request.ecosystem.slug, pk=saved.pk
        )
    return render(
        request,
        "agendas/factsheets/form.html",
        {"form": form, "sheet": sheet, "crumbs": factsheet_crumbs(request, _("Edit"), sheet)},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def factsheet_delete(request: EcosystemRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet(request, pk)
    if request.method == "POST":
        sheet.delete()
        messages.success(request, _("%(title)s was deleted.") % {"title": sheet.title})
        return redirect("agendas:factsheet_list", ecosystem_slug=request.ecosystem.slug)
    return render(
        request,
        "agendas/factsheets/delete.html",
        {"sheet": sheet, "crumbs": factsheet_crumbs(request, _("Delete"), sheet)},
    )
