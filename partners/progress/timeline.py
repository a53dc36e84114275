"""Progress entries as the timeline, the printed record and the worked example show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from ecosystem.models import Ecosystem, Organization

from ..models import Partner
from .models import ProgressEntry
from .strands import ContinuumStrands, IndicatorRef


@dataclass(frozen=True)
class Named:
    """An organization or partner an entry names, with its page when it has one."""

    name: str
    url: str = ""


@dataclass
class TimelineRow:
    date: date
    strand_code: str
    strand_name: str
    indicator_code: str
    indicator: IndicatorRef | None
    activity: str
    outcome: str
    evidence: str
    next_step: str
    organizations: list[Named] = field(default_factory=list)
    partners: list[Named] = field(default_factory=list)
    entry: ProgressEntry | None = None  # None for the worked example

    @property
    def indicator_label(self) -> str:
        if self.indicator:
            return self.indicator.label
        return self.indicator_code

    @property
    def names(self) -> list[Named]:
        return self.organizations + self.partners


@dataclass
class YearGroup:
    year: int
    rows: list[TimelineRow]


def with_relations(entries: QuerySet[ProgressEntry]) -> QuerySet[ProgressEntry]:
    """Entries with their organizations and partners, in two more queries however many."""
    return entries.prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.order_by("name", "pk"))
    ).prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name", "pk")))


def entry_row(entry: ProgressEntry, strands: ContinuumStrands, slug: str) -> TimelineRow:
    """One entry as the timeline shows it; ``slug`` (the entry's ecosystem) makes the
    organizations and partners links to their pages."""
    return TimelineRow(
        date=entry.date,
        strand_code=entry.strand_code,
        strand_name=strands.strand_name(entry.strand_code),
        indicator_code=entry.indicator_code,
        indicator=strands.indicator(entry.indicator_code) if entry.indicator_code else None,
        activity=entry.activity,
        outcome=entry.outcome,
        evidence=entry.evidence,
        next_step=entry.next_step,
        organizations=[
            Named(organization.name, _organization_url(slug, organization.pk))
            for organization in entry.organizations.all()
        ],
        partners=[
            Named(partner.name, _partner_url(slug, partner.pk)) for partner in entry.partners.all()
        ],
        entry=entry,
    )


def _organization_url(slug: str, pk: int) -> str:
    return reverse("ecosystem:organization_detail", kwargs={"ecosystem_slug": slug, "pk": pk})


def _partner_url(slug: str, pk: int) -> str:
    return reverse("partners:partner_detail", kwargs={"ecosystem_slug": slug, "pk": pk})


def by_year(rows: Iterable[TimelineRow]) -> list[YearGroup]:
    """Rows (already newest first) under a heading per year."""
    return [YearGroup(year, list(group)) for year, group in groupby(rows, lambda r: r.date.year)]


def timeline(
    entries: Iterable[ProgressEntry], strands: ContinuumStrands, ecosystem: Ecosystem
) -> list[YearGroup]:
    """The entries (newest first, relations prefetched) grouped by year."""
    return by_year(entry_row(entry, strands, ecosystem.slug) for entry in entries)


def indicators_named(years: Iterable[YearGroup], strands: ContinuumStrands) -> list[IndicatorRef]:
    """The Continuum indicators the rows name, each once, in the Continuum's order."""
    named = {row.indicator_code for group in years for row in group.rows}
    return [
        indicator
        for strand in strands
        for indicator in strand.indicators
        if indicator.code in named
    ]


def describe_entry(entry: ProgressEntry) -> str:
    """A short name for an entry, for headings and messages."""
    text = " ".join(entry.activity.split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"
