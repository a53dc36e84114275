"""The ecosystem's home page as a dashboard: where every tool stands, in figures a member can
act on, never another ecosystem's, and at a cost that does not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agendas.models import AgendaCycle, PlanTask, Submission
from continuum.models import Answer, Instrument, Response, Round
from ecosystem.models import Ecosystem, Membership, Organization, Role, User
from ecosystem.overview.dashboard import SHOWN, dashboard
from partners.models import Partner, ProgressEntry, Sector
from tests.helpers import assert_queries_do_not_grow, queries_for
from tests.world import TINY_PDF

TODAY = timezone.localdate


def home(world_or_slug) -> str:
    slug = getattr(world_or_slug, "slug", world_or_slug)
    return reverse("ecosystem:home", args=[slug])


def page(client: Client, url: str) -> str:
    """The page's text with its whitespace collapsed, as a reader sees it."""
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def panel(html: str, name: str) -> str:
    """One panel of the page, found by the id its heading labels it with."""
    match = re.search(rf'<section [^>]*aria-labelledby="dash-{name}".*?</section>', html)
    assert match, f"no {name} panel"
    return match.group(0)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- The Continuum ---------------------------------------------------------------------------


def test_the_continuum_panel_shows_the_latest_closed_round_against_the_one_before(
    world, client_for
):
    # In both closed rounds the contributor answered level 1 and the editor level 3
    # throughout (median 2). In the newer one the editor now says 4 for Leadership.
    top = world.closed_round.version.levels.order_by("-value").first()
    Answer.objects.filter(
        response__round=world.closed_round,
        response__user=world.users["editor"],
        indicator__strand__code="LEAD",
    ).update(level=top)

    board = dashboard(world.ecosystem, world.memberships["viewer"])

    assert board.continuum.round == world.closed_round
    assert board.continuum.previous == world.older_round
    leadership, *others = board.continuum.strands
    assert (leadership.name, leadership.rating, leadership.previous) == ("Leadership", 2.5, 2.0)
    assert (leadership.change, leadership.direction) == (0.5, "up")
    assert {(s.change, s.direction) for s in others} == {(0.0, "same")}

    html = panel(page(client_for("viewer"), home(world)), "continuum")
    assert "Latest closed round:" in html
    assert world.closed_round.title in html
    assert "Compared with Older round (2025)." in html
    assert '<th scope="col" class="text-end">2026</th>' in html
    assert '<th scope="col" class="text-end">2025</th>' in html
    # The change is said in words, not only by a sign or a color.
    assert re.search(r"Leadership</th> <td[^>]*>2.5</td> <td[^>]*>2.0</td> <td[^>]*>\+0.5 <", html)
    assert "up</span>" in html
    assert "no change</span>" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img"' in html


def test_a_round_is_compared_only_with_an_earlier_round_of_the_same_instrument(world):
    checklist = Instrument.objects.get(slug="self-assessment-checklist").latest_published()
    Round.objects.create(
        ecosystem=world.ecosystem,
        version=checklist,
        title="Quick check",
        period="2027",
        status=Round.Status.CLOSED,
        opened_at=timezone.now(),
        closed_at=timezone.now(),
    )

    panel_data = dashboard(world.ecosystem, world.memberships["viewer"]).continuum

    assert panel_data.round.title == "Quick check"
    assert panel_data.previous is None
    assert not panel_data.has_ratings  # nobody answered it


def test_a_closed_round_nobody_answered_says_so_instead_of_a_chart(world, client_for):
    Response.objects.filter(round=world.closed_round).update(submitted_at=None)
    Round.objects.filter(pk=world.older_round.pk).update(status=Round.Status.OPEN)

    html = panel(page(client_for("viewer"), home(world)), "continuum")

    assert "Nobody submitted answers in that round" in html
    assert "nothing to compare it with yet" in html
    assert "<svg" not in html
    assert "<table" not in html


def invite_to_closed_round(world, count: int) -> None:
    """``count`` more members invited to the latest closed round, who never answered."""
    for number in range(count):
        user = User.objects.create_user(email=f"silent{number}@world.example")
        Response.objects.create(round=world.closed_round, user=user, respondent_name=user.email)


def test_the_latest_results_say_so_when_fewer_than_half_of_those_invited_answered(
    world, client_for
):
    # The contributor and the editor submitted; the coordinator and six more did not.
    invite_to_closed_round(world, 6)

    html = panel(page(client_for("viewer"), home(world)), "continuum")

    assert (
        "Only 2 of the 9 members invited sent their answers, so read these ratings as a few "
        "members' view rather than the whole ecosystem's."
    ) in text(html)
    round_page = reverse("continuum:round_detail", args=[world.slug, world.closed_round.pk])
    assert f'<a href="{round_page}">See who was invited and who answered</a>' in html


