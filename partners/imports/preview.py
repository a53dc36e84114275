"""What the preview of a pending import shows for each row."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst

from ..models import PartnerImport
from .checking import choice_value
from .columns import COLUMNS, partner_field
from .forms import CHOICES


@dataclass
class PreviewRow:
    line: int
    errors: list[str]
    raw: str = ""  # a line that did not parse, as it reads
    values: dict[str, str] = field(default_factory=dict)  # by column key, ready to show
    details: list[tuple[str, str]] = field(default_factory=list)  # the longer texts

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def contact(self) -> str:
        parts = [self.values.get(key, "") for key in CONTACT_KEYS]
        return ", ".join(part for part in parts if part)


CONTACT_KEYS = ("contact_name", "contact_role", "contact_email", "contact_phone")
DETAIL_KEYS = (
    "partner_needs",
    "library_interest",
    "interests",
    "expertise",
    "library_brings",
    "shared_goal",
)
DETAIL_LABELS = {key: capfirst(partner_field(key).verbose_name) for key in DETAIL_KEYS}


def _shown(key: str, value: str) -> str:
    """A choice as its label when it is one we know; anything else as typed."""
    choices = CHOICES.get(key)
    if choices is None or not value:
        return value
    known = choice_value(choices, value)
    return str(choices(known).label) if known in choices.values else value


def preview_rows(pending: PartnerImport) -> list[PreviewRow]:
    rows = []
    for stored in pending.rows:
        if "data" not in stored:
            rows.append(PreviewRow(stored["line"], stored["errors"], raw=stored.get("raw", "")))
            continue
        # What will be saved for a valid row (https:// added, "nonprofit" as Nonprofit…);
        # what was typed for the others.
        source = stored.get("cleaned") or stored["data"]
        values = {column.key: _shown(column.key, source.get(column.key, "")) for column in COLUMNS}
        details = [(str(DETAIL_LABELS[key]), values[key]) for key in DETAIL_KEYS if values[key]]
        rows.append(PreviewRow(stored["line"], stored["errors"], values=values, details=details))
    return rows
