"""Generating an ecosystem's year plan from the checklist and a cycle's dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from agendas import services
from agendas.models import PlanTask, TaskTemplate
from agendas.plan import due_date_for, generate_plan


@pytest.fixture
def spring_cycle(world):
    return services.create_cycle(
        world.ecosystem,
        title="2031 session",
        session_start=date(2031, 1, 13),
        session_end=date(2031, 5, 16),
        input_deadline=date(2030, 10, 1),
        created_by=world.users["coordinator"],
    )


def generate_url(world):
    return reverse("agendas:plan_generate", kwargs={"ecosystem_slug": world.slug})


def test_generating_adds_one_task_per_active_template_with_its_due_date(world, spring_cycle):
    added = generate_plan(spring_cycle)

    templates = list(TaskTemplate.objects.filter(active=True))
    tasks = {task.template_id: task for task in spring_cycle.tasks.all()}
    assert added == len(templates) == len(tasks)
    for template in templates:
        task = tasks[template.pk]
        assert (task.title, task.description) == (template.title, template.description)
        assert task.due_date == due_date_for(template, spring_cycle)
        assert task.ecosystem == world.ecosystem
        assert (task.status, task.owner) == (PlanTask.Status.TODO, None)


def test_generating_twice_adds_nothing_the_second_time(world, spring_cycle):
    first = generate_plan(spring_cycle)

    second = generate_plan(spring_cycle)

    assert first > 0
    assert second == 0
    assert spring_cycle.tasks.count() == first


def test_a_template_added_to_the_checklist_later_is_picked_up_alone(world, spring_cycle):
    generate_plan(spring_cycle)
    TaskTemplate.objects.create(title="Brand new task", timing="after_session", weeks=2)

    added = generate_plan(spring_cycle)

    assert added == 1
    assert spring_cycle.tasks.get(title="Brand new task").due_date == date(2031, 5, 30)


def test_retired_templates_are_not_planned(world, spring_cycle):
    retired = TaskTemplate.objects.first()
    retired.active = False
    retired.save()

    generate_plan(spring_cycle)

    assert not spring_cycle.tasks.filter(template=retired).exists()


def test_each_cycle_gets_its_own_tasks(world, spring_cycle):
    generate_plan(world.cycle)

    added = generate_plan(spring_cycle)

    assert added == TaskTemplate.objects.filter(active=True).count()


def test_generated_tasks_can_all_go_to_one_owner(world, spring_cycle):
    editor = world.users["editor"]

    generate_plan(spring_cycle, owner=editor)

    assert set(spring_cycle.tasks.values_list("owner", flat=True)) == {editor.pk}


def test_a_coordinator_generates_the_plan_and_reads_how_many_tasks_were_added(
    world, client_for, spring_cycle
):
    client = client_for("coordinator")
    count = TaskTemplate.objects.filter(active=True).count()

    first = client.post(generate_url(world), {"cycle": spring_cycle.pk})
    again = client.post(generate_url(world), {"cycle": spring_cycle.pk}, follow=True)

    assert first.status_code == 302
    assert first["Location"].endswith(f"/agendas/plan/?cycle={spring_cycle.pk}")
    assert f"{count} tasks from the checklist were added to the plan for 2031 session." in [
        str(m) for m in get_messages(first.wsgi_request)
    ]
    assert "already has every task of the checklist" in again.content.decode()
    assert spring_cycle.tasks.count() == count


def test_the_generate_page_lists_the_checklist_and_offers_only_this_ecosystems_cycles(
    world, client_for
):
    page = client_for("coordinator").get(generate_url(world))

    html = page.content.decode()
    offered = set(page.context["form"].fields["cycle"].queryset)
    assert world.cycle in offered
    assert world.other_cycle not in offered
    assert "Write talking points and one-page handouts" in html
    assert "8 weeks before the session opens" in html


def test_another_ecosystems_cycle_cannot_be_planned_from_here(world, client_for):
    response = client_for("coordinator").post(generate_url(world), {"cycle": world.other_cycle.pk})

    assert response.status_code == 200
    assert "cycle" in response.context["form"].errors
    assert world.other_cycle.tasks.count() == 1  # only the world's own task


def test_the_default_owner_must_be_a_member_of_the_ecosystem(world, client_for):
    response = client_for("coordinator").post(
        generate_url(world), {"cycle": world.cycle.pk, "owner": world.users["outsider"].pk}
    )

    assert "owner" in response.context["form"].errors
