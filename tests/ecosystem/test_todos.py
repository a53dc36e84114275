"""Your to-dos, at the top of the home page: what waits on the member looking at it, each
item one link to where it is done, gone once it is done, never another ecosystem's, and
at a cost that does not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agendas.models import AgendaCycle, PlanTask, SignOn, Submission
from agendas.models.plan import TASK_HORIZON_DAYS
from continuum.models import Response, Round
from ecosystem.overview.dashboard import SHOWN, dashboard
from ecosystem.overview.todos import Kind, todos
from partners.models import Partner, Phase, Reflection
from tests.helpers import assert_queries_do_not_grow

TODAY = timezone.localdate


def home(world) -> str:
    return reverse("ecosystem:home", args=[world.slug])


def todo_section(client: Client, world) -> str:
    """The to-do section's text as a reader sees it, with its links as [words](url)."""
    response = client.get(home(world))
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<section [^>]*aria-labelledby="your-todos".*?</section>', html, re.S)
    assert match, "no to-do section"
    section = re.sub(r'<span class="visually-hidden">.*?</span>', "", match.group(0))
    section = re.sub(r'<a href="([^"]*)"[^>]*>(.*?)</a>', r"[\2](\1)", section)
    return " ".join(re.sub(r"<[^>]+>", " ", section).split()).replace("&amp;", "&")


def items_for(world, persona: str):
    membership = world.memberships[persona]
    return todos(dashboard(world.ecosystem, membership), membership).items


def test_a_contributor_is_asked_to_answer_the_round_and_finish_the_organizations_input(
    world, client_for
):
    Round.objects.filter(pk=world.round.pk).update(due_date=TODAY() + timedelta(days=5))

    round_item, input_item = items_for(world, "contributor")

    assert (round_item.kind, round_item.due) == (Kind.ROUND, TODAY() + timedelta(days=5))
    assert (input_item.kind, input_item.due) == (Kind.INPUT, world.cycle.input_deadline)
    text = todo_section(client_for("contributor"), world)
    answer = reverse("continuum:answer_step", args=[world.slug, world.round.pk, 1])
    give = reverse("agendas:input", args=[world.slug, world.cycle.pk, world.organization.pk])
    assert f"Answer the Continuum round “Open round”. [Answer now]({answer})" in text
    assert "in 5 days." in text
    assert (
        "Finish the input of Central Public Library to “2027 session” and send it. "
        f"[Open the input]({give})"
    ) in text
    assert "in 30 days." in text


def test_what_is_done_leaves_the_list(world, client_for):
    Response.objects.filter(round=world.round, user=world.users["contributor"]).update(
        started_at=timezone.now(), submitted_at=timezone.now()
    )
    Submission.objects.filter(pk=world.submission.pk).update(submitted_at=timezone.now())

    assert items_for(world, "contributor") == ()
    text = todo_section(client_for("contributor"), world)
    assert "Nothing is waiting for you right now." in text
    assert "When a coordinator invites you to a round" in text


def test_the_to_dos_come_before_every_panel_of_the_dashboard(world, client_for):
    html = client_for("contributor").get(home(world)).content.decode()

    assert html.index('id="your-todos"') < html.index('id="dash-continuum"')


def test_a_published_agenda_the_organization_has_not_signed_asks_for_its_sign_on(world, client_for):
    # With the coming session archived, last session's published cycle is the current one.
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(status=AgendaCycle.Status.ARCHIVED)
    SignOn.objects.filter(agenda=world.agenda).delete()

    text = todo_section(client_for("contributor"), world)

    url = reverse("agendas:agenda_detail", args=[world.slug, world.published_cycle.pk, 1])
    assert (
        "Sign Central Public Library on to version 1 of the agenda “2026 session”. "
        f"[Read the agenda and sign on]({url})"
    ) in text


def test_a_signed_agenda_and_a_cycle_past_gathering_ask_for_nothing(world):
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(status=AgendaCycle.Status.CONSOLIDATING)
    Response.objects.filter(round=world.round).update(submitted_at=timezone.now())

    assert items_for(world, "contributor") == ()


def test_input_is_not_asked_for_once_the_deadline_has_passed(world):
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(input_deadline=TODAY() - timedelta(days=1))

    assert Kind.INPUT not in [item.kind for item in items_for(world, "contributor")]


