"""The log, harvest, health and reflection sections of the partner page and the profile PDF.

Everything here costs a fixed number of queries, whatever the length of a log: sections
read a bounded slice plus one aggregate.
"""

from __future__ import annotations

from typing import Any

from ..models import Partner
from .harvests import PartnerHarvest, harvest_totals
from .health import health_section
from .interactions import PartnerLog, contact_summary
from .reflections import reflection_section

RECENT = 10  # entries of the log and of the harvest shown on the partner page


def detail_context(partner: Partner) -> dict[str, Any]:
    """What the log, harvest, health and reflection partials need, in a fixed number of
    queries (six) whatever the log's length."""
    contact = contact_summary(partner)
    return {
        "partner_log": PartnerLog(
            entries=list(partner.interactions.select_related("recorded_by")[:RECENT]),
            contact=contact,
        ),
        "partner_harvest": PartnerHarvest(
            entries=list(partner.harvests.all()[:RECENT]),
            totals=harvest_totals(partner.harvests.all()),
        ),
        "partner_health": health_section(partner, contact),
        "partner_reflections": reflection_section(partner),
    }


def profile_context(partner: Partner) -> dict[str, Any]:
    """Everything the partner profile PDF prints: the whole log and harvest, the latest
    health check and every reflection, in a fixed number of queries."""
    contact = contact_summary(partner)
    return {
        "partner": partner,
        "contacts": list(partner.contacts.all()),
        "documents": list(partner.documents.order_by("-uploaded_at")),
        "interactions": list(partner.interactions.select_related("recorded_by")),
        "contact": contact,
        "harvests": list(partner.harvests.all()),
        "totals": harvest_totals(partner.harvests.all()),
        "health": health_section(partner, contact),
        "reflections": reflection_section(partner).entries,
    }
