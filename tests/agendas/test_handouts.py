"""What the agenda tells legislators and partners: each priority's ask, no internal scores,
ranks or organizations' notes, and publishing only with the gaps in plain sight."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from pypdf import PdfReader

from agendas import services
from agendas.models import LegislativeIssue, Priority, PublishedAgenda, Score, SignOn
from ecosystem.models import Organization, User
from tests.helpers import assert_queries_do_not_grow

ASK = {
    "ask_what": "$3 million in matching grants for library broadband",
    "ask_who": "House Appropriations Committee",
    "ask_when": "2027 session",
}
POINTS = "The library is the town's internet.\nMatching money brings federal funds."


def url(world, name, cycle=None, **kwargs):
    return reverse(
        f"agendas:{name}",
        kwargs={"ecosystem_slug": world.slug, "pk": (cycle or world.cycle).pk, **kwargs},
    )


def text_of(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return len(reader.pages), text


def today_in_words() -> str:
    return dateformat.format(timezone.localdate(), formats.get_format("DATE_FORMAT"))


@pytest.fixture
def broadband(world):
    """The world's gathering cycle's priority, complete: talking points and a full ask."""
    priority = world.cycle.priorities.get()
    Priority.objects.filter(pk=priority.pk).update(talking_points=POINTS, **ASK)
    priority.refresh_from_db()
    return priority


# --- What a priority lacks ------------------------------------------------------------------


def test_a_priority_without_points_or_ask_lacks_both():
    assert Priority(title="Staffing").gaps() == ["no talking points", "no ask"]


def test_a_partial_ask_names_the_parts_it_lacks():
    priority = Priority(title="Staffing", talking_points="One", ask_what="A librarian each")

    assert priority.gaps() == ["the ask lacks: who decides, by when"]


def test_a_complete_priority_lacks_nothing():
    assert Priority(title="Broadband", talking_points=POINTS, **ASK).gaps() == []


def test_merging_input_no_longer_copies_an_organizations_notes_into_the_summary(world):
    issue = world.submission.legislative_issues.get()
    issue.description = "Half of our patrons have no internet at home."
    issue.save()

    priority = services.merge(world.cycle, legislative=[issue], advocacy=[], title="Net")

    assert priority.summary == ""


# --- Publishing with gaps ---------------------------------------------------------------------


def test_the_service_refuses_to_publish_gaps_nobody_accepted(world):
    with pytest.raises(services.IncompleteAgenda) as refused:
        services.publish_agenda(world.cycle, world.users["coordinator"])

    assert refused.value.gaps == {"Rural broadband": ["no talking points", "no ask"]}
    assert not world.cycle.agendas.exists()


def test_the_publish_page_lists_what_each_priority_lacks(world, client_for):
    Priority.objects.create(cycle=world.cycle, title="Staffing", talking_points="One")

    html = client_for("coordinator").get(url(world, "publish")).content.decode()

    assert "2 priorities are not ready for legislators" in html
    assert "<strong>Rural broadband</strong>: no talking points; no ask" in html
    assert "<strong>Staffing</strong>: no ask" in html
    assert 'name="accept_gaps"' in html


def test_the_consolidation_page_shows_what_each_priority_lacks(world, client_for):
    html = client_for("coordinator").get(url(world, "consolidate")).content.decode()

    assert "(no talking points; no ask)" in html


def test_publishing_with_gaps_and_no_tick_publishes_nothing(world, client_for):
    response = client_for("coordinator").post(url(world, "publish"))

    assert response.status_code == 200
    assert "Tick this box to publish with the gaps listed above" in response.content.decode()
    assert not world.cycle.agendas.exists()
    world.cycle.refresh_from_db()
    assert world.cycle.status == "gathering"


def test_publishing_with_gaps_and_the_tick_publishes(world, client_for):
    response = client_for("coordinator").post(url(world, "publish"), {"accept_gaps": "on"})

    assert response.status_code == 302
    assert world.cycle.agendas.get().content["priorities"][0]["ask"] == {
        "what": "",
        "who": "",
        "when": "",
    }


def test_a_complete_agenda_publishes_without_a_tick(world, client_for, broadband):
    page = client_for("coordinator").get(url(world, "publish")).content.decode()
    response = client_for("coordinator").post(url(world, "publish"))

    assert 'name="accept_gaps"' not in page
    assert response.status_code == 302
    assert world.cycle.agendas.get().content["priorities"][0]["ask"]["who"] == ASK["ask_who"]


def test_gaps_that_appear_after_the_page_was_shown_are_refused(world, client_for, broadband):
    client = client_for("coordinator")
    client.get(url(world, "publish"))
    Priority.objects.filter(pk=broadband.pk).update(ask_who="")

    response = client.post(url(world, "publish"), follow=True)

    assert "Tick this box" in response.content.decode()
    assert not world.cycle.agendas.exists()


# --- Editing the ask, seeing it -------------------------------------------------------------


def test_the_ask_is_edited_with_the_talking_points(world, client_for):
    priority = world.cycle.priorities.get()
    edit = url(world, "priority_update", priority_pk=priority.pk)
    client = client_for("coordinator")
    assert "Who decides" in client.get(edit).content.decode()

    response = client.post(
        edit,
        {"title": priority.title, "kind": "legislative", "talking_points": POINTS, "version": 1}
        | ASK,
    )

    assert response.status_code == 302
    priority.refresh_from_db()
    assert (priority.ask_what, priority.ask_who, priority.ask_when) == tuple(ASK.values())
    detail = client.get(url(world, "priority_detail", priority_pk=priority.pk)).content.decode()
    assert ASK["ask_who"] in detail
    assert "Before publishing" not in detail


def test_the_agenda_page_shows_each_priorities_ask(world, client_for, broadband):
    services.publish_agenda(world.cycle, world.users["coordinator"])

    html = client_for("viewer").get(url(world, "agenda_detail", number=1)).content.decode()

    assert ASK["ask_what"] in html
    assert ASK["ask_who"] in html
    assert ASK["ask_when"] in html


# --- The PDFs for legislators -----------------------------------------------------------------


@pytest.fixture
def scored_agenda(world, broadband):
    """A published agenda whose priority was scored and merges an organization's note,
    and which one of two organizations signed on to."""
    issue = LegislativeIssue.objects.get(submission=world.submission)
    issue.description = "Our own note: half of our patrons have no internet at home."
    issue.save()
    criterion = world.cycle.criteria.first()
    Score.objects.create(
        priority=broadband, criterion=criterion, user=world.users["editor"], value=4
    )
    Organization.objects.create(
        ecosystem=world.ecosystem, name="Hill College Library", kind="academic_library"
    )
    agenda = services.publish_agenda(world.cycle, world.users["coordinator"])
    SignOn.objects.create(agenda=agenda, organization=world.organization)
    assert agenda.content["priorities"][0]["score"] == 4.0, "kept inside the workbench"
    return agenda


@pytest.mark.parametrize("layout", ["full", "one-page"])
def test_the_public_agenda_pdfs_show_the_ask_and_no_score_rank_or_input_notes(
    world, client_for, scored_agenda, layout
):
    response = client_for("viewer").get(url(world, "agenda_pdf", number=1, layout=layout))

    pages, text = text_of(response.content)
    assert pages == 1
    assert ASK["ask_what"] in text
    assert ASK["ask_who"] in text
    assert ASK["ask_when"] in text
    assert "The library is the town's internet." in text
    for internal in ("Score", "score", "of 5", "Rank", "rank", "Raised by", "Our own note"):
        assert internal not in text, internal
    # The world's library signed; Hill College Library, the other participant, did not.
    assert {
        "full": "Signed on by 1 of 2 participating organizations Central Public Library",
        "one-page": "1 of 2 participating organizations signed on",
    }[layout] in text
    assert "Hill College Library" not in text, "it did not sign on"
    assert f"From Test State Ecosystem's records, {today_in_words()}." in text


def test_the_one_page_agenda_uses_the_one_pagers_layout(world, client_for, scored_agenda):
    response = client_for("viewer").get(url(world, "agenda_pdf", number=1, layout="one-page"))

    _pages, text = text_of(response.content)
    assert "BY THE NUMBERS" in text
    assert "1 shared priority" in text
    assert "Standing behind this agenda Central Public Library" in text


def test_an_ask_left_empty_is_printed_as_to_be_confirmed(world, client_for):
    services.publish_agenda(world.cycle, world.users["coordinator"], accept_gaps=True)

    response = client_for("viewer").get(url(world, "agenda_pdf", number=1, layout="full"))

    _pages, text = text_of(response.content)
    assert "We ask for: to be confirmed" in text
    assert "No organization has signed on yet." in text


@pytest.mark.parametrize("layout", ["full", "one-page"])
def test_the_agenda_pdfs_cost_the_same_queries_for_5_or_50_sign_ons(world, client_for, layout):
    def grow(count: int) -> None:
        start = Organization.objects.count()
        for i in range(count):
            organization = Organization.objects.create(
                ecosystem=world.ecosystem, name=f"Signer {start}-{i}", kind="friends"
            )
            SignOn.objects.create(agenda=world.agenda, organization=organization)

    pdf = url(world, "agenda_pdf", cycle=world.published_cycle, number=1, layout=layout)
    assert_queries_do_not_grow(client_for("viewer"), pdf, grow)


def test_the_fact_sheet_says_whose_records_its_figures_come_from(world, client_for):
    response = client_for("viewer").get(
        reverse(
            "agendas:factsheet_pdf",
            kwargs={"ecosystem_slug": world.slug, "pk": world.fact_sheet.pk},
        )
    )

    _pages, text = text_of(response.content)
    assert f"From Test State Ecosystem's records, {today_in_words()}." in text


# --- The admin --------------------------------------------------------------------------------


def test_the_admin_shows_and_edits_the_ask(world, client):
    admin = User.objects.create_superuser(email="root@example.org", password="x", full_name="R")
    client.force_login(admin)
    priority = world.cycle.priorities.get()
    Priority.objects.filter(pk=priority.pk).update(**ASK)

    changelist = client.get(reverse("admin:agendas_priority_changelist")).content.decode()
    change = client.get(reverse("admin:agendas_priority_change", args=[priority.pk]))

    assert ASK["ask_who"] in changelist
    assert ASK["ask_what"] in change.content.decode()
    assert "The ask" in change.content.decode()


def test_a_published_agenda_from_before_asks_existed_still_prints(world, client_for):
    PublishedAgenda.objects.create(
        cycle=world.published_cycle,
        number=2,
        content={
            "title": "2026 session",
            "session_start": "2026-01-10",
            "session_end": "2026-05-01",
            "priorities": [{"rank": 1, "title": "Old priority", "score": 4.2}],
        },
    )

    response = client_for("viewer").get(
        url(world, "agenda_pdf", cycle=world.published_cycle, number=2, layout="one-page")
    )

    _pages, text = text_of(response.content)
    assert "Old priority" in text
    assert "4.2" not in text
