"""Fact-sheet pages cost the same number of queries for 5 sheets (or uses) as for 50."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from agendas.models import FactSheet, FactSheetLine, ValueCategory
from tests.helpers import assert_queries_do_not_grow


@pytest.fixture
def add_sheets(world):
    """More sheets, each with a few lines, half of them for the library."""
    categories = list(ValueCategory.objects.all()[:3])

    def add(count: int) -> None:
        start = FactSheet.objects.count()
        sheets = FactSheet.objects.bulk_create(
            FactSheet(
                ecosystem=world.ecosystem,
                organization=world.organization if i % 2 else None,
                title=f"Sheet {start + i}",
                year=2000 + i % 20,
                budget=Decimal("50000") if i % 3 else None,
            )
            for i in range(count)
        )
        FactSheetLine.objects.bulk_create(
            FactSheetLine(sheet=sheet, category=category, quantity=100 * (i + 1))
            for sheet in sheets
            for i, category in enumerate(categories)
        )

    return add


@pytest.fixture
def add_uses(world):
    """More kinds of use, each counted on the world's sheet, some with the sheet's own value."""

    def add(count: int) -> None:
        start = ValueCategory.objects.count()
        categories = ValueCategory.objects.bulk_create(
            ValueCategory(
                name=f"Use {start + i}",
                unit="times",
                default_value=Decimal("3.50"),
                explanation="A made-up use.",
                position=100 + start + i,
            )
            for i in range(count)
        )
        FactSheetLine.objects.bulk_create(
            FactSheetLine(
                sheet=world.fact_sheet,
                category=category,
                quantity=10,
                value=Decimal("4.00") if i % 2 else None,
            )
            for i, category in enumerate(categories)
        )

    return add


@pytest.mark.parametrize("url_name", ["agendas:factsheet_list", "agendas:factsheet_export"])
def test_the_list_and_its_export_make_the_same_queries_for_5_or_50_sheets(
    url_name, world, client_for, add_sheets
):
    url = reverse(url_name, args=[world.slug])

    assert_queries_do_not_grow(client_for("viewer"), url, add_sheets)


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("agendas:factsheet_detail", "viewer"),
        ("agendas:factsheet_pdf", "viewer"),
        ("agendas:factsheet_update", "editor"),
    ],
)
def test_a_sheet_costs_the_same_queries_for_5_or_50_uses(
    url_name, persona, world, client_for, add_uses
):
    url = reverse(url_name, kwargs={"ecosystem_slug": world.slug, "pk": world.fact_sheet.pk})

    assert_queries_do_not_grow(client_for(persona), url, add_uses)


def test_the_sheet_page_stays_within_a_small_fixed_number_of_queries(
    world, client_for, add_uses, django_assert_max_num_queries
):
    add_uses(20)
    client = client_for("viewer")
    url = reverse(
        "agendas:factsheet_detail",
        kwargs={"ecosystem_slug": world.slug, "pk": world.fact_sheet.pk},
    )
    client.get(url)

    # session, user, membership + ecosystem, the sheet + its library, its lines + categories
    with django_assert_max_num_queries(5):
        client.get(url)
