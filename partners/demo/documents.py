"""A sample document for each written agreement, so the demo has something to open."""

from __future__ import annotations

from django.core.files.base import ContentFile

from ecosystem.models import Ecosystem, User
from ecosystem.pdf import render_pdf

from ..models import Formalization, Partner, PartnerDocument
from .specs import Spec

# Written agreements get a sample document, so the demo has something to open.
WRITTEN = (Formalization.LETTER, Formalization.MOU, Formalization.CONTRACT)


def seed_document(ecosystem: Ecosystem, name: str, spec: Spec, lead: User | None) -> int:
    if spec.formalization not in WRITTEN:
        return 0
    partner = Partner.objects.get(ecosystem=ecosystem, name=name)
    if partner.documents.exists():
        return 0
    kind = Formalization(spec.formalization)
    title = f"{kind.label}, signed {partner.created_at:%B %Y}"
    pdf = render_pdf(
        "partners/pdf/demo_agreement.html",
        {"ecosystem": ecosystem, "partner": partner, "kind": kind.label, "title": title},
    )
    document = PartnerDocument(
        partner=partner,
        kind=kind,
        title=title,
        content_type="application/pdf",
        size=len(pdf),
        original_name=f"{kind.value}.pdf",
        uploaded_by=lead,
    )
    document.file.save(f"{kind.value}.pdf", ContentFile(pdf), save=True)
    return 1
