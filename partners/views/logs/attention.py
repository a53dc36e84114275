"""The partners needing attention (quiet too long, next steps overdue, weak health
checks), as a page and as a CSV export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.downloads import csv_response, dated_filename

from ...log import attention
from ...log.attention import QUIET_DAYS, Attention
from ...log.forms import AttentionForm
from ...log.health import CHECK_MAX_AGE_DAYS


def _attention(request: EcosystemRequest) -> tuple[AttentionForm, list[Attention], int]:
    form = AttentionForm(request.GET or None, ecosystem=request.ecosystem)
    days, lead = form.settings() if request.GET else (QUIET_DAYS, None)
    return form, attention.needs_attention(request.ecosystem, quiet_days=days, lead=lead), days


def needs_attention(request: EcosystemRequest) -> HttpResponse:
    form, items, days = _attention(request)
    return render(
        request,
        "partners/logs/needs_attention.html",
        {
            "form": form,
            "items": items,
            "days": days,
            "check_max_age": CHECK_MAX_AGE_DAYS,
        },
    )


def needs_attention_export(request: EcosystemRequest) -> HttpResponseBase:
    _form, items, _days = _attention(request)
    header = [
        _("Partner"),
        _("Sector"),
        _("Stage"),
        _("Library lead"),
        _("Last contact"),
        _("Days since last contact"),
        _("Overdue next steps"),
        _("Oldest overdue since"),
        _("Last health check"),
        _("Rated “Not yet”"),
        _("Why it needs attention"),
    ]

    def rows() -> Iterator[list[Any]]:
        for item in items:
            partner = item.partner
            lead = partner.library_lead
            yield [
                partner.name,
                partner.get_sector_display(),
                partner.get_stage_display(),
                (lead.get_full_name() or lead.email) if lead else "",
                item.last_contact.isoformat() if item.last_contact else "",
                item.days_since_contact,
                item.overdue_count,
                item.oldest_overdue.isoformat() if item.oldest_overdue else "",
                item.check.date.isoformat() if item.check else "",
                "; ".join(item.weak),
                " ".join(reason.text for reason in item.reasons),
            ]

    filename = dated_filename(request.ecosystem.slug, "partners-needing-attention", extension="csv")
    return csv_response(filename, header, rows())
