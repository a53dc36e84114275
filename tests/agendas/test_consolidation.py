"""Consolidating input into priorities, ranking them, publishing the agenda, signing on."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agendas import services
from agendas.models import (
    AdvocacyIssue,
    AgendaCycle,
    Criterion,
    LegislativeIssue,
    Priority,
    Score,
    SignOn,
    Submission,
)
from ecosystem.models import Organization, User
from tests.helpers import assert_queries_do_not_grow


def url(world, name, cycle=None, **kwargs):
    return reverse(
        f"agendas:{name}",
        kwargs={"ecosystem_slug": world.slug, "pk": (cycle or world.cycle).pk, **kwargs},
    )


def add_input(world, name: str, *, kind: str = "public_library", issue: str = "Broadband"):
    organization = Organization.objects.create(ecosystem=world.ecosystem, name=name, kind=kind)
    submission = Submission.objects.create(cycle=world.cycle, organization=organization)
    legislative = LegislativeIssue.objects.create(
        submission=submission, title=issue, library_types=[kind]
    )
    AdvocacyIssue.objects.create(submission=submission, title=f"{issue} matters")
    return organization, legislative


# --- Side by side, and merging ------------------------------------------------------------------


def test_the_consolidation_page_shows_every_organizations_input(world, client_for):
    add_input(world, "Hill College Library", kind="academic_library", issue="Open textbooks")

    html = client_for("coordinator").get(url(world, "consolidate")).content.decode()

    assert "Fund broadband in rural libraries" in html
    assert "Open textbooks" in html
    assert "Hill College Library" in html
    assert "Central Public Library" in html


@pytest.mark.parametrize(
    ("filters", "shown", "hidden"),
    [
        ({"library_type": "academic_library"}, "Open textbooks", "Fund broadband"),
        ({"kind": "public"}, "Open textbooks matters", "Fund broadband in rural"),
    ],
)
def test_the_input_can_be_filtered(world, client_for, filters, shown, hidden):
    add_input(world, "Hill College Library", kind="academic_library", issue="Open textbooks")

    html = client_for("coordinator").get(url(world, "consolidate"), filters).content.decode()

    assert shown in html
    assert hidden not in html


def test_filtering_by_organization(world, client_for):
    hill, _issue = add_input(world, "Hill College Library", issue="Open textbooks")

    response = client_for("coordinator").get(url(world, "consolidate"), {"organization": hill.pk})

    assert [i.title for i in response.context["legislative"]] == ["Open textbooks"]


def test_merging_duplicates_keeps_the_originals_and_shows_who_backs_it(world, client_for):
    hill, duplicate = add_input(world, "Hill College Library", issue="Rural internet")
    original = world.submission.legislative_issues.get()

    response = client_for("coordinator").post(
        url(world, "merge"),
        {"legislative": [original.pk, duplicate.pk], "title": "Connect every library"},
    )

    priority = Priority.objects.get(title="Connect every library")
    assert response.status_code == 302
    assert set(priority.legislative_issues.all()) == {original, duplicate}
    ranked = next(r for r in services.ranking(world.cycle) if r.priority == priority)
    assert [org.name for org in ranked.backers] == ["Central Public Library", hill.name]
    assert LegislativeIssue.objects.filter(pk=duplicate.pk).exists(), "originals stay"


def test_merging_into_an_existing_priority_adds_its_backers(world, client_for):
    _hill, duplicate = add_input(world, "Hill College Library")
    existing = world.cycle.priorities.get()

    client_for("coordinator").post(
        url(world, "merge"), {"legislative": [duplicate.pk], "priority": existing.pk}
    )

    assert duplicate in existing.legislative_issues.all()


def test_merging_nothing_is_explained(world, client_for):
    response = client_for("coordinator").post(url(world, "merge"), {"title": "Empty"}, follow=True)

    assert "Select at least one issue to merge." in response.content.decode()
    assert not Priority.objects.filter(title="Empty").exists()


def test_another_ecosystems_issues_cannot_be_merged_into_yours(world, client_for):
    foreign = LegislativeIssue.objects.filter(submission__cycle=world.other_cycle).get()

    response = client_for("coordinator").post(
        url(world, "merge"), {"legislative": [foreign.pk]}, follow=True
    )

    assert [p.cycle for p in foreign.priorities.all()] == [world.other_cycle]
    assert "Select a valid choice" in response.content.decode()


# --- Scores and ranking ---------------------------------------------------------------------------


def test_the_weighted_total_matches_a_hand_worked_example():
    # Impact (weight 2) averages 4, feasibility (weight 1) averages 1: (2 * 4 + 1 * 1) / 3 = 3.
    assert services.weighted_total({1: 4.0, 2: 1.0}, {1: 2, 2: 1}) == 3.0
    # A criterion nobody scored does not count against the priority.
    assert services.weighted_total({1: 4.0, 2: None}, {1: 2, 2: 1}) == 4.0
    assert services.weighted_total({1: None}, {1: 1}) is None


@pytest.fixture
def consolidating(world):
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(status="consolidating")
    second = Priority.objects.create(cycle=world.cycle, title="Staffing")
    return world.cycle.priorities.get(title="Rural broadband"), second


def scores_for(priority, criteria, value):
    return {f"score_{priority.pk}_{c.pk}": value for c in criteria}


def test_members_score_and_the_ranking_follows(world, client_for, consolidating):
    broadband, staffing = consolidating
    criteria = list(world.cycle.criteria.all())
    for persona, high, low in (("contributor", 5, 2), ("editor", 4, 1)):
        client_for(persona).post(
            url(world, "scoring"),
            scores_for(broadband, criteria, high) | scores_for(staffing, criteria, low),
        )

    ranked = services.ranking(world.cycle)

    assert [r.priority.title for r in ranked] == ["Rural broadband", "Staffing"]
    assert (ranked[0].total, ranked[0].people, ranked[0].rank) == (4.5, 2, 1)
    assert ranked[1].total == 1.5


def test_each_persons_scores_are_visible(world, client_for, consolidating):
    broadband, _staffing = consolidating
    breadth = world.cycle.criteria.get(name="Breadth")
    Score.objects.create(priority=broadband, criterion=breadth, user=world.users["editor"], value=4)

    html = (
        client_for("viewer")
        .get(url(world, "priority_detail", priority_pk=broadband.pk))
        .content.decode()
    )

    assert "Editor Person" in html
    assert "Each member&#x27;s scores" in html or "Each member's scores" in html


def test_an_emptied_score_is_removed(world, client_for, consolidating):
    broadband, _staffing = consolidating
    breadth = world.cycle.criteria.get(name="Breadth")
    Score.objects.create(priority=broadband, criterion=breadth, user=world.users["editor"], value=4)

    client_for("editor").post(url(world, "scoring"), {f"score_{broadband.pk}_{breadth.pk}": ""})

    assert not Score.objects.filter(priority=broadband, user=world.users["editor"]).exists()


def test_scores_outside_one_to_five_are_refused(world, client_for, consolidating):
    broadband, _staffing = consolidating
    breadth = world.cycle.criteria.get(name="Breadth")

    response = client_for("editor").post(
        url(world, "scoring"), {f"score_{broadband.pk}_{breadth.pk}": "9"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Score.objects.exists()


def test_criteria_and_weights_are_set_per_cycle(world, client_for):
    criteria = list(world.cycle.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": len(criteria) + 1,
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 1,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, criterion in enumerate(criteria):
        data |= {
            f"criteria-{index}-id": criterion.pk,
            f"criteria-{index}-name": criterion.name,
            f"criteria-{index}-weight": 3 if index == 0 else criterion.weight,
            f"criteria-{index}-DELETE": "on" if index == 3 else "",
        }
    data |= {f"criteria-{len(criteria)}-name": "Equity", f"criteria-{len(criteria)}-weight": 2}

    client_for("coordinator").post(url(world, "criteria"), data)

    names = list(Criterion.objects.filter(cycle=world.cycle).values_list("name", "weight"))
    assert names == [("Breadth", 3), ("Impact", 2), ("Feasibility", 1), ("Equity", 2)]


# --- Publishing and signing on -----------------------------------------------------------------


def test_publishing_freezes_the_agenda_as_it_stands(world, client_for):
    priority = world.cycle.priorities.get()
    priority.talking_points = "Every library connects people\n- Rural areas fall behind"
    priority.ask_what = "$2 million in matching grants"
    priority.ask_who = "House Appropriations Committee"
    priority.ask_when = "2027 session"
    priority.save()

    response = client_for("coordinator").post(url(world, "publish"))

    agenda = world.cycle.agendas.get()
    assert response.status_code == 302
    assert agenda.number == 1
    assert agenda.content["priorities"][0]["talking_points"] == [
        "Every library connects people",
        "Rural areas fall behind",
    ]
    assert agenda.content["priorities"][0]["backers"] == ["Central Public Library"]
    assert agenda.content["priorities"][0]["ask"] == {
        "what": "$2 million in matching grants",
        "who": "House Appropriations Committee",
        "when": "2027 session",
    }
    priority.title = "Renamed later"
    priority.save()
    agenda.refresh_from_db()
    assert agenda.content["priorities"][0]["title"] == "Rural broadband"
    world.cycle.refresh_from_db()
    assert world.cycle.status == "published"


def test_publishing_again_makes_a_new_version(world, client_for):
    client = client_for("coordinator")
    client.post(url(world, "publish"), {"accept_gaps": "on"})
    client.post(url(world, "publish"), {"accept_gaps": "on"})

    assert list(world.cycle.agendas.values_list("number", flat=True)) == [2, 1]


def test_an_agenda_without_priorities_cannot_be_published(world, client_for):
    world.cycle.priorities.all().delete()

    response = client_for("coordinator").post(url(world, "publish"), follow=True)

    assert "There are no priorities yet" in response.content.decode()
    assert not world.cycle.agendas.exists()


def agenda_url(world, name, **kwargs):
    return url(world, name, cycle=world.published_cycle, number=world.agenda.number, **kwargs)


def test_a_contributor_signs_on_for_their_own_organization_only(world, client_for):
    SignOn.objects.all().delete()
    other = Organization.objects.create(ecosystem=world.ecosystem, name="Other", kind="friends")
    client = client_for("contributor")

    own = client.post(agenda_url(world, "sign_on"), {"organization": world.organization.pk})
    foreign = client.post(agenda_url(world, "sign_on"), {"organization": other.pk})

    assert own.status_code == 302
    assert foreign.status_code == 403
    assert list(world.agenda.sign_ons.values_list("organization__name", flat=True)) == [
        "Central Public Library"
    ]


def test_a_coordinator_records_any_organizations_sign_on(world, client_for):
    other = Organization.objects.create(ecosystem=world.ecosystem, name="Friends", kind="friends")

    client_for("coordinator").post(agenda_url(world, "sign_on"), {"organization": other.pk})

    html = client_for("viewer").get(agenda_url(world, "agenda_detail")).content.decode()
    assert "2 organizations stand behind it" in html
    assert "Friends" in html


def test_the_one_pager_fits_on_one_page(world, client_for):
    cycle = world.published_cycle
    for n in range(6):
        Priority.objects.create(
            cycle=cycle,
            title=f"Priority {n}",
            talking_points="\n".join(f"Point {i}" for i in range(6)),
        )
    agenda = services.publish_agenda(cycle, world.users["coordinator"], accept_gaps=True)
    base = {"ecosystem_slug": world.slug, "pk": cycle.pk, "number": agenda.number}

    one = client_for("viewer").get(
        reverse("agendas:agenda_pdf", kwargs=base | {"layout": "one-page"})
    )
    full = client_for("viewer").get(reverse("agendas:agenda_pdf", kwargs=base | {"layout": "full"}))

    one_page = PdfReader(io.BytesIO(one.content))
    full_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(full.content)).pages)
    assert len(one_page.pages) == 1
    assert "Point 5" in full_text
    assert "Point 5" not in one_page.pages[0].extract_text(), "three points each on the one-pager"


def test_the_issues_export_has_every_organizations_issues(world, client_for):
    add_input(world, "Hill College Library", issue="Open textbooks")

    response = client_for("viewer").get(url(world, "issues_export"))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {(row[0], row[2]) for row in rows[1:]} >= {
        ("Central Public Library", "Fund broadband in rural libraries"),
        ("Hill College Library", "Open textbooks"),
        ("Hill College Library", "Open textbooks matters"),
    }
    broadband = next(row for row in rows if row[2] == "Fund broadband in rural libraries")
    assert broadband[-1] == "Rural broadband"


# --- Queries --------------------------------------------------------------------------------


@pytest.fixture
def grow_input(world):
    def grow(count: int) -> None:
        start = Organization.objects.count()
        criteria = list(world.cycle.criteria.all())
        scorer = User.objects.create_user(email=f"scorer{start}@example.org")
        for i in range(count):
            _org, issue = add_input(world, f"Library {start}-{i}", issue=f"Issue {start}-{i}")
            priority = Priority.objects.create(cycle=world.cycle, title=f"Priority {start}-{i}")
            priority.legislative_issues.add(issue)
            for criterion in criteria:
                Score.objects.create(priority=priority, criterion=criterion, user=scorer, value=3)

    return grow


@pytest.mark.parametrize(
    "name", ["consolidate", "ranking", "cycle_detail", "issues_export", "publish"]
)
def test_cycle_pages_make_the_same_queries_for_5_or_50_submissions(
    world, client_for, grow_input, name
):
    assert_queries_do_not_grow(client_for("coordinator"), url(world, name), grow_input)


def test_the_agenda_page_does_not_grow_with_sign_ons(world, client_for):
    def grow(count: int) -> None:
        start = Organization.objects.count()
        for i in range(count):
            org = Organization.objects.create(
                ecosystem=world.ecosystem, name=f"Signer {start}-{i}", kind="friends"
            )
            SignOn.objects.create(agenda=world.agenda, organization=org)

    assert_queries_do_not_grow(client_for("contributor"), agenda_url(world, "agenda_detail"), grow)


def test_the_agenda_pdf_writes_the_session_dates_in_words(world, client_for):
    response = client_for("viewer").get(agenda_url(world, "agenda_pdf", layout="one-page"))

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    start = world.published_cycle.session_start
    assert f"{start:%b}" in text
    assert start.isoformat() not in text
