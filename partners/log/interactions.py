"""A partner's interactions: the last contact, the next steps that are late, and an
interaction's history in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db import models
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from ecosystem.models import User

from ..models import Interaction, Partner


def overdue_q(prefix: str = "", today: date | None = None) -> Q:
    """Next steps past their due date and not done (``prefix`` reaches them through a
    relation, e.g. ``"interactions__"``); the same rule as ``overdue_next_steps()``."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}next_step_due__lt": today, f"{prefix}next_step_done": False}) & ~Q(
        **{f"{prefix}next_step": ""}
    )


@dataclass(frozen=True)
class ContactSummary:
    count: int
    last_contact: date | None
    days_since: int | None
    overdue_count: int
    oldest_overdue: date | None


def contact_summary(partner: Partner, today: date | None = None) -> ContactSummary:
    """One query: how many entries the log has, the last contact and the overdue steps."""
    today = today or timezone.localdate()
    late = overdue_q(today=today)
    stats = partner.interactions.order_by().aggregate(
        count=Count("pk"),
        last_contact=Max("date", filter=Q(date__lte=today)),
        overdue_count=Count("pk", filter=late),
        oldest_overdue=Min("next_step_due", filter=late),
    )
    last = stats["last_contact"]
    return ContactSummary(
        count=stats["count"],
        last_contact=last,
        days_since=(today - last).days if last else None,
        overdue_count=stats["overdue_count"],
        oldest_overdue=stats["oldest_overdue"],
    )


@dataclass(frozen=True)
class PartnerLog:
    entries: list[Interaction]
    contact: ContactSummary

    @property
    def has_more(self) -> bool:
        return self.contact.count > len(self.entries)


# --- An interaction's history ----------------------------------------------------------------

HISTORY_FIELDS = [
    "date",
    "kind",
    "summary",
    "participants",
    "outcome",
    "next_step",
    "next_step_due",
    "next_step_done",
]


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: Any  # a datetime
    who: User | None
    created: bool
    changes: list[Change]
    # The oldest record kept is a change, not the creation (e.g. entries imported in bulk):
    # what it changed is unknown.
    untracked: bool = False


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return gettext("(empty)")
    if name == "kind":
        return str(Interaction.Kind(value).label) if value in Interaction.Kind.values else value
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, date):
        return date_format(value)
    return str(value)


def interaction_history(interaction: Interaction) -> list[HistoryEntry]:
    """Who changed what and when, newest first, in one query."""
    records = list(
        interaction.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = {
        name: str(cast("models.Field[Any, Any]", Interaction._meta.get_field(name)).verbose_name)
        for name in HISTORY_FIELDS
    }
    entries = []
    previous = None
    for record in records:
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=HISTORY_FIELDS)
            changes = [
                Change(
                    label=labels[change.field].capitalize(),
                    old=_shown(change.field, change.old),
                    new=_shown(change.field, change.new),
                )
                for change in sorted(delta.changes, key=lambda c: HISTORY_FIELDS.index(c.field))
            ]
        if previous is None or changes:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    created=record.history_type == "+",
                    changes=changes,
                    untracked=previous is None and record.history_type != "+",
                )
            )
        previous = record
    return entries[::-1]
