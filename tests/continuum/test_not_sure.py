""" "Not sure": an answer of its own that completes a response but counts in no median."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from continuum import services
from continuum.forms import NOT_SURE as NOT_SURE_CHOICE
from continuum.models import Answer, Level, Response
from continuum.results import By, round_results
from tests.continuum.conftest import NOT_SURE
from tests.continuum.test_pdfs import read


def url(world, name, **kwargs):
    return reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def lead_page(round, choices):
    """The Leadership page as the browser sends it: ``choices`` maps codes to a level
    value or "not sure"."""
    data = {"then": "stay"}
    levels = {level.value: level for level in Level.objects.filter(version=round.version)}
    for indicator in round.version.indicators.filter(code__in=choices):
        choice = choices[indicator.code]
        data[f"level_{indicator.pk}"] = (
            NOT_SURE_CHOICE if choice == "not sure" else levels[choice].pk
        )
    return data


def test_not_sure_is_one_more_radio_in_each_indicators_fieldset(world, client_for):
    html = client_for("contributor").get(url(world, "answer_step", pk=world.round.pk, step=1))

    page = html.content.decode()
    assert page.count(f'value="{NOT_SURE_CHOICE}"') == 5, "one per indicator of the strand"
    assert page.count("<fieldset>") == 5, "inside the same fieldsets as the levels"


def test_choosing_not_sure_saves_it_without_a_level(world, client_for):
    client_for("contributor").post(
        url(world, "answer_step", pk=world.round.pk, step=1),
        lead_page(world.round, {"LEAD-1": "not sure", "LEAD-2": 3}),
    )

    answers = {
        a.indicator.code: (a.level_id is not None, a.not_sure)
        for a in Answer.objects.filter(response__round=world.round)
    }
    assert answers["LEAD-1"] == (False, True)
    assert answers["LEAD-2"] == (True, False)


def test_a_level_chosen_after_not_sure_replaces_it(world, client_for):
    client = client_for("contributor")
    step = url(world, "answer_step", pk=world.round.pk, step=1)
    client.post(step, lead_page(world.round, {"LEAD-1": "not sure"}))

    client.post(step, lead_page(world.round, {"LEAD-1": 2}))

    answer = Answer.objects.get(response__round=world.round, indicator__code="LEAD-1")
    assert (answer.level.value, answer.not_sure) == (2, False)


def test_the_page_shows_not_sure_as_chosen_when_it_comes_back(world, client_for, answer_round):
    answer_round(world.round, world.users["contributor"], {"LEAD-1": NOT_SURE}, submit=False)

    form = (
        client_for("contributor")
        .get(url(world, "answer_step", pk=world.round.pk, step=1))
        .context["form"]
    )

    indicator = world.round.version.indicators.get(code="LEAD-1")
    assert form[f"level_{indicator.pk}"].value() == NOT_SURE_CHOICE


def test_an_answer_cannot_be_both_not_sure_and_a_level(world, answer_round):
    response = answer_round(world.round, world.users["contributor"], {"LEAD-1": 1}, submit=False)
    answer = response.answers.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(not_sure=True)


def test_not_sure_counts_as_answered_for_submitting(world, client_for, answer_round):
    answer_round(
        world.round, world.users["contributor"], {"*": 1, "LEAD-1": NOT_SURE}, submit=False
    )

    client_for("contributor").post(url(world, "answer_submit", pk=world.round.pk))

    response = Response.objects.get(round=world.round, user=world.users["contributor"])
    assert response.submitted_at is not None
    assert services.unanswered(response) == []


def test_the_respondents_review_and_pdf_say_not_sure(world, client_for, answer_round):
    answer_round(world.round, world.users["contributor"], {"*": 1, "LEAD-1": NOT_SURE})
    client = client_for("contributor")
    response = Response.objects.get(round=world.round, user=world.users["contributor"])

    review = client.get(url(world, "answer_review", pk=world.round.pk)).content.decode()
    _, pdf = read(
        client.get(url(world, "response_pdf", pk=world.round.pk, response_pk=response.pk))
    )

    assert "Not sure" in review
    assert "No answer yet" not in review
    assert "Not sure" in pdf


@pytest.fixture
def unsure_round(world, answer_round):
    """A closed round: on LEAD-1 the contributor is not sure and the editor says level 3;
    on LEAD-2 both are not sure."""
    round = world.round
    answer_round(
        round, world.users["contributor"], {"*": 0, "LEAD-1": NOT_SURE, "LEAD-2": NOT_SURE}
    )
    answer_round(round, world.users["editor"], {"*": 0, "LEAD-1": 2, "LEAD-2": NOT_SURE})
    services.close_round(round)
    return round


@pytest.mark.parametrize("by", list(By))
def test_results_count_not_sure_apart_from_the_median(world, unsure_round, by):
    lead_1, lead_2 = round_results(unsure_round, by=by).strands[0].indicators[:2]

    assert (lead_1.summary.not_sure, lead_1.summary.counts) == (1, (0, 0, 1, 0))
    assert (lead_1.summary.median, lead_1.summary.spread) == (3.0, 0)
    assert (lead_2.summary.not_sure, lead_2.summary.median) == (2, None)


def test_the_results_page_pdf_and_csv_show_how_many_were_not_sure(world, client_for, unsure_round):
    client = client_for("viewer")
    page = client.get(url(world, "results", pk=unsure_round.pk)).content.decode()
    _, pdf = read(client.get(url(world, "results_pdf", pk=unsure_round.pk)))
    export = client.get(url(world, "results_export", pk=unsure_round.pk))

    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    header, lead_1, lead_2 = rows[0], rows[1], rows[2]
    column = header.index("Not sure")
    assert (lead_1[column], lead_2[column]) == ("1", "2")
    lead_2_row = re.search(r'<tr id="indicator-LEAD-2">(.*?)</tr>', page, re.DOTALL)
    assert lead_2_row is not None
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', lead_2_row.group(1))
    # Four levels, "between two levels" (per organization, the default), then "not sure".
    assert cells[:6] == ["0", "0", "0", "0", "0", "2"]
    assert "Not sure" in pdf


def test_a_disagreement_card_says_how_many_were_not_sure(world, client_for, answer_round):
    # LEAD-1: levels 1 and 4 (three levels apart, so seen differently) and one not sure.
    round = world.round
    answer_round(round, world.users["contributor"], {"*": 0})
    answer_round(round, world.users["editor"], {"*": 0, "LEAD-1": 3})
    answer_round(round, world.users["coordinator"], {"*": 0, "LEAD-1": NOT_SURE})
    services.close_round(round)

    page = client_for("viewer").get(url(world, "results", pk=round.pk)).content.decode()

    assert "1 not sure" in page
