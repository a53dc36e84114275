"""The year plan as an iCalendar feed (RFC 5545) that calendar apps subscribe to.

Each task is an all-day VEVENT rather than a VTODO: the calendar apps people subscribe
with (Google Calendar, Outlook, Apple Calendar) show events from a subscription but drop
or hide to-dos. A VEVENT's STATUS can only be TENTATIVE, CONFIRMED or CANCELLED, so every
task is CONFIRMED and its own status (to do, in progress, done) is written into the
summary, the description and the categories instead of NEEDS-ACTION / COMPLETED.

Like the PDF renderer it knows nothing about HTTP: tasks in, bytes out.

Stored names and titles may predate the rule that keeps them on one line: a line break
in the calendar's name made icalendar refuse to write the feed, and other control
characters wrote content lines calendar apps cannot read. So whatever is stored, the
one-line properties (an event's summary, the calendar's name and caption) go through
``single_line()``, and an event's description, which keeps its line breaks, through
``plain_lines()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ecosystem.models import Ecosystem
from ecosystem.validators import plain_lines, single_line

from .models import PlanTask

PRODID = "-//Library Ecosystem Workbench//Year plan//EN"
REFRESH = timedelta(hours=6)  # how often we ask subscribed apps to look again


def task_uid(task: PlanTask, domain: str) -> str:
    """Stable for the task's whole life, so apps update the event instead of adding one."""
    return f"plan-task-{task.pk}@{domain}"


def plan_calendar(
    ecosystem: Ecosystem, tasks: Iterable[PlanTask], *, domain: str, plan_url: str
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = single_line(ecosystem.name)
    calendar.add("x-wr-calname", _("%(ecosystem)s: year plan") % {"ecosystem": name})
    calendar.add(
        "x-wr-caldesc",
        _("The advocacy tasks of %(ecosystem)s, from the Library Ecosystem Workbench.")
        % {"ecosystem": name},
    )
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")  # the same hint for Outlook
    for task in tasks:
        calendar.add_component(task_event(task, domain=domain, plan_url=plan_url))
    ical: bytes = calendar.to_ical()
    return ical


def task_event(task: PlanTask, *, domain: str, plan_url: str) -> Event:
    status = str(task.get_status_display())
    title = single_line(task.title)
    if task.status == PlanTask.Status.DONE:
        summary = _("Done: %(task)s") % {"task": title}
    else:
        summary = title
    owner = single_line(task.owner.get_full_name()) if task.owner else _("nobody yet")
    lines = [
        _("Owner: %(owner)s") % {"owner": owner},
        _("Status: %(status)s") % {"status": status},
    ]
    if task.is_overdue:
        lines.append(_("This task is overdue."))
    if task.description:
        lines += ["", task.description]
    lines += ["", _("The whole plan: %(url)s") % {"url": plan_url}]

    event = Event()
    event.add("uid", task_uid(task, domain))
    event.add("dtstamp", task.updated_at)
    event.add("last-modified", task.updated_at)
    event.add("dtstart", task.due_date)  # a date, not a time: an all-day event
    event.add("dtend", task.due_date + timedelta(days=1))  # DTEND is exclusive
    event.add("summary", summary)
    event.add("description", plain_lines("\n".join(lines)))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    event.add("categories", [status])
    event.add("url", plan_url)
    return event
