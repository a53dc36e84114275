"""Assessment of Ecosystem Progress: closed rounds side by side, and the trend."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.pdf import render_pdf

from ..charts import Scale, trend_lines
from ..forms import ProgressForm
from ..results import Progress, compare


def trend_chart(progress: Progress) -> str:
    levels = progress.results[-1].levels
    return trend_lines(
        [(row.label, row.values) for row in progress.strands],
        [round.period for round in progress.rounds],
        Scale([level.value for level in levels], [level.label for level in levels]),
        title=_("Strand ratings over time"),
    )


def _context(request: EcosystemRequest) -> dict[str, object]:
    form = ProgressForm(request.GET or None, ecosystem=request.ecosystem)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        progress = compare(form.cleaned_data["rounds"])
        context.update(progress=progress, chart=trend_chart(progress))
    return context


def progress(request: EcosystemRequest) -> HttpResponse:
    return render(request, "continuum/progress.html", _context(request))


def progress_pdf(request: EcosystemRequest) -> HttpResponse:
    context = _context(request)
    if "progress" not in context:
        return render(request, "continuum/progress.html", context, status=400)
    context["title"] = _("Assessment of Ecosystem Progress")
    pdf = render_pdf("continuum/pdf/progress.html", context, request=request)
    return pdf_response(pdf, dated_filename(request.ecosystem.slug, "progress", extension="pdf"))
