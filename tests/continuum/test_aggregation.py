"""The arithmetic behind the results, against examples worked out by hand."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuum.results import Summary, mean, summarize

SCALE = [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Two say 1, one says 3, one says 4: counts per level, median of 1,1,3,4 is 2.0,
        # and the answers span from the first level to the fourth: 3 steps.
        ([1, 1, 3, 4], Summary(counts=(2, 0, 1, 1), median=2.0, spread=3)),
        # Neighbours only: 2,2,3 → median 2, one step apart.
        ([2, 3, 2], Summary(counts=(0, 2, 1, 0), median=2.0, spread=1)),
        # One respondent: no spread at all.
        ([3], Summary(counts=(0, 0, 1, 0), median=3.0, spread=0)),
        # An even number of answers: the median falls between levels.
        ([2, 3], Summary(counts=(0, 1, 1, 0), median=2.5, spread=1)),
        # Nobody answered.
        ([], Summary(counts=(0, 0, 0, 0), median=None, spread=None)),
    ],
)
def test_summaries_match_hand_worked_examples(answers, expected):
    assert summarize(answers, SCALE) == expected


def test_spread_counts_steps_on_the_scale_not_differences_in_value():
    # A checklist scale: Not yet = 0, Partly = 1, Yes = 2 ... or any values at all.
    assert summarize([0, 10], [0, 5, 10]).spread == 2


def test_answers_outside_the_scale_are_ignored():
    assert summarize([1, 9, 4], SCALE) == Summary(counts=(1, 0, 0, 1), median=2.5, spread=3)


def test_strand_scores_average_what_is_there():
    assert mean([2.0, 3.0, None, 4.0]) == 3.0
    assert mean([None, None]) is None
    assert mean([1.0, 2.0, 2.0]) == 1.67


answers = st.lists(st.sampled_from(SCALE), max_size=60)


@given(answers)
def test_counts_add_up_to_the_number_of_answers(values):
    summary = summarize(values, SCALE)

    assert summary.answered == len(values)
    assert list(summary.counts) == [values.count(level) for level in SCALE]


@given(answers.filter(bool))
def test_the_median_lies_between_the_lowest_and_highest_answer(values):
    summary = summarize(values, SCALE)

    assert min(values) <= summary.median <= max(values)
    assert summary.median == statistics.median(values)


@given(st.sampled_from(SCALE), st.integers(min_value=1, max_value=40))
def test_when_everyone_agrees_there_is_no_spread(level, respondents):
    summary = summarize([level] * respondents, SCALE)

    assert summary.spread == 0
    assert summary.median == level


@given(st.permutations(SCALE))
def test_when_everyone_differs_the_spread_is_the_whole_scale(values):
    summary = summarize(values, SCALE)

    assert summary.spread == len(SCALE) - 1
    assert summary.counts == (1, 1, 1, 1)


@given(answers)
def test_the_order_of_answers_does_not_matter(values):
    assert summarize(values, SCALE) == summarize(sorted(values), SCALE)


def test_in_a_large_group_one_outlier_does_not_make_an_indicator_contested():
    # Twenty agree on "Developing"; one says "Thriving". The outer tenth is set aside.
    assert summarize([2] * 20 + [4], SCALE).spread == 0


def test_in_a_large_group_a_real_split_still_shows():
    # 45 say "Getting started", 55 say "Established": two levels apart.
    assert summarize([1] * 45 + [3] * 55, SCALE).spread == 2


def test_in_a_small_group_every_answer_counts():
    # Nine answers: nothing is set aside, so the lone outlier shows.
    assert summarize([2] * 8 + [4], SCALE).spread == 2


@given(st.lists(st.sampled_from(SCALE), min_size=1, max_size=9))
def test_below_ten_answers_the_spread_is_the_full_range(values):
    positions = [SCALE.index(v) for v in values]

    assert summarize(values, SCALE).spread == max(positions) - min(positions)
