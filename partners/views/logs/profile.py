"""The partner profile PDF: the partner with its log, harvests, health and reflections."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.pdf import render_pdf

from ...log.partner_page import profile_context
from .common import get_partner


def partner_pdf(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    context = {
        "title": _("Partner profile: %(name)s") % {"name": partner.name},
        **profile_context(partner),
    }
    pdf = render_pdf("partners/pdf/profile.html", context, request=request)
    return pdf_response(pdf, dated_filename(partner.name, "profile", extension="pdf"))