def test_the_latest_results_say_so_when_fewer_than_three_answered_even_if_most_did(
    world, client_for
):
    # Two of the three invited submitted: most, but two people's view all the same.
    html = text(panel(page(client_for("viewer"), home(world)), "continuum"))

    assert (
        "These ratings rest on the answers of 2 members only, too few to stand for the "
        "whole ecosystem."
    ) in html
    assert "Only 2 of the" not in html


@pytest.mark.parametrize(("silent", "invited"), [(0, 3), (3, 6)])
def test_the_latest_results_carry_no_note_when_enough_members_answered(
    world, client_for, silent, invited
):
    Response.objects.filter(round=world.closed_round, user=world.users["coordinator"]).update(
        started_at=timezone.now(), submitted_at=timezone.now()
    )
    invite_to_closed_round(world, silent)  # at most half of those invited stay silent

    board = dashboard(world.ecosystem, world.memberships["viewer"])
    html = text(panel(page(client_for("viewer"), home(world)), "continuum"))

    people = board.continuum.participation
    assert (people.submitted, people.invited) == (3, invited)
    assert "From 3 submitted responses." in html
    assert "See who was invited and who answered" not in html
    assert "whole ecosystem" not in html


# --- Open rounds -----------------------------------------------------------------------------


def test_open_rounds_show_the_due_date_and_how_many_invited_members_submitted(world, client_for):
    Round.objects.filter(pk=world.round.pk).update(due_date=TODAY() + timedelta(days=3))
    Response.objects.filter(round=world.round, user=world.users["contributor"]).update(
        started_at=timezone.now(), submitted_at=timezone.now()
    )

    [item] = dashboard(world.ecosystem, world.memberships["contributor"]).open_rounds

    assert (item.round, item.invited, item.submitted, item.days_left) == (world.round, 3, 1, 3)
    assert item.invited_me
    assert item.submitted_mine
    html = panel(page(client_for("contributor"), home(world)), "rounds")
    assert "Open round" in html
    assert ": 3 days left." in html
    assert "1 of 3 invited members have submitted." in html
    assert "You have sent your answers" in html
    assert '<progress class="dashboard-progress" value="1" max="3"' in html


def test_a_round_past_its_due_date_is_called_late_in_words(world, client_for):
    Round.objects.filter(pk=world.round.pk).update(due_date=TODAY() - timedelta(days=2))

    html = text(panel(page(client_for("editor"), home(world)), "rounds"))

    assert "Late: answers were due" in html
    assert "2 days ago." in html
    assert "You are invited to answer and have not sent your answers yet. Answer now" in html


def test_members_who_were_not_invited_see_the_round_without_an_answer_link(world, client_for):
    html = panel(page(client_for("viewer"), home(world)), "rounds")

    assert "Open round" in html
    assert "No due date." in html
    assert "Answer now" not in html


# --- The current agenda cycle ----------------------------------------------------------------


def test_the_agenda_panel_shows_the_deadline_and_how_many_organizations_sent_input(
    world, client_for
):
    Submission.objects.filter(pk=world.submission.pk).update(submitted_at=timezone.now())
    library = Organization.objects.create(
        ecosystem=world.ecosystem, name="Hill School Library", kind=Organization.Kind.SCHOOL_LIBRARY
    )
    Submission.objects.create(cycle=world.cycle, organization=library)  # a draft

    agenda = dashboard(world.ecosystem, world.memberships["contributor"]).agenda

    assert agenda.cycle == world.cycle
    assert (agenda.sent, agenda.drafts, agenda.organizations) == (1, 1, 2)
    assert agenda.days_left == 30
    assert agenda.mine_sent
    html = text(panel(page(client_for("contributor"), home(world)), "agenda"))
    assert "2027 session Gathering input" in html
    assert ": 30 days left." in html
    assert "1 of 2 organizations have sent their input. 1 more has started a draft." in html
    assert "Central Public Library has sent its input." in html


def test_a_passed_input_deadline_is_said_in_words(world, client_for):
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(input_deadline=TODAY() - timedelta(days=3))

    html = text(panel(page(client_for("viewer"), home(world)), "agenda"))

    assert "Input closed on" in html
    assert "3 days ago." in html


