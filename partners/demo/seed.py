"""Demo partners for seed_demo: about 25 community partners of the Riverland ecosystem,
spread over every stage and phase, with their logs, harvests, health checks and
reflections; the whole garden's reflection; and the ecosystem's progress record. All
fictional."""

from __future__ import annotations

from ecosystem.models import Ecosystem, Role, User

from ..models import Partner
from ..progress.demo import seed_progress_record
from .documents import seed_document
from .garden import seed_garden_reflection
from .records import seed_partner
from .specs import PARTNERS


def seed(ecosystem: Ecosystem, scale: int = 1) -> int:
    """Add the demo partners the ecosystem lacks; returns how many records were added."""
    leads: list[User | None] = list(
        User.objects.filter(
            memberships__ecosystem=ecosystem, memberships__role__gte=Role.EDITOR
        ).order_by("pk")
    ) or [None]
    created = 0
    for copy in range(1, scale + 1):
        for index, spec in enumerate(PARTNERS):
            name = spec.name if copy == 1 else f"{spec.name} {copy}"
            if Partner.objects.filter(ecosystem=ecosystem, name=name).exists():
                continue
            lead = leads[index % len(leads)]
            created += seed_partner(ecosystem, name, spec, index, lead)
            if copy == 1:  # rendering is slow; the benchmark copies go without
                created += seed_document(ecosystem, name, spec, lead)
    created += seed_garden_reflection(ecosystem, leads[0])
    return created + seed_progress_record(ecosystem, leads[0])
