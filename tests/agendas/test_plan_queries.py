"""The year plan's pages, exports and feed cost the same queries for 5 or 50 tasks."""

from __future__ import annotations

from itertools import cycle

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agendas.models import PlanTask
from tests.helpers import assert_queries_do_not_grow


@pytest.fixture
def grow_tasks(world):
    """Add tasks due today (so the calendar and the feed show them), each with an owner
    and a cycle, owners taking turns."""
    owners = cycle(world.users[p] for p in ("contributor", "editor", "coordinator"))

    def grow(count: int) -> None:
        PlanTask.objects.bulk_create(
            PlanTask(
                ecosystem=world.ecosystem,
                cycle=world.cycle,
                title=f"Task {PlanTask.objects.count() + index}",
                due_date=timezone.localdate(),
                owner=next(owners),
            )
            for index in range(count)
        )

    return grow


@pytest.mark.parametrize("name", ["plan", "plan_calendar", "plan_export", "plan_pdf"])
@pytest.mark.parametrize("persona", ["contributor", "coordinator"])
def test_plan_pages_make_the_same_queries_for_5_or_50_tasks(
    name, persona, world, client_for, grow_tasks
):
    url = reverse(f"agendas:{name}", kwargs={"ecosystem_slug": world.slug})

    assert_queries_do_not_grow(client_for(persona), url, grow_tasks)


def test_the_feed_makes_the_same_queries_for_5_or_50_tasks(world, grow_tasks):
    url = reverse("feeds:calendar", kwargs={"token": world.feed.token})

    count = assert_queries_do_not_grow(Client(), url, grow_tasks)

    assert count == 2  # the feed with its ecosystem; the tasks with their owners
