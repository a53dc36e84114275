"""Last year's demo reflection on the whole garden."""

from __future__ import annotations

from django.utils import timezone

from ecosystem.models import Ecosystem, User

from ..models import GardenReflection


def seed_garden_reflection(ecosystem: Ecosystem, writer: User | None) -> int:
    """Last year's look at the whole garden (once)."""
    year = timezone.localdate().year - 1
    if GardenReflection.objects.filter(ecosystem=ecosystem, year=year).exists():
        return 0
    GardenReflection.objects.create(
        ecosystem=ecosystem,
        year=year,
        enough_gardeners=(
            "Not quite: three of us lead most partnerships, and two partners had no lead "
            "for months. We asked the branch managers to take one each."
        ),
        missing_sectors=(
            "No faith community or philanthropy partner outside the capital; the tribal "
            "council is the only government partner in the north."
        ),
        community_needs=(
            "Help with job applications and health information in plain words, above all "
            "for older adults in the rural counties."
        ),
        plant_next=(
            "A partnership with the regional health clinics, and a second literacy site in "
            "the north valley. Let the coding academy go: it no longer needs our labs."
        ),
        written_by=writer,
    )
    return 1