def test_a_published_cycle_shows_how_many_organizations_signed_on(world, client_for):
    # With the coming session archived, last session's published cycle is the current one.
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(status=AgendaCycle.Status.ARCHIVED)

    agenda = dashboard(world.ecosystem, world.memberships["contributor"]).agenda

    assert agenda.cycle == world.published_cycle
    assert agenda.agenda == world.agenda
    assert (agenda.signed, agenda.mine_signed) == (1, True)
    html = text(panel(page(client_for("contributor"), home(world)), "agenda"))
    assert "Version 1 of the agenda was published on" in html
    assert "1 of 1 organization has signed on." in html
    assert "Central Public Library has signed on." in html


# --- Overdue year-plan tasks -----------------------------------------------------------------


def test_overdue_tasks_are_listed_oldest_first_with_owner_due_date_and_total(world, client_for):
    # The world's own task is due today: not overdue yet.
    for days in range(1, 8):
        PlanTask.objects.create(
            ecosystem=world.ecosystem,
            title=f"Late by {days}",
            due_date=TODAY() - timedelta(days=days),
            owner=world.users["editor"] if days % 2 else None,
        )
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Done long ago",
        due_date=TODAY() - timedelta(days=30),
        status=PlanTask.Status.DONE,
    )

    tasks = dashboard(world.ecosystem, world.memberships["viewer"]).tasks

    assert tasks.overdue_count == 7
    assert [item.task.title for item in tasks.overdue] == [
        f"Late by {days}" for days in (7, 6, 5, 4, 3)
    ]
    assert tasks.overdue[0].days_late == 7
    html = text(panel(page(client_for("viewer"), home(world)), "tasks"))
    assert "7 tasks are overdue. The 5 oldest are below." in html
    assert "Late by 7 Owner: Editor Person · Overdue: due" in html
    assert "7 days late" in html
    assert "Late by 6 No owner yet" in html
    assert "Late by 2" not in html
    assert "All 7 overdue tasks in the year plan" in html
    assert reverse("agendas:plan", args=[world.slug]) + "?overdue=yes" in page(
        client_for("viewer"), home(world)
    )


def test_with_nothing_overdue_the_tasks_panel_says_how_many_are_still_to_do(world, client_for):
    html = text(panel(page(client_for("viewer"), home(world)), "tasks"))

    assert "Nothing is overdue. 1 task is still to do." in html


# --- Partners needing attention --------------------------------------------------------------


def test_partners_needing_attention_show_their_first_reason_and_the_total(world, client_for):
    for number in range(6):
        Partner.objects.create(
            ecosystem=world.ecosystem, name=f"Quiet partner {number}", sector=Sector.BUSINESS
        )

    attention = dashboard(world.ecosystem, world.memberships["viewer"]).attention

    assert (attention.total, attention.active, len(attention.items)) == (7, 7, SHOWN)
    html = text(panel(page(client_for("viewer"), home(world)), "attention"))
    assert "7 of 7 active partners need attention." in html
    # The world's partner has an overdue next step and a "Not yet" at its health check.
    assert "County Literacy Council 1 next step is overdue: it was due on" in html
    assert "(and 1 more reason)" in html
    assert "All 7 partners that need attention, and why" in html


def test_when_every_partner_is_well_tended_the_panel_says_so(world, client_for):
    Partner.objects.filter(pk=world.partner.pk).update(status=Partner.Status.PAUSED)

    html = text(panel(page(client_for("viewer"), home(world)), "attention"))

    assert "No active partners yet." in html
    assert "Add a partner" not in html  # a viewer cannot


# --- Recent progress -------------------------------------------------------------------------


def test_recent_progress_shows_the_newest_entries_with_their_strand_and_the_total(
    world, client_for
):
    for days in range(1, 7):
        ProgressEntry.objects.create(
            ecosystem=world.ecosystem,
            date=TODAY() - timedelta(days=days),
            strand_code="LEAD",
            activity=f"Step taken {days} days ago",
        )

    progress = dashboard(world.ecosystem, world.memberships["viewer"]).progress

    assert progress.total == 7
    assert [item.entry.activity for item in progress.entries] == [
        f"Step taken {days} days ago" for days in range(1, 6)
    ]
    assert progress.entries[0].strand_name == "Leadership"
    html = text(panel(page(client_for("viewer"), home(world)), "progress"))
    assert "Step taken 1 days ago" in html
    assert "Leadership" in html
    assert "Step taken 6 days ago" not in html
    assert "The whole progress record (7 steps)" in html


