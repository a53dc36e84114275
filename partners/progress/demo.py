"""The demo's progress record: the worked example, its names linked to the demo's
organizations and partners."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ecosystem.models import Ecosystem, User

from ..models import ProgressEntry
from ..progress.example import example_entries


def seed_progress_record(ecosystem: Ecosystem, recorder: User | None) -> int:
    """The worked example as the ecosystem's own progress record (once: only into an
    empty record). Names the demo lacks are skipped rather than invented."""
    if ProgressEntry.objects.filter(ecosystem=ecosystem).exists():
        return 0
    today = timezone.localdate()
    organizations = {org.name: org for org in ecosystem.organizations.all()}
    partners = {partner.name: partner for partner in ecosystem.partners.all()}
    entries = example_entries()
    for raw in entries:
        entry = ProgressEntry.objects.create(
            ecosystem=ecosystem,
            date=today - timedelta(days=raw["days_ago"]),
            strand_code=raw["strand_code"],
            indicator_code=raw["indicator_code"],
            activity=raw["activity"],
            outcome=raw["outcome"],
            evidence=raw["evidence"],
            next_step=raw["next_step"],
            recorded_by=recorder,
        )
        entry.organizations.set(
            [organizations[name] for name in raw["organizations"] if name in organizations]
        )
        entry.partners.set([partners[name] for name in raw["partners"] if name in partners])
    return len(entries)
