"""One organization, one voice: members' scores make their organization's score, and the
organizations' scores (not the people's) make the ranking."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from agendas import services
from agendas.models import AgendaCycle, Priority, Score
from agendas.services import Voice, combine_scores
from ecosystem.models import Membership, Organization, Role, User
from tests.helpers import assert_queries_do_not_grow

A = Voice("Alder Public Library", organization_id=1)
B = Voice("Birch College Library", organization_id=2)
ON_HER_OWN = Voice("Casey Quinn", person_id=99)
IMPACT, FEASIBILITY = 10, 11


# --- The combination, worked by hand ----------------------------------------------------------


def test_three_members_of_one_organization_weigh_as_much_as_one_member_of_another():
    # A: 5, 5, 5 → 5; B: 1 → 1. Organizations: (5 + 1) / 2 = 3. People would give 16 / 4 = 4.
    rows = [(A, 1, IMPACT, 5), (A, 2, IMPACT, 5), (A, 3, IMPACT, 5), (B, 4, IMPACT, 1)]

    voices, combined = combine_scores(rows, [IMPACT])

    assert [(v.voice, v.averages, v.people) for v in voices] == [
        (A, {IMPACT: 5.0}, 3),
        (B, {IMPACT: 1.0}, 1),
    ]
    assert combined == {IMPACT: 3.0}


def test_an_organizations_members_are_averaged_before_the_organizations_are():
    # A: (4 + 2) / 2 = 3; B: 5. Organizations: (3 + 5) / 2 = 4, where people give 11 / 3.
    rows = [(A, 1, IMPACT, 4), (A, 2, IMPACT, 2), (B, 3, IMPACT, 5)]

    voices, combined = combine_scores(rows, [IMPACT])

    assert [v.averages[IMPACT] for v in voices] == [3.0, 5.0]
    assert combined == {IMPACT: 4.0}


def test_a_criterion_an_organization_left_empty_leaves_it_out_of_that_criterions_average():
    # A scored impact only: feasibility is B's alone, not dragged down by A's silence.
    rows = [(A, 1, IMPACT, 2), (B, 2, IMPACT, 4), (B, 2, FEASIBILITY, 5)]

    voices, combined = combine_scores(rows, [IMPACT, FEASIBILITY])

    assert voices[0].averages == {IMPACT: 2.0, FEASIBILITY: None}
    assert combined == {IMPACT: 3.0, FEASIBILITY: 5.0}


def test_a_person_on_their_own_is_one_voice_listed_after_the_organizations():
    rows = [(ON_HER_OWN, 99, IMPACT, 1), (B, 2, IMPACT, 4), (A, 1, IMPACT, 4), (A, 3, IMPACT, 4)]

    voices, combined = combine_scores(rows, [IMPACT])

    assert [v.voice for v in voices] == [A, B, ON_HER_OWN]
    assert combined == {IMPACT: 3.0}  # (4 + 4 + 1) / 3


def test_averages_are_rounded_for_display_but_combined_from_the_exact_ones():
    # A: (1 + 2 + 2) / 3 = 1.666…; B: 2. Exact: 1.8333 → 1.83; from the rounded 1.67: 1.835 → 1.84.
    rows = [(A, 1, IMPACT, 1), (A, 2, IMPACT, 2), (A, 3, IMPACT, 2), (B, 4, IMPACT, 2)]

    voices, combined = combine_scores(rows, [IMPACT])

    assert voices[0].averages == {IMPACT: 1.67}
    assert combined == {IMPACT: 1.83}


def test_nobody_scoring_gives_no_voice_and_no_average():
    assert combine_scores([], [IMPACT, FEASIBILITY]) == ([], {IMPACT: None, FEASIBILITY: None})


# --- The ranking uses it ----------------------------------------------------------------------


def page(client, address: str) -> str:
    """The page's text with entities decoded, so sentences read as written."""
    return unescape(client.get(address).content.decode())


def url(world, name, **kwargs):
    return reverse(
        f"agendas:{name}", kwargs={"ecosystem_slug": world.slug, "pk": world.cycle.pk, **kwargs}
    )


@pytest.fixture
def consolidating(world):
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(status="consolidating")
    return world.cycle.priorities.get(title="Rural broadband")


def member_of(world, organization: Organization | None, name: str) -> User:
    user = User.objects.create_user(email=f"{name.split()[0].lower()}@example.org", full_name=name)
    Membership.objects.create(
        user=user, ecosystem=world.ecosystem, role=Role.CONTRIBUTOR, organization=organization
    )
    return user


def score_all(priority: Priority, user: User, value: int) -> None:
    Score.objects.bulk_create(
        Score(priority=priority, criterion=criterion, user=user, value=value)
        for criterion in priority.cycle.criteria.all()
    )


@pytest.fixture
def three_and_one(world, consolidating):
    """Hill County Library: three members scoring 5 everywhere; the world's library: its one
    contributor scoring 1 everywhere."""
    hill = Organization.objects.create(
        ecosystem=world.ecosystem, name="Hill County Library", kind="public_library"
    )
    for name in ("Ada Hill", "Ben Hill", "Cy Hill"):
        score_all(consolidating, member_of(world, hill, name), 5)
    score_all(consolidating, world.users["contributor"], 1)
    return hill


