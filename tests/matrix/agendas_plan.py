"""Rows for the year plan (Year Round Advocacy Checklist) and its calendar feed."""

from __future__ import annotations

from typing import Any

from agendas.models import PlanTask
from tests.matrix import Row, everyone, in_ecosystem
from tests.world import World


def task(world: World) -> dict[str, Any]:
    return {"pk": world.task.pk}


def contributors_task(world: World) -> dict[str, Any]:
    """A task the contributor owns: the one kind of task a contributor may mark."""
    owned = PlanTask.objects.create(
        ecosystem=world.ecosystem,
        cycle=world.cycle,
        title="Ask the council for a slot",
        due_date=world.task.due_date,
        owner=world.users["contributor"],
    )
    return {"pk": owned.pk}


def task_data(world: World) -> dict[str, Any]:
    return {
        "title": "Write to the budget committee",
        "due_date": "2027-02-15",
        "owner": world.users["contributor"].pk,
        "cycle": world.cycle.pk,
        "version": world.task.version,
    }


ROWS: list[Row] = [
    in_ecosystem("agendas:plan", "viewer"),
    in_ecosystem("agendas:plan_calendar", "viewer"),
    in_ecosystem("agendas:plan_export", "viewer"),
    in_ecosystem("agendas:plan_pdf", "viewer"),
    in_ecosystem("agendas:task_create", "editor"),
    in_ecosystem("agendas:task_create", "editor", ok=302, method="post", data=task_data),
    in_ecosystem("agendas:task_update", "editor", kwargs=task),
    in_ecosystem(
        "agendas:task_update", "editor", ok=302, kwargs=task, method="post", data=task_data
    ),
    in_ecosystem("agendas:task_delete", "editor", kwargs=task),
    in_ecosystem("agendas:task_delete", "editor", ok=302, kwargs=task, method="post"),
    in_ecosystem(
        "agendas:task_status",
        "editor",
        ok=302,
        kwargs=task,
        method="post",
        data=lambda w: {"status": "done"},
        record_rule="the world's task belongs to the coordinator: a contributor may only "
        "change their own tasks (tests/agendas/test_plan_tasks.py)",
    ),
    in_ecosystem(
        "agendas:task_status",
        "contributor",
        ok=302,
        kwargs=contributors_task,
        method="post",
        data=lambda w: {"status": "done"},
    ),
    in_ecosystem("agendas:plan_generate", "coordinator"),
    in_ecosystem(
        "agendas:plan_generate",
        "coordinator",
        ok=302,
        method="post",
        data=lambda w: {"cycle": w.cycle.pk},
    ),
    in_ecosystem("agendas:feed_settings", "viewer"),
    in_ecosystem("agendas:feed_create", "coordinator", ok=302, method="post"),
    in_ecosystem("agendas:feed_regenerate", "coordinator", ok=302, method="post"),
    in_ecosystem("agendas:feed_revoke", "coordinator", ok=302, method="post"),
    Row(
        "feeds:calendar",
        everyone(200),
        kwargs=lambda w: {"token": w.feed.token},
        note="calendar apps cannot sign in: the secret token is the key",
    ),
]
