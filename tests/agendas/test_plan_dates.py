"""The year plan's arithmetic: due dates from session dates, the month grid, the shipped
checklist. Pure functions, dates worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from agendas.content import read
from agendas.models import AgendaCycle, PlanTask, TaskTemplate
from agendas.plan import (
    describe_timing,
    due_date_for,
    group_by_month,
    month_grid,
    parse_month,
    shift_month,
)

Timing = TaskTemplate.Timing


def cycle(start: date, end: date) -> AgendaCycle:
    return AgendaCycle(session_start=start, session_end=end, input_deadline=start)


def template(timing: str, *, month: int | None = None, weeks: int | None = None) -> TaskTemplate:
    return TaskTemplate(title="A task", timing=timing, month=month, weeks=weeks)


# A session from Monday 11 January to Friday 14 May 2027: the usual shape.
SPRING_2027 = cycle(date(2027, 1, 11), date(2027, 5, 14))


@pytest.mark.parametrize(
    ("timing", "weeks", "due"),
    [
        (Timing.BEFORE_SESSION, 8, date(2026, 11, 16)),  # 11 January minus 56 days
        (Timing.BEFORE_SESSION, 0, date(2027, 1, 11)),
        (Timing.DURING_SESSION, 3, date(2027, 2, 1)),
        (Timing.AFTER_SESSION, 1, date(2027, 5, 21)),
        (Timing.AFTER_SESSION, 10, date(2027, 7, 23)),
    ],
)
def test_tasks_placed_by_the_session_count_weeks_from_its_dates(timing, weeks, due):
    assert due_date_for(template(timing, weeks=weeks), SPRING_2027) == due


def test_a_task_during_the_session_is_never_due_after_it_closes():
    twenty_weeks_in = template(Timing.DURING_SESSION, weeks=20)  # would be 31 May

    assert due_date_for(twenty_weeks_in, SPRING_2027) == date(2027, 5, 14)


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (6, date(2026, 6, 15)),  # the first month of the advocacy year
        (9, date(2026, 9, 15)),
        (12, date(2026, 12, 15)),
        (1, date(2027, 1, 15)),
        (5, date(2027, 5, 15)),  # the month the session closes ends the year
    ],
)
def test_tasks_placed_by_month_fall_on_the_15th_in_the_year_up_to_the_session_close(month, due):
    assert due_date_for(template(Timing.MONTH, month=month), SPRING_2027) == due


def test_a_week_before_a_session_opening_on_7_march_2028_is_the_leap_day():
    leap = cycle(date(2028, 3, 7), date(2028, 5, 1))
    common = cycle(date(2027, 3, 7), date(2027, 5, 1))
    week_before = template(Timing.BEFORE_SESSION, weeks=1)

    assert due_date_for(week_before, leap) == date(2028, 2, 29)
    assert due_date_for(week_before, common) == date(2027, 2, 28)


def test_a_week_after_a_session_closing_on_22_february_2028_is_the_leap_day():
    session = cycle(date(2028, 1, 10), date(2028, 2, 22))

    assert due_date_for(template(Timing.AFTER_SESSION, weeks=1), session) == date(2028, 2, 29)


# A session that opens on 1 December 2026 and closes on 26 February 2027: its advocacy
# year runs from March 2026 to February 2027.
ACROSS_NEW_YEAR = cycle(date(2026, 12, 1), date(2027, 2, 26))


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (3, date(2026, 3, 15)),
        (11, date(2026, 11, 15)),
        (12, date(2026, 12, 15)),
        (1, date(2027, 1, 15)),
        (2, date(2027, 2, 15)),
    ],
)
def test_month_tasks_of_a_session_spanning_new_year_follow_the_closing_month(month, due):
    assert due_date_for(template(Timing.MONTH, month=month), ACROSS_NEW_YEAR) == due


def test_session_relative_tasks_cross_new_year_too():
    assert due_date_for(template(Timing.BEFORE_SESSION, weeks=4), ACROSS_NEW_YEAR) == date(
        2026, 11, 3
    )
    assert due_date_for(template(Timing.DURING_SESSION, weeks=6), ACROSS_NEW_YEAR) == date(
        2027, 1, 12
    )
    assert due_date_for(template(Timing.AFTER_SESSION, weeks=2), ACROSS_NEW_YEAR) == date(
        2027, 3, 12
    )


def test_a_template_missing_its_month_or_weeks_has_no_due_date():
    with pytest.raises(ValueError, match="month"):
        due_date_for(template(Timing.MONTH), SPRING_2027)
    with pytest.raises(ValueError, match="weeks"):
        due_date_for(template(Timing.AFTER_SESSION), SPRING_2027)


@pytest.mark.parametrize(
    ("timing", "month", "weeks", "words"),
    [
        (Timing.MONTH, 9, None, "Mid-September"),
        (Timing.BEFORE_SESSION, None, 8, "8 weeks before the session opens"),
        (Timing.BEFORE_SESSION, None, 1, "1 week before the session opens"),
        (Timing.DURING_SESSION, None, 3, "3 weeks into the session"),
        (Timing.AFTER_SESSION, None, 0, "The day the session closes"),
    ],
)
def test_a_templates_timing_reads_as_words(timing, month, weeks, words):
    assert describe_timing(template(timing, month=month, weeks=weeks)) == words


# --- The month grid ------------------------------------------------------------------------


def task_on(day: date, title: str = "Task") -> PlanTask:
    return PlanTask(title=title, due_date=day)


def test_the_month_grid_starts_weeks_on_sunday_and_places_tasks_on_their_day():
    tasks = [task_on(date(2026, 11, 3), "Call"), task_on(date(2026, 11, 3), "Write")]

    weeks = month_grid(2026, 11, tasks, today=date(2026, 11, 23))

    assert len(weeks) == 5  # 1 November 2026 is a Sunday; the 30th is a Monday
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0].day == date(2026, 11, 1)
    assert weeks[-1][-1].day == date(2026, 12, 5)
    assert not weeks[-1][-1].in_month
    tuesday = weeks[0][2]
    assert [task.title for task in tuesday.tasks] == ["Call", "Write"]
    assert [day.day for week in weeks for day in week if day.is_today] == [date(2026, 11, 23)]


def test_the_month_grid_can_start_weeks_on_monday():
    weeks = month_grid(2026, 11, [], today=date(2026, 11, 23), first_weekday=0)

    assert weeks[0][0].day == date(2026, 10, 26)
    assert len(weeks) == 6


def test_february_2026_fills_exactly_four_weeks_from_sunday():
    weeks = month_grid(2026, 2, [], today=date(2026, 1, 1))

    assert len(weeks) == 4
    assert all(day.in_month for week in weeks for day in week)


def test_tasks_group_by_month_in_due_date_order():
    tasks = [
        task_on(date(2027, 1, 5), "a"),
        task_on(date(2027, 1, 20), "b"),
        task_on(date(2027, 3, 1), "c"),
    ]

    groups = group_by_month(tasks)

    assert [(first, [t.title for t in group]) for first, group in groups] == [
        (date(2027, 1, 1), ["a", "b"]),
        (date(2027, 3, 1), ["c"]),
    ]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2027-03", date(2027, 3, 1)),
        ("2027-13", date(2026, 11, 1)),
        ("March", date(2026, 11, 1)),
        ("", date(2026, 11, 1)),
        (None, date(2026, 11, 1)),
        ("99999-01", date(2026, 11, 1)),
        ("9999-12", date(2026, 11, 1)),
    ],
)
def test_the_calendars_month_parameter_falls_back_to_this_month(text, month):
    assert parse_month(text, date(2026, 11, 23)) == month


def test_months_shift_across_years():
    assert shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert shift_month(date(2027, 1, 1), -1) == date(2026, 12, 1)


# --- The shipped checklist -----------------------------------------------------------------


def test_the_shipped_checklist_covers_a_whole_year_with_both_kinds_of_timing():
    tasks = read("year-round-tasks.json")

    assert 18 <= len(tasks) <= 24
    timings = {task["timing"] for task in tasks}
    assert timings == {"month", "before_session", "during_session", "after_session"}
    assert len({task["title"] for task in tasks}) == len(tasks), "titles are unique"
    assert any(task["timing"] == "before_session" and task["weeks"] == 8 for task in tasks)


def test_a_migrated_database_holds_the_checklist_and_every_template_is_valid(db):
    templates = list(TaskTemplate.objects.all())

    assert len(templates) == len(read("year-round-tasks.json"))
    for shipped in templates:
        shipped.full_clean()
        assert due_date_for(shipped, SPRING_2027)
