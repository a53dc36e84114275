"""The demo fact sheets seed_demo adds."""

from __future__ import annotations

from agendas import demo_factsheets
from agendas.factsheet import summarize
from ecosystem.models import Organization


def test_the_demo_adds_two_sheets_once(world):
    for name in demo_factsheets.SHEETS:
        Organization.objects.create(
            ecosystem=world.ecosystem, name=name, kind=Organization.Kind.PUBLIC_LIBRARY
        )

    first = demo_factsheets.seed(world.ecosystem)
    again = demo_factsheets.seed(world.ecosystem)

    sheets = world.ecosystem.fact_sheets.exclude(pk=world.fact_sheet.pk)
    assert (first, again) == (16, 0), "two sheets of seven lines each, then nothing"
    assert sheets.count() == 2
    for sheet in sheets:
        summary = summarize(sheet)
        assert summary.per_dollar is not None
        assert 2 < summary.per_dollar < 5, "a believable return on each dollar"
