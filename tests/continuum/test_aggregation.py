"""The arithmetic behind the results, against examples worked out by hand."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuum.results import By, Summary, group_medians, mean, summarize

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


# --- "Not sure" ------------------------------------------------------------------------------


def test_not_sure_answers_are_counted_but_left_out_of_the_median_and_spread():
    # Two say 1, one says 4, two are not sure: the median of 1,1,4 is 1, the spread 3.
    values, unsure = group_medians([(1, 1), (2, 1), (3, 4), (4, None), (5, None)])

    assert summarize(values, SCALE, not_sure=unsure) == Summary(
        counts=(2, 0, 0, 1), median=1.0, spread=3, not_sure=2
    )


def test_when_everyone_is_not_sure_there_is_no_median_and_no_spread():
    values, unsure = group_medians([(1, None), (2, None)])

    summary = summarize(values, SCALE, not_sure=unsure)

    assert (summary.median, summary.spread, summary.not_sure, summary.answered) == (
        None,
        None,
        2,
        0,
    )


# --- Per organization ------------------------------------------------------------------------


def test_each_group_counts_once_with_the_median_of_its_members_answers():
    # The library's three members say 1, 2 and 4: its value is 2. The college's two say
    # 3 and 4: its value is 3.5. A person on their own says 1. "Not sure" is left out of
    # the library's median (it still has three levels).
    answers = [
        ("library", 1),
        ("library", 2),
        ("library", 4),
        ("library", None),
        ("college", 3),
        ("college", 4),
        ("alone", 1),
    ]

    assert group_medians(answers) == ([2.0, 3.5, 1.0], 0)


def test_a_group_whose_members_are_all_not_sure_counts_as_not_sure():
    answers = [("library", None), ("library", None), ("college", 2), ("college", None)]

    assert group_medians(answers) == ([2.0], 1)


def test_summary_over_organizations_counts_medians_between_levels_apart():
    # Organizations at 2, 3.5 and 1: one on each of levels 1 and 2, one between 3 and 4.
    # The median of 1, 2, 3.5 is 2; from 1 (step 0) to 3.5 (step 2.5) is 2.5 steps.
    assert summarize([2.0, 3.5, 1.0], SCALE) == Summary(
        counts=(1, 1, 0, 0), median=2.0, spread=2.5, between=1
    )


def test_per_organization_a_large_library_does_not_outweigh_a_small_one():
    # Five members of one library say 4; one person from another library says 1. Per
    # person the median is 4; per organization, the two libraries are 4 and 1: 2.5.
    answers = [("big", 4)] * 5 + [("small", 1)]
    per_person = summarize([value for _, value in answers], SCALE)
    per_organization = summarize(group_medians(answers)[0], SCALE)

    assert (per_person.median, per_organization.median) == (4.0, 2.5)
    assert (per_person.counts, per_organization.counts) == ((1, 0, 0, 5), (1, 0, 0, 1))


def test_between_levels_on_an_uneven_scale_counts_steps_in_proportion():
    # Levels 0, 5, 10: 7.5 sits halfway between the second and third, at 1.5 steps.
    assert summarize([0.0, 7.5], [0, 5, 10]).spread == 1.5


def test_the_by_parameter_defaults_to_per_organization():
    assert By.from_param(None) == By.ORGANIZATION
    assert By.from_param("nonsense") == By.ORGANIZATION
    assert By.from_param("person") == By.PERSON
    assert By.from_param("organization") == By.ORGANIZATION