def test_the_ranking_counts_organizations_not_people(world, three_and_one):
    ranked = next(r for r in services.ranking(world.cycle) if r.priority.title == "Rural broadband")

    assert ranked.total == 3.0  # counting people would give (5 + 5 + 5 + 1) / 4 = 4
    assert set(ranked.averages.values()) == {3.0}
    assert [(v.voice.name, v.people) for v in ranked.voices] == [
        ("Central Public Library", 1),
        ("Hill County Library", 3),
    ]
    assert (ranked.organizations, ranked.on_their_own, ranked.people) == (2, 0, 4)


def test_a_member_who_speaks_for_no_organization_counts_as_their_own_voice(world, consolidating):
    score_all(consolidating, world.users["editor"], 2)  # the editor speaks for no one
    score_all(consolidating, world.users["contributor"], 4)

    ranked = services.ranking(world.cycle)[0]

    assert [(v.voice.name, v.voice.is_organization) for v in ranked.voices] == [
        ("Central Public Library", True),
        ("Editor Person", False),
    ]
    assert (ranked.organizations, ranked.on_their_own, ranked.total) == (1, 1, 3.0)


def test_someone_no_longer_a_member_still_counts_as_their_own_voice(world, consolidating):
    former = member_of(world, world.organization, "Dee Former")
    score_all(consolidating, former, 5)
    Membership.objects.filter(user=former).delete()

    ranked = services.ranking(world.cycle)[0]

    assert [(v.voice.name, v.voice.is_organization) for v in ranked.voices] == [
        ("Dee Former", False)
    ]


def test_scores_follow_the_organization_a_member_speaks_for_now(world, three_and_one):
    # A representative linked to the wrong organization is corrected: their scores move.
    Membership.objects.filter(user__full_name="Cy Hill").update(organization=world.organization)

    ranked = services.ranking(world.cycle)[0]

    central = ranked.voices[0]
    assert (central.voice.name, central.people) == ("Central Public Library", 2)
    assert central.averages == dict.fromkeys(ranked.averages, 3.0)  # (1 + 5) / 2
    assert ranked.total == 4.0  # (3 + 5) / 2


def test_the_published_agenda_keeps_the_organizations_total(world, three_and_one):
    agenda = services.publish_agenda(world.cycle, world.users["coordinator"], accept_gaps=True)

    assert agenda.content["priorities"][0]["score"] == 3.0


# --- Pages ------------------------------------------------------------------------------------


def test_the_ranking_page_explains_the_combination_and_shows_both_levels(
    world, client_for, three_and_one
):
    html = page(client_for("viewer"), url(world, "ranking"))

    assert "one organization, one voice" in html
    assert "every organization counts once" in html
    assert "Each organization's scores" in html
    assert "Hill County Library" in html  # the organization level …
    assert "Combined: the average of the organizations" in html  # … and the combined one
    assert "2 organizations" in html
    assert "4 people" in html


def test_the_ranking_page_lists_members_on_their_own_after_the_organizations(
    world, client_for, consolidating
):
    score_all(consolidating, world.users["editor"], 2)

    html = page(client_for("viewer"), url(world, "ranking"))

    assert "0 organizations, 1 member on their own" in html
    assert "Editor Person <span" in html
    assert "(on their own)" in html


def test_the_priority_page_shows_each_organization_and_whom_each_member_counts_for(
    world, client_for, three_and_one, consolidating
):
    html = page(client_for("viewer"), url(world, "priority_detail", priority_pk=consolidating.pk))

    assert "Combined: the average of the organizations" in html
    assert "Members who scored" in html
    assert '<th scope="row">Ada Hill</th><td>Hill County Library</td>' in html


def test_the_score_sheet_says_which_organization_the_scores_count_for(world, client_for):
    contributor = page(client_for("contributor"), url(world, "scoring"))
    editor = page(client_for("editor"), url(world, "scoring"))

    assert "Your scores count for Central Public Library" in contributor
    assert "one organization, one voice" in contributor
    assert "You speak for no organization in this ecosystem" in editor


# --- Queries ----------------------------------------------------------------------------------


@pytest.fixture
def grow_voices(world, consolidating):
    """More organizations, each with several scoring members, and more people on their own."""

    def grow(count: int) -> None:
        start = Organization.objects.count()
        for i in range(count):
            org = Organization.objects.create(
                ecosystem=world.ecosystem, name=f"Scoring library {start}-{i}", kind="friends"
            )
            for member in range(2):
                score_all(consolidating, member_of(world, org, f"M{start}x{i}x{member} X"), 4)
            score_all(consolidating, member_of(world, None, f"Solo{start}x{i} Y"), 2)

    return grow


@pytest.mark.parametrize("name", ["ranking", "scoring", "priority_detail"])
def test_scoring_pages_make_the_same_queries_for_5_or_50_scoring_organizations(
    world, client_for, grow_voices, consolidating, name
):
    kwargs = {"priority_pk": consolidating.pk} if name == "priority_detail" else {}

    assert_queries_do_not_grow(client_for("coordinator"), url(world, name, **kwargs), grow_voices)
