"""A score reads the same wherever it is written: rounded, never cut off."""

from __future__ import annotations

import pytest

from continuum.charts import _number
from continuum.templatetags.continuum import score, signed, steps


@pytest.mark.parametrize(("value", "written"), [(2.96, "3.0"), (2.94, "2.9"), (0.06, "0.1")])
def test_a_score_is_rounded_to_one_decimal_and_the_chart_label_agrees(value, written):
    assert score(value) == written
    assert _number(value) == written


def test_changes_and_spreads_are_rounded_too():
    assert signed(0.26) == "+0.3"
    assert signed(-0.26) == "\u22120.3"
    assert steps(1.46) == "1.5"
    assert steps(2.0) == "2"
