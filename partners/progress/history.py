"""An entry's history in words: which fields changed, from what to what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from .models import ProgressEntry
from .strands import ContinuumStrands


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
