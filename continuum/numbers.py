"""Scores in words: the one way a score is written with one decimal, on pages, in PDFs and
on the charts' labels, so a chart never says 3.0 where the table beside it says 2.9."""

from __future__ import annotations

from django.utils.formats import number_format


def one_decimal(value: float) -> str:
    """``value`` rounded to one decimal, in the active language's number format.

    Rounded first: Django's number_format cuts the digits off (2.96 would read 2.9)."""
    return number_format(round(value, 1), 1)
