"""Template helpers for the Continuum's pages and PDFs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from ..numbers import one_decimal

register = template.Library()
MINUS = "\u2212"  # the typographic minus sign, as wide as the plus


@register.filter
def score(value: float | None) -> str:
    """A score with one decimal, or a dash when there is none."""
    return "—" if value is None else one_decimal(value)


@register.filter
def with_levels(counts: Sequence[int], levels: Sequence[Any]) -> list[tuple[Any, int]]:
    return list(zip(levels, counts, strict=False))


@register.filter
def strand_names(strands: Sequence[Any]) -> str:
    return str(get_text_list([str(result.strand.name) for result in strands], _("and")))


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign (+0.5, or -1.0 with a true minus sign), or a dash."""
    if value is None:
        return "—"
    if value > 0:
        return f"+{one_decimal(value)}"
    if value < 0:
        return f"{MINUS}{one_decimal(-value)}"
    return one_decimal(0)


@register.filter
def steps(value: float | None) -> str:
    """A spread in scale steps: whole steps as they are (2), between levels with one
    decimal (1.5, per organization), a dash when there is none."""
    if value is None:
        return "—"
    return number_format(value, 0) if float(value).is_integer() else one_decimal(value)


@register.filter
def plural_count(value: float) -> int:
    """A whole number to choose a plural form by: translations count in integers, and a
    spread of 1.5 steps reads as plural."""
    return math.ceil(value)
