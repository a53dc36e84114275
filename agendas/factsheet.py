"""What a value fact sheet adds up to: the arithmetic, on Decimals, and a sheet's summary.

Every use the library counted is worth a dollar value: the category's default, unless the
sheet sets its own. The rules, checked against hand-worked numbers in the tests:

- a line is worth its quantity times its value each, in cents;
- the sheet is worth the sum of its lines;
- per household and per person: the total divided by the households (people) served,
  rounded to the cent;
- the return per dollar of budget: the total divided by the budget, rounded to the cent
  ("$4.27 for every $1");
- money rounds half up (0.125 → 0.13), as people round by hand, not to the even cent;
- nothing is ever divided by a missing or zero divisor: the figure is None, and pages say
  what to add to show it.

``summarize`` builds a ``SheetSummary`` from a sheet whose lines and categories are loaded
in one query (``with_lines`` prefetches them for a whole list at once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from ecosystem.models import Ecosystem

from .models import FactSheet, FactSheetLine, ValueCategory

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal) -> Decimal:
    """Round to the cent, halves up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def unit_value(override: Decimal | None, default: Decimal) -> Decimal:
    """The sheet's own value each if it has one (even $0), else the category's default."""
    return default if override is None else override


def line_total(quantity: int, value_each: Decimal) -> Decimal:
    return to_cents(value_each * quantity)


def sheet_total(line_totals: Iterable[Decimal]) -> Decimal:
    return to_cents(sum(line_totals, ZERO))


def per_share(total: Decimal, shares: int | None) -> Decimal | None:
    """The total divided among ``shares`` households or people; None without any."""
    if not shares or shares <= 0:
        return None
    return to_cents(total / shares)


def return_per_dollar(total: Decimal, budget: Decimal | None) -> Decimal | None:
    """Dollars of value for every dollar of budget; None without a budget above zero."""
    if budget is None or budget <= 0:
        return None
    return to_cents(total / budget)


@dataclass(frozen=True)
class LineValue:
    category: ValueCategory
    quantity: int
    value_each: Decimal
    is_default: bool  # False when the sheet sets its own value for this use
    total: Decimal


@dataclass(frozen=True)
class SheetSummary:
    name: str  # who the sheet speaks for: its library, or the whole ecosystem
    year: int
    lines: tuple[LineValue, ...]
    total: Decimal
    per_household: Decimal | None
    per_person: Decimal | None
    per_dollar: Decimal | None

    @property
    def counted_lines(self) -> tuple[LineValue, ...]:
        """The lines with some use: what a printed sheet lists."""
        return tuple(line for line in self.lines if line.quantity)

    @property
    def has_overrides(self) -> bool:
        """Whether a printed line carries the sheet's own value rather than the default."""
        return any(not line.is_default for line in self.counted_lines)


def _lines() -> QuerySet[FactSheetLine]:
    return FactSheetLine.objects.select_related("category").order_by(
        "category__position", "category__name"
    )


def with_lines(queryset: QuerySet[FactSheet]) -> QuerySet[FactSheet]:
    """Sheets with their lines and each line's category: one more query for any number."""
    return queryset.prefetch_related(Prefetch("lines", queryset=_lines()))


def value_lines(lines: Iterable[FactSheetLine]) -> tuple[LineValue, ...]:
    values = []
    for line in lines:
        each = unit_value(line.value, line.category.default_value)
        values.append(
            LineValue(
                category=line.category,
                quantity=line.quantity,
                value_each=each,
                is_default=line.value is None,
                total=line_total(line.quantity, each),
            )
        )
    return tuple(values)


def summarize(sheet: FactSheet, ecosystem: Ecosystem | None = None) -> SheetSummary:
    """The sheet's figures. Its lines should come from ``with_lines``; otherwise they are
    read here, in one query."""
    if "lines" in getattr(sheet, "_prefetched_objects_cache", {}):
        lines = list(sheet.lines.all())
    else:
        lines = list(_lines().filter(sheet=sheet))
    values = value_lines(lines)
    total = sheet_total(line.total for line in values)
    if sheet.organization_id is not None and sheet.organization is not None:
        name = sheet.organization.name
    else:
        name = (ecosystem or sheet.ecosystem).name
    return SheetSummary(
        name=name,
        year=sheet.year,
        lines=values,
        total=total,
        per_household=per_share(total, sheet.households),
        per_person=per_share(total, sheet.population),
        per_dollar=return_per_dollar(total, sheet.budget),
    )
