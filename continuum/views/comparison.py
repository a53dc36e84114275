"""Assessment of Ecosystem Progress (the comparison of rounds): closed rounds side by side, and
the trend."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.pdf import render_pdf

from ..charts import trend_chart
from ..comparison import compare
from ..forms import ComparisonForm
from .common import crumbs


def _context(request: EcosystemRequest) -> dict[str, object]:
    form = ComparisonForm(request.GET or None, ecosystem=request.ecosystem)
    context: dict[str, object] = {"form": form, "crumbs": crumbs(request, _("Progress"))}
    if form.is_bound and form.is_valid():
        comparison = compare(form.cleaned_data["rounds"])
        context.update(comparison=comparison, chart=trend_chart(comparison))
    return context


def comparison(request: EcosystemRequest) -> HttpResponse:
    return render(request, "continuum/comparison.html", _context(request))


def comparison_pdf(request: EcosystemRequest) -> HttpResponse:
    context = _context(request)
    if "comparison" not in context:
        return render(request, "continuum/comparison.html", context, status=400)
    context["title"] = _("Assessment of Ecosystem Progress")
    pdf = render_pdf("continuum/pdf/comparison.html", context, request=request)
    return pdf_response(pdf, dated_filename(request.ecosystem.slug, "progress", extension="pdf"))
