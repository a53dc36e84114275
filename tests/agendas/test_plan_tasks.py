"""The year plan's task list and calendar, adding and editing tasks, and who may change a
task's status."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agendas.models import PlanTask
from tests.matrix import all_rows


def url(world, name, **kwargs):
    return reverse(f"agendas:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def add_task(world, title, *, days=0, owner=None, status=PlanTask.Status.TODO, **fields):
    return PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title=title,
        due_date=timezone.localdate() + timedelta(days=days),
        owner=owner,
        status=status,
        **fields,
    )


def row_of(html, task):
    match = re.search(rf'<tr id="task-{task.pk}".*?</tr>', html, re.DOTALL)
    assert match, f"no row for {task.title}"
    return match.group(0)


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_each_tasks_owner_due_date_and_status(world, client_for):
    html = client_for("viewer").get(url(world, "plan")).content.decode()

    row = row_of(html, world.task)
    assert "Plan the legislative day" in row
    assert "Coordinator Person" in row
    assert "To do" in row
    assert timezone.localdate().strftime("%Y") in row


def test_an_overdue_task_stands_out_in_words_not_only_colour(world, client_for):
    late = add_task(world, "Send the thank-you letters", days=-3)
    done_late = add_task(world, "Already handled", days=-3, status=PlanTask.Status.DONE)

    html = client_for("viewer").get(url(world, "plan")).content.decode()

    assert 'class="task-overdue"' in row_of(html, late)
    assert "Overdue" in row_of(html, late)
    assert "Overdue" not in row_of(html, done_late)
    assert "Overdue" not in row_of(html, world.task), "due today is not late yet"
    assert "1 task is past its due date and not done yet." in html


def test_the_overdue_filter_keeps_only_late_open_tasks(world, client_for):
    late = add_task(world, "Late one", days=-1)
    add_task(world, "Late but done", days=-1, status=PlanTask.Status.DONE)

    page = client_for("viewer").get(url(world, "plan"), {"overdue": "yes"})

    assert list(page.context["page"]) == [late]


def test_the_list_filters_by_status_owner_and_cycle(world, client_for):
    editor = world.users["editor"]
    mine = add_task(world, "Editor's task", owner=editor, status=PlanTask.Status.DOING)
    unowned = add_task(world, "Nobody's task")
    client = client_for("viewer")

    def titles(**query):
        return [task.title for task in client.get(url(world, "plan"), query).context["page"]]

    assert titles(owner=editor.pk) == [mine.title]
    assert titles(owner="null") == [unowned.title]
    assert titles(status="doing") == [mine.title]
    assert titles(cycle=world.cycle.pk) == [world.task.title]
    assert titles(q="legislative") == [world.task.title]


def test_the_filters_offer_only_this_ecosystems_people_and_cycles(world, client_for):
    form = client_for("viewer").get(url(world, "plan")).context["filter"].form

    owners = {user.email for user in form.fields["owner"].queryset}
    assert "outsider@world.example" not in owners
    assert "viewer@world.example" in owners
    assert world.other_cycle not in set(form.fields["cycle"].queryset)


def test_the_list_is_paginated(world, client_for):
    for number in range(30):
        add_task(world, f"Task {number:02}", days=number + 1)

    first = client_for("viewer").get(url(world, "plan"))
    second = client_for("viewer").get(url(world, "plan"), {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 6


def test_htmx_filtering_gets_the_results_alone(world, client_for):
    response = client_for("viewer").get(url(world, "plan"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<h1" not in html
    assert 'id="task-' in html
    assert "HX-Request" in response["Vary"]


# --- The calendar ----------------------------------------------------------------------------


def test_the_calendar_is_a_table_with_the_month_as_caption_and_tasks_on_their_day(
    world, client_for
):
    late = add_task(world, "Yesterday's task", days=-1)
    month = late.due_date

    page = client_for("viewer").get(url(world, "plan_calendar"), {"month": f"{month:%Y-%m}"})

    html = page.content.decode()
    assert re.search(rf"<caption>\s*{month:%B %Y}:", html)
    assert html.count('<th scope="col">') == 7
    assert "Yesterday&#x27;s task" in html
    cell = next(day for week in page.context["weeks"] for day in week if day.day == month)
    assert late in cell.tasks
    assert '<span class="badge text-bg-danger">Overdue</span>' in html


def test_the_calendar_links_to_the_previous_and_next_month(world, client_for):
    html = (
        client_for("viewer").get(url(world, "plan_calendar"), {"month": "2027-01"}).content.decode()
    )

    assert 'href="?month=2026-12"' in html
    assert 'href="?month=2027-02"' in html
    assert "January 2027" in html


def test_the_calendar_shows_only_this_ecosystems_tasks(world, client_for):
    world.other_task.due_date = world.task.due_date
    world.other_task.title = "Secret of the other ecosystem"
    world.other_task.save()

    html = client_for("coordinator").get(url(world, "plan_calendar")).content.decode()

    assert "Plan the legislative day" in html
    assert "Secret of the other ecosystem" not in html


# --- Adding, editing, removing ------------------------------------------------------------------


def test_an_editor_adds_a_task_for_a_member(world, client_for):
    response = client_for("editor").post(
        url(world, "task_create"),
        {
            "title": "Book the capitol rooms",
            "due_date": "2027-01-04",
            "owner": world.users["contributor"].pk,
            "cycle": world.cycle.pk,
        },
    )

    task = PlanTask.objects.get(title="Book the capitol rooms")
    assert response.status_code == 302
    assert (task.ecosystem, task.owner, task.cycle) == (
        world.ecosystem,
        world.users["contributor"],
        world.cycle,
    )
    assert task.due_date == date(2027, 1, 4)


def test_owners_are_the_ecosystems_contributors_and_up_never_outsiders(world, client_for):
    form = client_for("editor").get(url(world, "task_create")).context["form"]

    offered = {user.email for user in form.fields["owner"].queryset}
    assert offered == {
        "contributor@world.example",
        "editor@world.example",
        "coordinator@world.example",
    }


def test_a_task_cannot_be_given_to_someone_from_another_ecosystem(world, client_for):
    response = client_for("editor").post(
        url(world, "task_create"),
        {
            "title": "Sneaky",
            "due_date": "2027-01-04",
            "owner": world.users["outsider"].pk,
            "cycle": world.other_cycle.pk,
        },
    )

    assert set(response.context["form"].errors) == {"owner", "cycle"}
    assert 'value="Sneaky"' in response.content.decode()
    assert not PlanTask.objects.filter(title="Sneaky").exists()


def test_editing_keeps_an_owner_who_is_now_a_viewer(world, client_for):
    task = add_task(world, "Viewer's old task", owner=world.users["viewer"])

    response = client_for("editor").post(
        url(world, "task_update", pk=task.pk),
        {
            "title": "Renamed",
            "due_date": "2027-02-01",
            "owner": world.users["viewer"].pk,
            "version": task.version,
        },
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.owner) == ("Renamed", world.users["viewer"])


def test_editing_never_changes_the_status(world, client_for):
    task = add_task(world, "Done already", status=PlanTask.Status.DONE)

    client_for("editor").post(
        url(world, "task_update", pk=task.pk),
        {
            "title": "Done already",
            "due_date": "2027-02-01",
            "status": "todo",
            "version": task.version,
        },
    )

    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE


def test_two_editors_changing_one_task_do_not_overwrite_each_other(world, client_for):
    task = world.task
    data = {"title": "Theirs", "due_date": "2027-02-01", "version": task.version}
    client_for("coordinator").post(url(world, "task_update", pk=task.pk), data)

    stale = client_for("editor").post(
        url(world, "task_update", pk=task.pk), data | {"title": "Mine"}
    )

    task.refresh_from_db()
    assert "Someone else saved this" in stale.content.decode()
    assert task.title == "Theirs"


def test_changing_the_status_does_not_get_in_the_way_of_an_edit(world, client_for):
    task = world.task
    started_from = task.version
    client_for("coordinator").post(url(world, "task_status", pk=task.pk), {"status": "done"})

    response = client_for("editor").post(
        url(world, "task_update", pk=task.pk),
        {"title": "Renamed", "due_date": "2027-02-01", "version": started_from},
    )

    assert response.status_code == 302


def test_an_editor_removes_a_task(world, client_for):
    response = client_for("editor").post(url(world, "task_delete", pk=world.task.pk))

    assert response.status_code == 302
    assert not PlanTask.objects.filter(pk=world.task.pk).exists()


# --- Status ---------------------------------------------------------------------------------


def test_the_owner_marks_their_own_task_done_even_as_a_contributor(world, client_for):
    task = add_task(world, "Contributor's task", owner=world.users["contributor"])

    response = client_for("contributor").post(
        url(world, "task_status", pk=task.pk), {"status": "done"}
    )

    task.refresh_from_db()
    assert response.status_code == 302
    assert task.status == PlanTask.Status.DONE
    assert task.done_at is not None
    assert timezone.now() - task.done_at < timedelta(minutes=1)


def test_a_contributor_cannot_change_someone_elses_task(world, client_for):
    response = client_for("contributor").post(
        url(world, "task_status", pk=world.task.pk), {"status": "done"}
    )

    world.task.refresh_from_db()
    assert response.status_code == 403
    assert world.task.status == PlanTask.Status.TODO


def test_a_viewer_cannot_change_a_status_even_of_a_task_they_own(world, client_for):
    task = add_task(world, "Viewer's task", owner=world.users["viewer"])

    response = client_for("viewer").post(url(world, "task_status", pk=task.pk), {"status": "done"})

    task.refresh_from_db()
    assert response.status_code == 403
    assert task.status == PlanTask.Status.TODO


def test_an_editor_changes_any_tasks_status_and_reopening_forgets_when_it_was_done(
    world, client_for
):
    client = client_for("editor")
    status_url = url(world, "task_status", pk=world.task.pk)

    client.post(status_url, {"status": "done"})
    client.post(status_url, {"status": "doing"})

    world.task.refresh_from_db()
    assert world.task.status == PlanTask.Status.DOING
    assert world.task.done_at is None


def test_an_unknown_status_changes_nothing(world, client_for):
    response = client_for("editor").post(
        url(world, "task_status", pk=world.task.pk), {"status": "abandoned"}, follow=True
    )

    world.task.refresh_from_db()
    assert world.task.status == PlanTask.Status.TODO
    assert "The status was not changed" in response.content.decode()


def test_after_a_status_change_the_list_comes_back_with_its_filters(world, client_for):
    back = url(world, "plan") + "?status=todo&page=1"

    response = client_for("editor").post(
        url(world, "task_status", pk=world.task.pk), {"status": "doing", "next": back}
    )

    assert response["Location"] == f"{back}#task-{world.task.pk}"


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/x", "/admin/"])
def test_a_status_change_never_sends_anyone_elsewhere(world, client_for, elsewhere):
    response = client_for("editor").post(
        url(world, "task_status", pk=world.task.pk), {"status": "doing", "next": elsewhere}
    )

    assert response["Location"] == f"{url(world, 'plan')}#task-{world.task.pk}"


def test_the_list_offers_the_status_form_only_where_it_may_be_used(world, client_for):
    own = add_task(world, "Contributor's own", owner=world.users["contributor"])

    contributor = client_for("contributor").get(url(world, "plan")).content.decode()
    viewer = client_for("viewer").get(url(world, "plan")).content.decode()
    editor = client_for("editor").get(url(world, "plan")).content.decode()

    assert "status-form" in row_of(contributor, own)
    assert "status-form" not in row_of(contributor, world.task)
    assert "status-form" not in viewer
    assert "status-form" in row_of(editor, world.task)
    assert "Edit" not in row_of(contributor, own), "contributors do not edit tasks"


# --- Another ecosystem's task -------------------------------------------------------------------

FOREIGN_TASK_URLS = [
    ("task_update", "get"),
    ("task_update", "post"),
    ("task_delete", "get"),
    ("task_delete", "post"),
    ("task_status", "post"),
]


@pytest.mark.parametrize(("name", "method"), FOREIGN_TASK_URLS)
def test_another_ecosystems_task_answers_404_through_your_own_ecosystem(
    name, method, world, client_for
):
    target = url(world, name, pk=world.other_task.pk)

    response = getattr(client_for("coordinator"), method)(
        target, {"title": "Taken over", "due_date": "2027-01-01", "status": "done"}
    )

    assert response.status_code == 404
    world.other_task.refresh_from_db()
    assert (world.other_task.title, world.other_task.status) == ("Plan the legislative day", "todo")


def test_every_action_of_the_plan_has_a_post_row_in_the_matrix():
    post_rows = {row.url_name for row in all_rows() if row.method == "post"}

    for name in [
        "task_create",
        "task_update",
        "task_delete",
        "task_status",
        "plan_generate",
        "feed_create",
        "feed_regenerate",
        "feed_revoke",
    ]:
        assert f"agendas:{name}" in post_rows, name