def test_a_progress_entry_keeps_its_strand_code_when_the_continuum_no_longer_has_it(world):
    ProgressEntry.objects.filter(pk=world.progress_entry.pk).update(strand_code="GONE")

    [item] = dashboard(world.ecosystem, world.memberships["viewer"]).progress.entries

    assert item.strand_name == "GONE"


# --- Only this ecosystem, and only the actions a role allows ---------------------------------


def test_another_ecosystems_rounds_cycles_tasks_partners_and_progress_never_appear(
    world, client_for
):
    Round.objects.filter(pk=world.other_round.pk).update(title="Their open round")
    AgendaCycle.objects.filter(pk=world.other_cycle.pk).update(title="Their session")
    PlanTask.objects.filter(pk=world.other_task.pk).update(
        title="Their late task", due_date=TODAY() - timedelta(days=5)
    )
    ProgressEntry.objects.filter(pk=world.other_progress_entry.pk).update(activity="Their step")
    Round.objects.create(
        ecosystem=world.other,
        version=world.closed_round.version,
        title="Their closed round",
        period="2030",
        status=Round.Status.CLOSED,
        opened_at=timezone.now(),
    )

    html = page(client_for("coordinator"), home(world))

    for theirs in (
        "Their open round",
        "Their closed round",
        "Their session",
        "Their late task",
        world.other_partner.name,
        "Their step",
    ):
        assert theirs not in html
    board = dashboard(world.ecosystem, world.memberships["coordinator"])
    assert [item.round for item in board.open_rounds] == [world.round]
    assert board.continuum.round == world.closed_round
    assert board.tasks.overdue_count == 0
    assert [item.partner for item in board.attention.items] == [world.partner]


@pytest.fixture
def empty_ecosystem(world):
    """An ecosystem with nothing in it yet, a coordinator and a viewer."""
    ecosystem = Ecosystem.objects.create(name="Brand New Ecosystem", slug="brand-new")
    clients = {}
    for role in (Role.COORDINATOR, Role.EDITOR, Role.VIEWER):
        user = User.objects.create_user(email=f"{role.label.lower()}@brand-new.example")
        Membership.objects.create(user=user, ecosystem=ecosystem, role=role)
        clients[role] = Client()
        clients[role].force_login(user)
    return ecosystem, clients


EMPTY_STATES = {
    "continuum": "No assessment round has closed yet",
    "rounds": "No round is open right now.",
    "agenda": "No agenda cycle is under way.",
    "tasks": "The year plan has no tasks yet.",
    "attention": "No active partners yet.",
    "progress": "No step of the ecosystem's progress has been recorded yet.",
}


def test_an_empty_ecosystem_tells_its_coordinator_what_to_do_first(empty_ecosystem):
    ecosystem, clients = empty_ecosystem

    html = page(clients[Role.COORDINATOR], home(ecosystem.slug))

    for name, empty in EMPTY_STATES.items():
        assert empty in text(panel(html, name)), name
    for url_name, label in [
        ("continuum:round_create", "Open a round"),
        ("agendas:cycle_create", "Start a cycle"),
        ("agendas:task_create", "Add a task"),
        ("partners:partner_create", "Add a partner"),
        ("partners:progress_create", "Record a step"),
    ]:
        assert f'href="{reverse(url_name, args=[ecosystem.slug])}">{label}</a>' in html


def test_an_editor_is_offered_only_what_editors_may_do(empty_ecosystem):
    ecosystem, clients = empty_ecosystem

    html = page(clients[Role.EDITOR], home(ecosystem.slug))

    assert "Add a task" in html
    assert "Add a partner" in html
    assert "Record a step" in html
    assert reverse("continuum:round_create", args=[ecosystem.slug]) not in html
    assert reverse("agendas:cycle_create", args=[ecosystem.slug]) not in html


def test_an_empty_ecosystem_tells_a_viewer_who_will_fill_it_and_offers_no_actions(
    empty_ecosystem,
):
    ecosystem, clients = empty_ecosystem

    html = page(clients[Role.VIEWER], home(ecosystem.slug))

    for name, empty in EMPTY_STATES.items():
        assert empty in text(panel(html, name)), name
    assert "A coordinator opens one when it is time" in html
    assert "btn-primary" not in html
    for url_name in (
        "continuum:round_create",
        "agendas:cycle_create",
        "agendas:plan_generate",
        "agendas:task_create",
        "partners:partner_create",
        "partners:progress_create",
    ):
        assert reverse(url_name, args=[ecosystem.slug]) not in html


