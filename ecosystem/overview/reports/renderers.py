"""Which renderer makes the PDF of each kind of job. The job runner looks a job's kind up
here; the renderers know nothing of jobs."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from ecosystem.models import ReportJob
from ecosystem.pdf import RenderedPDF

from .kit import render_kit_document
from .rendering import Advance
from .report import render_report

Renderer = Callable[[ReportJob, Advance], RenderedPDF]


def kit(job: ReportJob, advance: Advance) -> RenderedPDF:
    advance(20, _("Laying out every worksheet"))
    return render_kit_document(job.ecosystem)


def report(job: ReportJob, advance: Advance) -> RenderedPDF:
    return render_report(job.ecosystem, job.options, advance)


RENDERERS: dict[str, Renderer] = {
    ReportJob.Kind.KIT: kit,
    ReportJob.Kind.REPORT: report,
}
