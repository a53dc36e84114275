"""The promotional one-pagers, printed with the ecosystem's own figures."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from ecosystem.access import EcosystemRequest
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.models import OnePager
from ecosystem.pdf import render_pdf

from ..reports.onepagers import TEMPLATE, default_onepager, onepager_context


def onepager_pdf(request: EcosystemRequest, slug: str) -> HttpResponse:
    """Any member may print them: they are made to be handed out."""
    if slug not in OnePager.Name.values:
        raise Http404("No such one-pager.")
    onepager = OnePager.objects.filter(slug=slug).first() or default_onepager(slug)
    pdf = render_pdf(TEMPLATE, onepager_context(request.ecosystem, onepager), request=request)
    return pdf_response(pdf, dated_filename(request.ecosystem.slug, slug, extension="pdf"))
