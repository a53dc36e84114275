"""Template helpers of the agenda tools: dollars and counts the way a fact sheet prints them
($1,234.56, 12,500, $1.2 million), and lookups for score tables."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

register = template.Library()

NOTHING = "—"

# From the largest: the word for each power of a thousand a headline figure may use.
SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)


def _grouped(value: Decimal | int, places: int) -> str:
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def dollars(value: Any, places: int = 2) -> str:
    """$1,234.56 (or $1,235 with ``places`` 0); a dash for no value."""
    if value is None or value == "":
        return NOTHING
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return gettext("$%(amount)s") % {"amount": _grouped(amount, places)}


@register.filter
def count(value: Any) -> str:
    """A whole number with thousands separators: 12,500."""
    if value is None or value == "":
        return NOTHING
    return _grouped(int(value), 0)


def _scale_word(word: str, amount: str) -> str:
    # Spelled out one by one so that translators see whole sentences.
    if word == "trillion":
        return gettext("$%(amount)s trillion") % {"amount": amount}
    if word == "billion":
        return gettext("$%(amount)s billion") % {"amount": amount}
    return gettext("$%(amount)s million") % {"amount": amount}


@register.filter
def short_dollars(value: Any) -> str:
    """A headline figure: $845,300 below a million, then $1.2 million, $3 billion…"""
    if value is None or value == "":
        return NOTHING
    amount = Decimal(value)
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    for index, (size, word) in enumerate(SCALES):
        if whole < size:
            continue
        tenths = (amount / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if tenths >= 1000 and index > 0:
            # 999.96 million rounds to 1,000.0 million: say "1 billion" instead.
            size, word = SCALES[index - 1]
            tenths = (amount / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        places = 0 if tenths == tenths.to_integral_value() else 1
        return _scale_word(word, _grouped(tenths, places))
    return dollars(whole, 0)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``mapping[key]``, or an empty string, for tables keyed by id."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def iso_date(value: str) -> str:
    """A date stored as text (2027-01-11), written the way the site writes dates."""
    try:
        return date_format(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value
