"""Who sees a person's answers: the rule of continuum/rules.py, on every page that shows
answers or names. (Every role, state and kind of round is in tests/matrix/continuum.py.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from continuum import services
from continuum.models import Round
from continuum.rules import may_see_answers


def url(world, name, **kwargs):
    return reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def pdf_url(world, round, persona):
    response = round.responses.get(user=world.users[persona])
    return url(world, "response_pdf", pk=round.pk, response_pk=response.pk)


def rule_on(html):
    match = re.search(r'<p class="privacy-rule"[^>]*>(.*?)</p>', html, re.DOTALL)
    assert match, "the page explains who sees the answers"
    return " ".join(match.group(1).split())


def test_a_draft_in_an_open_round_is_for_its_author_and_coordinators(
    world, client_for, answer_round
):
    answer_round(world.round, world.users["contributor"], {"*": 1}, submit=False)
    draft = pdf_url(world, world.round, "contributor")

    assert client_for("contributor").get(draft).status_code == 200
    assert client_for("coordinator").get(draft).status_code == 200
    assert client_for("editor").get(draft).status_code == 403
    assert client_for("viewer").get(draft).status_code == 403


def test_in_a_named_round_everyone_reads_the_answers_once_it_is_closed(
    world, client_for, answer_round
):
    answer_round(world.round, world.users["contributor"], {"*": 1})
    services.close_round(world.round)

    assert client_for("viewer").get(pdf_url(world, world.round, "contributor")).status_code == 200


def test_in_an_anonymous_round_not_even_a_coordinator_reads_someone_elses_answers(
    world, client_for, answer_round
):
    answer_round(world.round, world.users["contributor"], {"*": 1})
    Round.objects.filter(pk=world.round.pk).update(anonymous=True)
    services.close_round(world.round)

    assert (
        client_for("coordinator").get(pdf_url(world, world.round, "contributor")).status_code == 403
    )
    assert (
        client_for("contributor").get(pdf_url(world, world.round, "contributor")).status_code == 200
    )


@pytest.mark.parametrize("persona", ["viewer", "contributor", "editor", "coordinator"])
@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize("anonymous", [False, True])
def test_the_round_page_links_only_the_answers_the_member_may_read(
    world, client_for, answer_round, persona, closed, anonymous
):
    for respondent in ("contributor", "editor", "coordinator"):
        answer_round(world.round, world.users[respondent], {"*": 1}, submit=False)
    Round.objects.filter(pk=world.round.pk).update(anonymous=anonymous)
    if closed:
        services.close_round(world.round)
    round = Round.objects.get(pk=world.round.pk)

    html = client_for(persona).get(url(world, "round_detail", pk=round.pk)).content.decode()

    membership = world.memberships[persona]
    for respondent in ("contributor", "editor", "coordinator"):
        allowed = may_see_answers(membership, round, world.users[respondent].pk)
        assert (pdf_url(world, round, respondent) in html) == allowed, respondent


def test_results_name_the_evidence_in_a_closed_named_round(world, client_for, answer_round):
    # Far apart, so every indicator is seen differently and shows its evidence.
    answer_round(world.round, world.users["contributor"], {"*": 0}, evidence="Seen it")
    answer_round(world.round, world.users["editor"], {"*": 3}, evidence="Not seen")
    services.close_round(world.round)

    html = client_for("viewer").get(url(world, "results", pk=world.round.pk)).content.decode()

    assert "Contributor Person (Central Public Library)" in html


def test_a_coordinators_preview_of_an_open_named_round_names_the_evidence(
    world, client_for, answer_round
):
    answer_round(world.round, world.users["contributor"], {"*": 0}, evidence="Seen it")
    answer_round(world.round, world.users["editor"], {"*": 3}, evidence="Not seen")

    html = client_for("coordinator").get(url(world, "results", pk=world.round.pk))

    assert "Contributor Person" in html.content.decode()


@pytest.mark.parametrize("closed", [False, True])
def test_results_of_an_anonymous_round_never_say_who_even_to_a_coordinator(
    world, client_for, answer_round, closed
):
    answer_round(world.round, world.users["contributor"], {"*": 0}, evidence="Seen it")
    answer_round(world.round, world.users["editor"], {"*": 3}, evidence="Not seen")
    Round.objects.filter(pk=world.round.pk).update(anonymous=True)
    if closed:
        services.close_round(world.round)
    indicator = world.round.version.indicators.get(code="LEAD-1")

    for page in (
        url(world, "results", pk=world.round.pk),
        url(world, "consensus", pk=world.round.pk, indicator_pk=indicator.pk),
    ):
        html = client_for("coordinator").get(page).content.decode()
        assert "Seen it" in html, "what was said is shown"
        assert "Contributor Person" not in html, "who said it is not"
        assert "Editor Person" not in html


@pytest.mark.parametrize("anonymous", [False, True])
def test_every_page_states_the_same_rule_in_the_same_words(
    world, client_for, answer_round, anonymous
):
    Round.objects.filter(pk=world.round.pk).update(anonymous=anonymous)
    answer_round(world.round, world.users["coordinator"], {"*": 1})
    client = client_for("coordinator")

    rules = {
        rule_on(client.get(page).content.decode())
        for page in (
            url(world, "round_detail", pk=world.round.pk),
            url(world, "answer_step", pk=world.round.pk, step=1),
            url(world, "answer_review", pk=world.round.pk),
            url(world, "results", pk=world.round.pk),
        )
    }

    assert len(rules) == 1
    rule = rules.pop()
    if anonymous:
        assert "not even a coordinator" in rule
        assert "never who said it" in rule
    else:
        assert "only by that person and the coordinators" in rule
        assert "with their name" in rule


def test_the_round_page_states_the_rule_to_viewers_who_did_not_answer(world, client_for):
    html = client_for("viewer").get(url(world, "round_detail", pk=world.round.pk))

    assert "Who sees the answers" in html.content.decode()
    assert "drafts included" in rule_on(html.content.decode())
