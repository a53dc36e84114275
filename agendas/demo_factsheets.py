"""Demo value fact sheets for seed_demo: last year's figures for two libraries.

The numbers are made up but shaped like a city library and a small-town district library;
the meeting rooms of the city library are valued at its own, higher local rate.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from ecosystem.models import Ecosystem

from .models import FactSheet, FactSheetLine, ValueCategory

# library: (households, people, budget, {use: (how many, own value or None)})
SHEETS: dict[str, tuple[int, int, Decimal, dict[str, tuple[int, Decimal | None]]]] = {
    "Capital City Public Library": (
        72_000,
        180_000,
        Decimal("9800000"),
        {
            "Books borrowed": (1_150_000, None),
            "E-books and audiobooks borrowed": (420_000, None),
            "Movies, music and magazines borrowed": (310_000, None),
            "Program attendance": (96_000, None),
            "Computer and Wi-Fi sessions": (140_000, None),
            "Reference and research questions": (85_000, None),
            "Meeting room use": (2_600, Decimal("60.00")),
        },
    ),
    "Millbrook District Library": (
        9_500,
        24_000,
        Decimal("1450000"),
        {
            "Books borrowed": (168_000, None),
            "E-books and audiobooks borrowed": (41_000, None),
            "Movies, music and magazines borrowed": (52_000, None),
            "Program attendance": (14_500, None),
            "Computer and Wi-Fi sessions": (21_000, None),
            "Reference and research questions": (9_800, None),
            "Meeting room use": (640, None),
        },
    ),
}


def seed(ecosystem: Ecosystem) -> int:
    """Add last year's sheet for each demo library that lacks one; returns records added."""
    year = timezone.localdate().year - 1
    categories = {category.name: category for category in ValueCategory.objects.all()}
    libraries = {org.name: org for org in ecosystem.organizations.filter(name__in=SHEETS)}
    created = 0
    for name, (households, people, budget, uses) in SHEETS.items():
        library = libraries.get(name)
        if library is None:
            continue
        if FactSheet.objects.filter(ecosystem=ecosystem, organization=library, year=year).exists():
            continue
        sheet = FactSheet.objects.create(
            ecosystem=ecosystem,
            organization=library,
            title=f"{name}: value to the community, {year}",
            year=year,
            households=households,
            population=people,
            budget=budget,
            notes="Counts from the library's annual report to the state library.",
        )
        lines = [
            FactSheetLine(sheet=sheet, category=categories[use], quantity=quantity, value=value)
            for use, (quantity, value) in uses.items()
            if use in categories  # a site administrator may have renamed or removed one
        ]
        FactSheetLine.objects.bulk_create(lines)
        created += 1 + len(lines)
    return created
