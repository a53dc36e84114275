"""Fact-sheet arithmetic, checked against numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agendas.factsheet import (
    line_total,
    per_share,
    return_per_dollar,
    sheet_total,
    summarize,
    to_cents,
    unit_value,
    with_lines,
)
from agendas.models import FactSheet, FactSheetLine, ValueCategory
from agendas.templatetags.agenda_tags import count, dollars, short_dollars

D = Decimal


def category(name: str) -> ValueCategory:
    return ValueCategory.objects.get(name=name)


@pytest.fixture
def sheet(world):
    """A library's year, worked out by hand:

    Books borrowed        12,500 x $17.00 (default)  = $212,500.00
    E-books borrowed       3,000 x $12.50 (override) =  $37,500.00
    Program attendance     1,234 x $15.00 (default)  =  $18,510.00
    Meeting room use           3 x $50.00 (default)  =     $150.00
                                               total = $268,660.00

    per household: 268,660 / 4,321 households = 62.1754… → $62.18
    per person:    268,660 / 11,000 people    = 24.4236… → $24.42
    per dollar:    268,660 / $62,900 budget   = 4.2712…  → $4.27
    """
    sheet = FactSheet.objects.create(
        ecosystem=world.ecosystem,
        organization=world.organization,
        title="Central 2025",
        year=2025,
        households=4321,
        population=11000,
        budget=D("62900.00"),
    )
    for name, quantity, value in [
        ("Books borrowed", 12500, None),
        ("E-books and audiobooks borrowed", 3000, D("12.50")),
        ("Program attendance", 1234, None),
        ("Meeting room use", 3, None),
    ]:
        FactSheetLine.objects.create(
            sheet=sheet, category=category(name), quantity=quantity, value=value
        )
    return sheet


def test_a_line_is_worth_its_count_times_its_value_each():
    assert line_total(12500, D("17.00")) == D("212500.00")
    assert line_total(3000, D("12.50")) == D("37500.00")
    assert line_total(0, D("50.00")) == D("0.00")


def test_the_sheets_own_value_replaces_the_default_even_when_it_is_zero():
    assert unit_value(None, D("17.00")) == D("17.00")
    assert unit_value(D("12.50"), D("17.00")) == D("12.50")
    assert unit_value(D("0"), D("17.00")) == D("0")


def test_the_total_is_the_sum_of_the_lines_and_nothing_is_zero():
    assert sheet_total([D("212500.00"), D("37500.00"), D("18510.00"), D("150.00")]) == D(
        "268660.00"
    )
    assert sheet_total([]) == D("0.00")


def test_money_is_rounded_to_the_cent_with_halves_going_up():
    # $0.05 shared by 2 households is 2.5 cents: rounded up, as by hand (not to the even 2).
    assert per_share(D("0.05"), 2) == D("0.03")
    assert to_cents(D("0.125")) == D("0.13")
    assert to_cents(D("0.124")) == D("0.12")
    # $201 of value on a $200 budget: 1.005 → $1.01 for every dollar.
    assert return_per_dollar(D("201.00"), D("200.00")) == D("1.01")


def test_per_household_and_per_person_are_rounded_to_the_cent():
    assert per_share(D("268660.00"), 4321) == D("62.18")
    assert per_share(D("268660.00"), 11000) == D("24.42")
    # $100 among 3 households: 33.333… → $33.33
    assert per_share(D("100.00"), 3) == D("33.33")


@pytest.mark.parametrize("shares", [None, 0, -5])
def test_no_households_means_no_figure_rather_than_a_division_by_zero(shares):
    assert per_share(D("1000.00"), shares) is None


def test_the_return_per_dollar_has_two_decimals():
    assert return_per_dollar(D("268660.00"), D("62900.00")) == D("4.27")
    # $1,000,000 on a $3,000,000 budget: 0.3333… → $0.33 for every dollar.
    assert return_per_dollar(D("1000000.00"), D("3000000.00")) == D("0.33")


@pytest.mark.parametrize("budget", [None, D("0"), D("0.00")])
def test_a_missing_or_zero_budget_gives_no_return_per_dollar(budget):
    assert return_per_dollar(D("1000.00"), budget) is None


def test_a_sheet_summary_matches_the_hand_worked_numbers(sheet):
    summary = summarize(sheet)

    assert summary.name == "Central Public Library"
    assert summary.total == D("268660.00")
    assert summary.per_household == D("62.18")
    assert summary.per_person == D("24.42")
    assert summary.per_dollar == D("4.27")
    assert [(line.category.name, line.total, line.is_default) for line in summary.lines] == [
        ("Books borrowed", D("212500.00"), True),
        ("E-books and audiobooks borrowed", D("37500.00"), False),
        ("Program attendance", D("18510.00"), True),
        ("Meeting room use", D("150.00"), True),
    ]
    assert summary.has_overrides


def test_a_sheet_without_households_people_or_budget_still_has_its_total(world):
    # The world's sheet: 1,000 books borrowed x $17 = $17,000; nothing to divide by.
    summary = summarize(world.fact_sheet)

    assert summary.total == D("17000.00")
    assert (summary.per_household, summary.per_person, summary.per_dollar) == (None, None, None)
    assert summary.name == world.ecosystem.name, "no library: the sheet speaks for everyone"


def test_a_sheet_with_zero_households_gives_no_figure_per_household(sheet):
    sheet.households = 0
    sheet.budget = None

    summary = summarize(sheet)

    assert summary.total == D("268660.00")
    assert summary.per_household is None
    assert summary.per_dollar is None
    assert summary.per_person == D("24.42")


def test_a_changed_default_value_changes_every_sheet_that_uses_it(sheet):
    ValueCategory.objects.filter(name="Books borrowed").update(default_value=D("20.00"))

    # 12,500 books now at $20: $250,000; the other lines are unchanged ($56,160).
    assert summarize(sheet).total == D("306160.00")


def test_the_sheets_own_value_is_kept_when_the_default_changes(sheet):
    ValueCategory.objects.filter(name="E-books and audiobooks borrowed").update(
        default_value=D("99.00")
    )

    assert summarize(sheet).total == D("268660.00")


def test_summaries_of_prefetched_sheets_need_no_more_queries(sheet, django_assert_num_queries):
    with django_assert_num_queries(2):  # the sheets, then all their lines with categories
        sheets = list(with_lines(FactSheet.objects.select_related("organization", "ecosystem")))
    with django_assert_num_queries(0):
        totals = {s.title: summarize(s).total for s in sheets}

    assert totals["Central 2025"] == D("268660.00")


def test_the_largest_sheet_the_form_allows_adds_up_exactly():
    # 100,000,000 uses x $10,000 each on seven lines: $7 trillion, to the cent.
    total = sheet_total([line_total(100_000_000, D("10000.00"))] * 7)

    assert total == D("7000000000000.00")
    assert return_per_dollar(total, D("0.01")) == D("700000000000000.00")


# --- How the figures are written -------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (D("0"), "$0.00"),
        (D("1234.5"), "$1,234.50"),
        (D("268660.00"), "$268,660.00"),
        (D("4.27"), "$4.27"),
    ],
)
def test_dollars_are_written_with_separators_and_cents(amount, written):
    assert dollars(amount) == written


def test_whole_dollars_round_half_up():
    assert dollars(D("17000.50"), 0) == "$17,001"
    assert dollars(None) == "—"


def test_counts_are_written_with_thousands_separators():
    assert count(12500) == "12,500"
    assert count(100_000_000) == "100,000,000"
    assert count(None) == "—"


@pytest.mark.parametrize(
    ("amount", "headline"),
    [
        (D("845300.40"), "$845,300"),
        (D("999999.60"), "$1 million"),
        (D("1234567.00"), "$1.2 million"),
        (D("1250000.00"), "$1.3 million"),
        (D("12000000.00"), "$12 million"),
        (D("999960000.00"), "$1 billion"),
        (D("3400000000.00"), "$3.4 billion"),
        (D("7000000000000.00"), "$7 trillion"),
    ],
)
def test_the_headline_figure_is_short(amount, headline):
    assert short_dollars(amount) == headline
