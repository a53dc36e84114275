"""A partnership's yearly reflections, as the partner page shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from ..models import Partner, Reflection


@dataclass(frozen=True)
class PartnerReflections:
    entries: list[Reflection]
    this_year: int
    # Shown when the latest reflection decided to let go and the partnership still runs.
    suggest_ending: bool = False

    @property
    def has_this_year(self) -> bool:
        return any(reflection.year == self.this_year for reflection in self.entries)


def reflection_section(partner: Partner) -> PartnerReflections:
    entries = list(partner.reflections.select_related("written_by").order_by("-year"))
    latest = entries[0] if entries else None
    return PartnerReflections(
        entries=entries,
        this_year=timezone.localdate().year,
        suggest_ending=bool(
            latest
            and latest.decision == Reflection.Decision.LET_GO
            and partner.status != Partner.Status.ENDED
        ),
    )
