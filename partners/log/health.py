"""Partnership health: the four elements of lasting partnerships, compared with the check
before, and when a check is too old to say how things are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import HEALTH_ELEMENTS, HealthCheck, Partner, Rating
from .interactions import ContactSummary

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CHECK_MAX_AGE_DAYS = 365  # a health check older than this no longer says how things are


HEALTH_FIELDS = [name for name, _label in HEALTH_ELEMENTS]

# What each element of a healthy partnership means (the facts are seed 003's).
HEALTH_EXPLANATIONS: dict[str, StrOrPromise] = {
    "interests": _(
        "Both sides get something they care about out of the work, not only the library."
    ),
    "adaptability": _(
        "You planned from the start how the work can bend when things change, and how it "
        "carries on when money or people move on."
    ),
    "communication": _("You talk often, check together how it is going, and adjust along the way."),
    "ownership": _(
        "People in the community help shape and run the work, so it belongs to them too."
    ),
}


@dataclass(frozen=True)
class ElementHealth:
    """One element of a health check, next to how it was rated the time before."""

    name: str
    label: str
    explanation: str
    rating: int
    previous: int | None

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label)

    @property
    def previous_label(self) -> str:
        return str(Rating(self.previous).label) if self.previous else ""

    @property
    def trend(self) -> str:
        """ "first", "up", "down" or "same": templates say it in words."""
        if self.previous is None:
            return "first"
        if self.rating > self.previous:
            return "up"
        if self.rating < self.previous:
            return "down"
        return "same"

    @property
    def is_weak(self) -> bool:
        return self.rating == Rating.NOT_YET


def elements(latest: HealthCheck, previous: HealthCheck | None = None) -> list[ElementHealth]:
    return [
        ElementHealth(
            name=name,
            label=str(label),
            explanation=str(HEALTH_EXPLANATIONS[name]),
            rating=getattr(latest, name),
            previous=getattr(previous, name) if previous else None,
        )
        for name, label in HEALTH_ELEMENTS
    ]


def weak_elements(check: HealthCheck) -> list[str]:
    """The elements a check rated "Not yet"."""
    return [str(label) for name, label in HEALTH_ELEMENTS if getattr(check, name) == 1]


def is_stale(check: HealthCheck | None, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return check is None or check.date < today - timedelta(days=CHECK_MAX_AGE_DAYS)


@dataclass(frozen=True)
class PartnerHealth:
    latest: HealthCheck | None
    previous: HealthCheck | None
    contact: ContactSummary
    elements: list[ElementHealth] = field(default_factory=list)
    stale: bool = False


def health_section(partner: Partner, contact: ContactSummary) -> PartnerHealth:
    checks = list(partner.health_checks.select_related("checked_by")[:2])
    latest = checks[0] if checks else None
    previous = checks[1] if len(checks) > 1 else None
    return PartnerHealth(
        latest=latest,
        previous=previous,
        contact=contact,
        elements=elements(latest, previous) if latest else [],
        stale=is_stale(latest),
    )
