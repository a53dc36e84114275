"""The toolkit's worked example: it ships as content (``content/progress-example.json``) and
is read with ``example_entries()``; the example page shows it, and the demo loads it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

from .strands import ContinuumStrands
from .timeline import Named, TimelineRow, YearGroup, by_year

EXAMPLE_FILE = Path(__file__).resolve().parents[1] / "content" / "progress-example.json"
EXAMPLE_FORMAT = "workbench-progress-example"


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
    document: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
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
