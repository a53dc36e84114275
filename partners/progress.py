"""Recording Progress Towards a Library Ecosystem: the ecosystem's own record of the steps
it took, each tagged with the Ecosystem Continuum strand (and, if it fits, the indicator)
it strengthens.

The strands and indicators come from the latest published version of the Continuum, read
once per request (``continuum_strands()``). Entries keep plain codes, so they survive a new
edition of the rubric; a code the latest edition no longer has is shown as it is.

The toolkit's worked example ships as content (``content/progress-example.json``) and is
read with ``example_entries()``: the example page shows it, and the demo loads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any, TypedDict

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from continuum.models import Indicator, InstrumentVersion, Strand
from ecosystem.models import Ecosystem, Organization

from .models import Partner, ProgressEntry

CONTINUUM = "ecosystem-continuum"
EXAMPLE_FILE = Path(__file__).resolve().parent / "content" / "progress-example.json"
EXAMPLE_FORMAT = "workbench-progress-example"


# --- The Continuum's strands and indicators ---------------------------------------------------


@dataclass(frozen=True)
class IndicatorRef:
    code: str
    statement: str
    strand_code: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.statement}"


@dataclass(frozen=True)
class StrandRef:
    code: str
    name: str
    description: str = ""
    indicators: tuple[IndicatorRef, ...] = ()


class ContinuumStrands:
    """The strands of the latest published Ecosystem Continuum, with their indicators."""

    def __init__(self, strands: Sequence[StrandRef]) -> None:
        self.strands = list(strands)
        self._strands = {strand.code: strand for strand in self.strands}
        self._indicators = {
            indicator.code: indicator for strand in self.strands for indicator in strand.indicators
        }

    def __iter__(self) -> Any:
        return iter(self.strands)

    def __bool__(self) -> bool:
        return bool(self.strands)

    def strand(self, code: str) -> StrandRef | None:
        return self._strands.get(code)

    def indicator(self, code: str) -> IndicatorRef | None:
        return self._indicators.get(code)

    def strand_name(self, code: str) -> str:
        """The strand's name; a code the latest Continuum no longer has, as it is."""
        strand = self._strands.get(code)
        return strand.name if strand else code

    def strand_choices(self) -> list[tuple[str, str]]:
        return [(strand.code, strand.name) for strand in self.strands]

    def indicator_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The indicators grouped by strand, for a select with an ``<optgroup>`` per strand."""
        return [
            (strand.name, [(indicator.code, indicator.label) for indicator in strand.indicators])
            for strand in self.strands
            if strand.indicators
        ]


def latest_continuum() -> InstrumentVersion | None:
    return (
        InstrumentVersion.objects.published()
        .filter(instrument__slug=CONTINUUM)
        .order_by("-number")
        .first()
    )


def continuum_strands() -> ContinuumStrands:
    """The Continuum's strands for the record, in three queries (none without a Continuum)."""
    version = latest_continuum()
    if version is None:
        return ContinuumStrands([])
    strands = Strand.objects.filter(version=version).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
    )
    return ContinuumStrands(
        [
            StrandRef(
                code=strand.code,
                name=strand.name,
                description=strand.description,
                indicators=tuple(
                    IndicatorRef(indicator.code, indicator.statement, strand.code)
                    for indicator in strand.indicators.all()
                ),
            )
            for strand in strands.order_by("position", "pk")
        ]
    )


def strand_choices() -> list[tuple[str, str]]:
    """The strands a progress entry can be tagged with: the Ecosystem Continuum's only (the
    checklists share the strand codes but are not what the record tracks)."""
    return continuum_strands().strand_choices()


# --- Entries as the timeline, the PDF and the example show them -----------------------------


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


# --- The worked example --------------------------------------------------------------------


class ExampleEntry(TypedDict):
    days_ago: int
    strand_code: str
    indicator_code: str
    activity: str
    outcome: str
    evidence: str
    next_step: str
    organizations: list[str]
    partners: list[str]


class ExampleError(ValueError):
    """The shipped example does not have the expected shape."""


TEXT_KEYS = ("strand", "indicator", "activity", "outcome", "evidence", "next_step")


@cache
def _example_document() -> dict[str, Any]:
    document = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
    _validate_example(document)
    return document


