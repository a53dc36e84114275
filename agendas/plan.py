"""The Year Round Advocacy Checklist turned into an ecosystem's year plan: due dates from a
cycle's session dates, generating the plan, who may change a task's status, the month grid
of the calendar page, and the secret calendar feed's address.

Everything here is plain Python over the models; views only check access and render.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem.models import Ecosystem, Role, User

from .models import AgendaCycle, CalendarFeed, PlanTask, TaskTemplate

MONTH_TASK_DAY = 15  # tasks placed by month are due mid-month, whatever the month's length


# --- Due dates --------------------------------------------------------------------------------


def due_date_for(template: TaskTemplate, cycle: AgendaCycle) -> date:
    """When ``template``'s task is due in ``cycle``.

    - weeks before the session: that many weeks before it opens;
    - weeks after the session opens: that many weeks after it opens, but never after it
      closes (a short session still gets the task, on its last day);
    - weeks after the session: that many weeks after it closes;
    - by month: the 15th of that month, in the twelve months that end with the month the
      session closes (the advocacy year leading up to the end of that session).

    Raises ValueError for a template without the month or weeks its timing needs.
    """
    start, end = cycle.session_start, cycle.session_end
    timing = template.timing
    if timing == TaskTemplate.Timing.MONTH:
        if not template.month or not 1 <= template.month <= 12:
            raise ValueError(f"Task template {template.pk} is placed by month but has none.")
        year = end.year if template.month <= end.month else end.year - 1
        return date(year, template.month, MONTH_TASK_DAY)
    if template.weeks is None:
        raise ValueError(f"Task template {template.pk} is placed by the session but has no weeks.")
    offset = timedelta(weeks=template.weeks)
    if timing == TaskTemplate.Timing.BEFORE_SESSION:
        return start - offset
    if timing == TaskTemplate.Timing.DURING_SESSION:
        return min(start + offset, max(end, start))
    if timing == TaskTemplate.Timing.AFTER_SESSION:
        return end + offset
    raise ValueError(f"Unknown timing {timing!r}.")


def describe_timing(template: TaskTemplate) -> str:
    """The template's timing in words, e.g. "8 weeks before the session opens"."""
    weeks = template.weeks or 0
    if template.timing == TaskTemplate.Timing.MONTH:
        if template.month and 1 <= template.month <= 12:
            return _("Mid-%(month)s") % {"month": MONTHS[template.month]}
        return _("A month not chosen yet")
    if template.timing == TaskTemplate.Timing.BEFORE_SESSION:
        if weeks == 0:
            return _("The day the session opens")
        return ngettext(
            "%(weeks)s week before the session opens",
            "%(weeks)s weeks before the session opens",
            weeks,
        ) % {"weeks": weeks}
    if template.timing == TaskTemplate.Timing.DURING_SESSION:
        if weeks == 0:
            return _("The day the session opens")
        return ngettext(
            "%(weeks)s week into the session",
            "%(weeks)s weeks into the session",
            weeks,
        ) % {"weeks": weeks}
    if weeks == 0:
        return _("The day the session closes")
    return ngettext(
        "%(weeks)s week after the session closes",
        "%(weeks)s weeks after the session closes",
        weeks,
    ) % {"weeks": weeks}


# --- Generating the plan ------------------------------------------------------------------------


@transaction.atomic
def generate_plan(cycle: AgendaCycle, *, owner: User | None = None) -> int:
    """Add the active checklist templates to the cycle's ecosystem as tasks; return how many.

    A template already planned for this cycle is skipped, so running it twice adds nothing
    (and a template added to the checklist later is picked up by running it again).
    """
    planned = set(
        PlanTask.objects.filter(cycle=cycle, template__isnull=False).values_list(
            "template_id", flat=True
        )
    )
    tasks = []
    for template in TaskTemplate.objects.filter(active=True).exclude(pk__in=planned):
        try:
            due = due_date_for(template, cycle)
        except ValueError:
            continue  # an incomplete template (the admin refuses them; a data import might not)
        tasks.append(
            PlanTask(
                ecosystem_id=cycle.ecosystem_id,
                cycle=cycle,
                template=template,
                title=template.title,
                description=template.description,
                due_date=due,
                owner=owner,
            )
        )
    # bulk_create skips save(), so simple_history would record nothing: save one by one.
    # A plan is a couple of dozen tasks, generated once a year.
    for task in tasks:
        task.save()
    return len(tasks)


def owner_choices(ecosystem: Ecosystem, *, keep: int | None = None) -> QuerySet[User]:
    """Who can own a task: the ecosystem's contributors and up (viewers only read). ``keep``
    keeps a task's current owner on the list even if their role changed since."""
    members = Q(memberships__ecosystem=ecosystem, memberships__role__gte=Role.CONTRIBUTOR)
    if keep is not None:
        members |= Q(pk=keep)
    return User.objects.filter(members).distinct().order_by("full_name", "email")


# --- Status -----------------------------------------------------------------------------------


def set_status(task: PlanTask, status: str, *, now: datetime | None = None) -> None:
    """Change the status; "done" records when, any other status forgets it."""
    if status == task.status:
        return
    task.status = status
    if status == PlanTask.Status.DONE:
        task.done_at = now or timezone.now()
    else:
        task.done_at = None
    task.save(update_fields=["status", "done_at", "updated_at"])


# --- The calendar page and the printed plan -----------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    tasks: list[PlanTask] = field(default_factory=list)


def month_grid(
    year: int, month: int, tasks: Iterable[PlanTask], *, today: date, first_weekday: int = 6
) -> list[list[CalendarDay]]:
    """The month as weeks of seven days (with the neighbouring months' days that complete
    the first and last week), each day holding its tasks. ``first_weekday`` counts like
    Python's calendar module: 0 is Monday, 6 is Sunday."""
    by_day: dict[date, list[PlanTask]] = {}
    for task in tasks:
        by_day.setdefault(task.due_date, []).append(task)
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(year, month)
    return [
        [CalendarDay(day, day.month == month, day == today, by_day.get(day, [])) for day in week]
        for week in weeks
    ]


def grid_bounds(year: int, month: int, *, first_weekday: int = 6) -> tuple[date, date]:
    """The first and last day the month's grid shows."""
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


def shift_month(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


CALENDAR_YEARS = range(1900, 2201)  # far enough either way; keeps "next month" a real date


def parse_month(text: str | None, default: date) -> date:
    """ "2027-03" → 1 March 2027; anything else → the first of ``default``'s month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        if year in CALENDAR_YEARS:
            return date(year, month, 1)
    except ValueError:
        pass
    return default.replace(day=1)


def group_by_month(tasks: Iterable[PlanTask]) -> list[tuple[date, list[PlanTask]]]:
    """Tasks (ordered by due date) in groups, one per month, keyed by its first day."""
    return [
        (first, list(group))
        for first, group in groupby(tasks, key=lambda task: task.due_date.replace(day=1))
    ]


# --- The calendar feed ----------------------------------------------------------------------


@transaction.atomic
def issue_feed(ecosystem: Ecosystem, created_by: User) -> CalendarFeed:
    """A new secret address for the ecosystem's calendar; any earlier one stops working."""
    CalendarFeed.objects.filter(ecosystem=ecosystem).delete()
    return CalendarFeed.objects.create(ecosystem=ecosystem, created_by=created_by)


def revoke_feed(ecosystem: Ecosystem) -> bool:
    """Stop the address working; False if there was none."""
    deleted, _by_model = CalendarFeed.objects.filter(ecosystem=ecosystem).delete()
    return bool(deleted)
