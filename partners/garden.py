"""The whole-garden reflection: once a year the ecosystem looks at all its partnerships
together. Two of its questions are answered by the data first (how many partners each
lead tends, which sectors have no active partner), so people write beside the facts.

Each figure costs one query, whatever the number of partners.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from ecosystem.models import Ecosystem

from .models import Partner, Sector


@dataclass(frozen=True)
class LeadLoad:
    name: str  # the lead's name, or empty for the partners nobody leads
    partners: int


@dataclass(frozen=True)
class Gardeners:
    """Active partners per library lead: are there enough gardeners for the garden?"""

    loads: list[LeadLoad]  # the leads, most partners first; then nobody's, if any
    unled: int

    @property
    def leads(self) -> int:
        return sum(1 for load in self.loads if load.name)

    @property
    def partners(self) -> int:
        return sum(load.partners for load in self.loads)

    @property
    def per_lead(self) -> float:
        """Active partners per lead, to one decimal (every partner counted, led or not:
        the ones nobody leads are the ones that need a gardener)."""
        return round(self.partners / self.leads, 1) if self.leads else 0.0


def gardeners(ecosystem: Ecosystem) -> Gardeners:
    rows = (
        Partner.objects.for_ecosystem(ecosystem)
        .active()
        .order_by()
        .values("library_lead", "library_lead__full_name", "library_lead__email")
        .annotate(count=Count("pk"))
    )
    loads, unled = [], 0
    for row in rows:
        if row["library_lead"] is None:
            unled = row["count"]
        else:
            name = row["library_lead__full_name"] or row["library_lead__email"]
            loads.append(LeadLoad(name=name, partners=row["count"]))
    loads.sort(key=lambda load: (-load.partners, load.name.casefold()))
    if unled:
        loads.append(LeadLoad(name="", partners=unled))
    return Gardeners(loads=loads, unled=unled)


def missing_sectors(ecosystem: Ecosystem) -> list[Sector]:
    """The sectors with no active partner, in the sectors' order ("Other" is no gap)."""
    present = set(
        Partner.objects.for_ecosystem(ecosystem)
        .active()
        .order_by()
        .values_list("sector", flat=True)
        .distinct()
    )
    return [sector for sector in Sector if sector not in present and sector != Sector.OTHER]


def facts(ecosystem: Ecosystem) -> dict[str, object]:
    """What the questions show beside them: two queries."""
    return {"gardeners": gardeners(ecosystem), "missing_sectors": missing_sectors(ecosystem)}
