"""What partnerships yielded: totals, the ecosystem's harvest list and what reports share."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from ecosystem.models import Ecosystem

from ..models import Harvest


@dataclass(frozen=True)
class HarvestTotals:
    count: int
    people_reached: int
    sessions_held: int
    dollars_raised: Decimal


def harvest_totals(harvests: QuerySet[Harvest]) -> HarvestTotals:
    """The sums over ``harvests`` (empty figures count as nothing), in one query."""
    sums = harvests.order_by().aggregate(
        count=Count("pk"),
        people=Sum("people_reached"),
        sessions=Sum("sessions_held"),
        dollars=Sum("dollars_raised"),
    )
    return HarvestTotals(
        count=sums["count"],
        people_reached=sums["people"] or 0,
        sessions_held=sums["sessions"] or 0,
        dollars_raised=sums["dollars"] or Decimal("0"),
    )


def harvests_of(ecosystem: Ecosystem) -> QuerySet[Harvest]:
    """Every harvest of the ecosystem's partners, newest first, with its partner."""
    return (
        Harvest.objects.filter(partner__ecosystem=ecosystem)
        .select_related("partner")
        .order_by("-date", "-pk")
    )


def shared_harvests(ecosystem: Ecosystem, year: int | None = None) -> QuerySet[Harvest]:
    """The harvests the ecosystem chose to share in reports and advocacy materials, newest
    first, optionally from one year: what the coordinator's report draws from."""
    harvests = harvests_of(ecosystem).filter(share_in_reports=True)
    if year is not None:
        harvests = harvests.filter(date__year=year)
    return harvests


def harvest_years(ecosystem: Ecosystem) -> list[int]:
    dates = (
        Harvest.objects.filter(partner__ecosystem=ecosystem)
        .dates("date", "year", order="DESC")
        .distinct()
    )
    return [day.year for day in dates]


@dataclass(frozen=True)
class PartnerHarvest:
    entries: list[Harvest]
    totals: HarvestTotals

    @property
    def has_more(self) -> bool:
        return self.totals.count > len(self.entries)