def test_each_panel_is_a_section_named_by_its_heading_with_a_link_into_its_tool(world, client_for):
    html = page(client_for("viewer"), home(world))

    for name, tool in [
        ("continuum", "continuum:index"),
        ("rounds", "continuum:index"),
        ("agenda", "agendas:index"),
        ("tasks", "agendas:plan"),
        ("attention", "partners:needs_attention"),
        ("progress", "partners:progress_list"),
    ]:
        section = panel(html, name)
        assert re.search(rf'<h2 class="h5" id="dash-{name}">', section), name
        if name == "continuum":
            tool = "continuum:results"
            url = reverse(tool, args=[world.slug, world.closed_round.pk])
        else:
            url = reverse(tool, args=[world.slug])
        assert f'href="{url}' in section, name
    assert len(re.findall(r"<h1[\s>]", html)) == 1


# --- What it costs ---------------------------------------------------------------------------


def test_the_home_page_makes_the_same_queries_for_a_little_or_a_lot_of_data(world, client_for):
    version = world.closed_round.version
    contributors = [world.memberships["contributor"]]

    def grow(count: int) -> None:
        start = Organization.objects.count()
        for number in range(start, start + count):
            organization = Organization.objects.create(
                ecosystem=world.ecosystem, name=f"Library {number}", kind="public_library"
            )
            user = User.objects.create_user(email=f"member{number}@example.org")
            membership = Membership.objects.create(
                user=user, ecosystem=world.ecosystem, role=Role.CONTRIBUTOR
            )
            contributors.append(membership)
            Submission.objects.create(
                cycle=world.cycle, organization=organization, submitted_at=timezone.now()
            )
            round = Round.objects.create(
                ecosystem=world.ecosystem,
                version=version,
                title=f"Round {number}",
                period=str(number),
                due_date=TODAY() - timedelta(days=1),
            )
            Response.objects.create(round=round, user=user, respondent_name=user.email)
            Response.objects.create(
                round=world.closed_round,
                user=user,
                respondent_name=user.email,
                submitted_at=timezone.now(),
            )
            PlanTask.objects.create(
                ecosystem=world.ecosystem,
                title=f"Task {number}",
                due_date=TODAY() - timedelta(days=2),
                owner=user,
            )
            Partner.objects.create(
                ecosystem=world.ecosystem, name=f"Partner {number}", library_lead=user
            )
            ProgressEntry.objects.create(
                ecosystem=world.ecosystem, strand_code="COMM", activity=f"Step {number}"
            )

    assert_queries_do_not_grow(client_for("coordinator"), home(world), grow, small=3, large=15)


def test_the_home_page_stays_within_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("coordinator")
    client.get(home(world))

    # 32 queries: session, user, membership (3); organizations (1); the latest and the
    # previous closed round (2) and six for the results of each (12); open rounds (1); the
    # agenda cycle and its input (2), plus its agenda once published; tasks: counts, the
    # first overdue (2); attention: partners, checks, active partners (3); progress:
    # entries, count, strand names (3); your to-dos: your first tasks and their number (2);
    # members (1).
    with django_assert_max_num_queries(33):
        client.get(home(world))


def home_queries_after_seed_demo(scale: int) -> tuple[int, list[str], int]:
    """The demo coordinator's home page after ``seed_demo --scale``: its query count and
    SQL, and how many partners the demo has. The demo is rolled back afterwards, so each
    scale is measured on a database of its own."""
    with transaction.atomic():
        call_command("seed_demo", f"--scale={scale}", "--force", stdout=StringIO())
        client = Client()
        client.force_login(User.objects.get(email="coordinator@demo.example"))
        url = home("riverland")
        client.get(url)  # the first visit writes the session
        count, sql = queries_for(client, url)
        partners = Partner.objects.filter(ecosystem__slug="riverland").count()
        transaction.set_rollback(True)
    return count, sql, partners


def test_the_home_page_makes_as_many_queries_after_seed_demo_scale_10_as_after_scale_1(
    world, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    # Rendering the demo's sample agreements as PDFs takes half the seeding time, and the
    # dashboard never reads a document: a tiny PDF stands in for each.
    monkeypatch.setattr("partners.demo.documents.render_pdf", lambda *args, **kwargs: TINY_PDF)

    small, small_sql, few_partners = home_queries_after_seed_demo(1)
    large, large_sql, many_partners = home_queries_after_seed_demo(10)

    assert many_partners == 10 * few_partners
    assert small == large, "queries grew with the data:\n" + "\n".join(
        sql for sql in large_sql if sql not in small_sql
    )