def test_the_members_own_tasks_late_or_due_within_two_weeks_are_listed_soonest_first(
    world, client_for
):
    me, someone_else = world.users["contributor"], world.users["editor"]

    def task(title: str, days: int, owner=me, **fields) -> PlanTask:
        return PlanTask.objects.create(
            ecosystem=world.ecosystem,
            title=title,
            due_date=TODAY() + timedelta(days=days),
            owner=owner,
            **fields,
        )

    soon = task("Book the room", 10)
    yesterday = task("Send the invitations", -1)
    late = task("Call the senator's office", -4)
    task("Print the handouts", TASK_HORIZON_DAYS + 1)  # not yet
    task("Write the op-ed", -2, status=PlanTask.Status.DONE)
    task("Someone else's task", 1, owner=someone_else)
    PlanTask.objects.create(ecosystem=world.other, title="Elsewhere", due_date=TODAY(), owner=me)
    Response.objects.filter(round=world.round).update(submitted_at=timezone.now())
    Submission.objects.filter(pk=world.submission.pk).update(submitted_at=timezone.now())

    items = items_for(world, "contributor")

    assert [item.kind for item in items] == [Kind.TASK] * 3
    assert [item.text for item in items] == [
        f"Your task in the year plan: {task.title}" for task in (late, yesterday, soon)
    ]
    text = todo_section(client_for("contributor"), world)
    plan = reverse("agendas:plan", args=[world.slug])
    owner = world.users["contributor"].pk
    assert f"[Open it in the plan]({plan}?owner={owner}#task-{late.pk})" in text
    assert "4 days ago." in text
    assert "Late: it was due yesterday," in text
    assert "in 10 days." in text
    assert "Someone else" not in text
    assert "Elsewhere" not in text


def test_beyond_five_tasks_a_link_opens_the_plan_filtered_to_the_members_tasks(world, client_for):
    for number in range(SHOWN + 2):
        PlanTask.objects.create(
            ecosystem=world.ecosystem,
            title=f"Task {number}",
            due_date=TODAY() + timedelta(days=number),
            owner=world.users["coordinator"],
        )

    result = todos(
        dashboard(world.ecosystem, world.memberships["coordinator"]),
        world.memberships["coordinator"],
    )

    # The world's own task for the coordinator is due today as well: eight in all.
    assert sum(item.kind == Kind.TASK for item in result.items) == SHOWN
    assert result.more_tasks == 3
    text = todo_section(client_for("coordinator"), world)
    plan = reverse("agendas:plan", args=[world.slug])
    owner = world.users["coordinator"].pk
    assert f"[3 more of your tasks are due soon or late]({plan}?owner={owner})" in text


def test_a_lead_is_asked_to_tend_the_partners_that_need_attention(world, client_for):
    # The world's partner, led by the editor, has a next step ten days late.
    Partner.objects.create(
        ecosystem=world.ecosystem, name="Quiet Garden Club", library_lead=world.users["editor"]
    )
    Partner.objects.create(
        ecosystem=world.ecosystem, name="Someone Else's Partner", library_lead=world.users["viewer"]
    )

    partners = [item for item in items_for(world, "editor") if item.kind == Kind.PARTNER]

    # Most reasons first: the world's partner is late and weakly rated, the club only quiet.
    assert [item.text for item in partners] == [
        "County Literacy Council, a partnership you lead, needs attention.",
        "Quiet Garden Club, a partnership you lead, needs attention.",
    ]
    text = todo_section(client_for("editor"), world)
    url = reverse("partners:partner_detail", args=[world.slug, world.partner.pk])
    assert f"[Open the partner]({url})" in text
    assert "No contact logged since it was added" in text
    assert "Someone Else" not in text


def test_a_resting_partner_is_not_nagged_for_silence_only_asked_for_its_yearly_reflection(
    world, client_for
):
    resting = Partner.objects.create(
        ecosystem=world.ecosystem,
        name="Resting Rotary",
        library_lead=world.users["editor"],
        phase=Phase.RESTING,
    )

    [item] = [item for item in items_for(world, "editor") if "Resting Rotary" in item.text]

    assert "Resting: no reflection written on it in the past year." in item.detail
    url = reverse("partners:reflection_create", args=[world.slug, resting.pk])
    assert (item.link, item.url) == ("Reflect on this partnership", url)
    Reflection.objects.create(partner=resting, year=TODAY().year, what_worked="Rest")
    assert not [item for item in items_for(world, "editor") if "Resting Rotary" in item.text]


def test_a_viewer_has_nothing_to_do_and_is_told_whom_to_ask_to_take_part(world, client_for):
    text = todo_section(client_for("viewer"), world)

    assert "Nothing is waiting for you right now." in text
    assert "ask a coordinator for the contributor role" in text


def test_the_to_dos_cost_the_same_queries_however_much_waits_on_the_member(world, client_for):
    me = world.users["contributor"]

    def grow(count: int) -> None:
        for number in range(count):
            round = Round.objects.create(
                ecosystem=world.ecosystem,
                version=world.round.version,
                title=f"Round {Round.objects.count()}",
                period="2027",
                due_date=TODAY() + timedelta(days=number),
            )
            Response.objects.create(round=round, user=me, respondent_name=me.email)
            PlanTask.objects.create(
                ecosystem=world.ecosystem, title=f"Task {number}", due_date=TODAY(), owner=me
            )
            Partner.objects.create(
                ecosystem=world.ecosystem,
                name=f"Partner {Partner.objects.count()}",
                library_lead=me,
            )

    assert_queries_do_not_grow(client_for("contributor"), home(world), grow, small=2, large=12)