def _validate_example(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != EXAMPLE_FORMAT:
        raise ExampleError(f"{EXAMPLE_FILE.name}: not a {EXAMPLE_FORMAT} document")
    if not isinstance(document.get("ecosystem"), str) or not document["ecosystem"].strip():
        raise ExampleError(f"{EXAMPLE_FILE.name}: the example names no ecosystem")
    entries = document.get("entries")
    if not isinstance(entries, list) or not entries:
        raise ExampleError(f"{EXAMPLE_FILE.name}: no entries")
    for number, entry in enumerate(entries, start=1):
        where = f"{EXAMPLE_FILE.name}, entry {number}"
        if not isinstance(entry, dict):
            raise ExampleError(f"{where}: not an object")
        unknown = set(entry) - {*TEXT_KEYS, "days_ago", "organizations", "partners"}
        if unknown:
            raise ExampleError(f"{where}: unknown keys {sorted(unknown)}")
        days = entry.get("days_ago")
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise ExampleError(f"{where}: days_ago must be a whole number of days, 0 or more")
        for key in TEXT_KEYS:
            if not isinstance(entry.get(key, ""), str):
                raise ExampleError(f"{where}: {key} must be text")
        for key in ("strand", "activity"):
            if not entry.get(key, "").strip():
                raise ExampleError(f"{where}: {key} is required")
        for key in ("organizations", "partners"):
            names = entry.get(key, [])
            if not isinstance(names, list) or not all(
                isinstance(name, str) and name.strip() for name in names
            ):
                raise ExampleError(f"{where}: {key} must be a list of names")


def example_ecosystem() -> str:
    """The name of the fictional ecosystem whose record the example is."""
    return str(_example_document()["ecosystem"])


def example_entries() -> list[ExampleEntry]:
    """The worked example's entries, oldest first, as plain dicts: dates as ``days_ago``
    (counted back from the day they are used), organizations and partners by name.
    Each call returns fresh copies, so callers may change them."""
    entries: list[ExampleEntry] = [
        {
            "days_ago": raw["days_ago"],
            "strand_code": raw["strand"],
            "indicator_code": raw.get("indicator", ""),
            "activity": raw["activity"],
            "outcome": raw.get("outcome", ""),
            "evidence": raw.get("evidence", ""),
            "next_step": raw.get("next_step", ""),
            "organizations": list(raw.get("organizations", [])),
            "partners": list(raw.get("partners", [])),
        }
        for raw in _example_document()["entries"]
    ]
    return sorted(entries, key=lambda entry: -entry["days_ago"])


def example_timeline(strands: ContinuumStrands, today: date) -> list[YearGroup]:
    """The example as the timeline shows a record: newest first, grouped by year."""
    rows = [
        TimelineRow(
            date=today - timedelta(days=entry["days_ago"]),
            strand_code=entry["strand_code"],
            strand_name=strands.strand_name(entry["strand_code"]),
            indicator_code=entry["indicator_code"],
            indicator=strands.indicator(entry["indicator_code"]),
            activity=entry["activity"],
            outcome=entry["outcome"],
            evidence=entry["evidence"],
            next_step=entry["next_step"],
            organizations=[Named(name) for name in entry["organizations"]],
            partners=[Named(name) for name in entry["partners"]],
        )
        for entry in reversed(example_entries())
    ]
    return by_year(rows)


# --- Describing an entry's history ---------------------------------------------------------


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryStep:
    when: Any
    who: str
    code: str  # simple_history's "+", "~" or "-"
    kind: str
    changes: list[Change]


HISTORY_FIELDS = [
    "date",
    "strand_code",
    "indicator_code",
    "activity",
    "outcome",
    "evidence",
    "next_step",
]


def entry_history(entry: ProgressEntry, strands: ContinuumStrands) -> list[HistoryStep]:
    """Every saved version of the entry, newest first, with what changed in words (the
    organizations and partners are not kept in the history)."""
    records = list(entry.history.select_related("history_user").order_by("history_date", "pk"))
    labels = {
        name: str(getattr(ProgressEntry._meta.get_field(name), "verbose_name", name))
        for name in HISTORY_FIELDS
    }
    steps: list[HistoryStep] = []
    previous = None
    for record in records:
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=HISTORY_FIELDS)
            for change in delta.changes:
                changes.append(
                    Change(
                        labels[change.field],
                        _history_value(change.field, change.old, strands),
                        _history_value(change.field, change.new, strands),
                    )
                )
        user = record.history_user
        steps.append(
            HistoryStep(
                when=record.history_date,
                who=user.get_full_name() if user else "",
                code=record.history_type,
                kind={"+": _("Added"), "~": _("Changed"), "-": _("Deleted")}.get(
                    record.history_type, record.history_type
                ),
                changes=changes,
            )
        )
        previous = record
    return list(reversed(steps))


def _history_value(name: str, value: Any, strands: ContinuumStrands) -> str:
    if value in (None, ""):
        return ""
    if name == "strand_code":
        return strands.strand_name(str(value))
    if name == "indicator_code":
        indicator = strands.indicator(str(value))
        return indicator.label if indicator else str(value)
    if isinstance(value, date):
        return formats.date_format(value)
    return str(value)
