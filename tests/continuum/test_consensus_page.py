"""Indicators seen differently list every answer; a coordinator records all agreed
levels on one page, each indicator saved on its own, never overwriting a colleague."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from continuum import services
from continuum.models import Consensus, Level, Round
from continuum.results import round_results


def page_url(world, round):
    return reverse("continuum:consensus_all", kwargs={"ecosystem_slug": world.slug, "pk": round.pk})


@pytest.fixture
def disputed(world, answer_round):
    """Closed: LEAD-2 and every other indicator but LEAD-1 are seen differently; the
    contributor wrote no evidence."""
    round = world.round
    answer_round(round, world.users["contributor"], {"*": 0, "LEAD-1": 1}, evidence="")
    answer_round(round, world.users["editor"], {"*": 2, "LEAD-1": 1}, evidence="Minutes")
    services.close_round(round)
    return round


def post_data(round, code, level_position, rationale, version=None):
    indicator = round.version.indicators.get(code=code)
    level = Level.objects.filter(version=round.version).order_by("value")[level_position]
    prefix = f"i{indicator.pk}"
    data = {
        "indicator": indicator.pk,
        f"{prefix}-level": level.pk,
        f"{prefix}-rationale": rationale,
    }
    if version is not None:
        data[f"{prefix}-version"] = version
    return data


# --- Seen differently: every answer -----------------------------------------------------------


def test_a_flagged_indicator_lists_every_answer_with_its_level_and_who_gave_it(world, disputed):
    results = round_results(disputed, with_names=True)
    item = next(i for i in results.seen_differently if i.indicator.code == "LEAD-2")

    assert [(a.level.label, a.respondent.split(" (")[0], a.evidence) for a in item.answers] == [
        ("Getting started", "Contributor Person", ""),
        ("Established", "Editor Person", "Minutes"),
    ]


def test_the_results_page_says_when_no_evidence_was_written(world, client_for, disputed):
    page = client_for("viewer").get(
        reverse("continuum:results", kwargs={"ecosystem_slug": world.slug, "pk": disputed.pk})
    )

    text = page.content.decode()
    assert "No evidence written" in text
    assert "Contributor Person" in text


def test_in_anonymous_rounds_answers_are_numbered_never_named(world, disputed, client_for):
    Round.objects.filter(pk=disputed.pk).update(anonymous=True)
    disputed.refresh_from_db()

    results = round_results(disputed)
    item = next(i for i in results.seen_differently if i.indicator.code == "LEAD-2")
    labels = {a.respondent for a in item.answers}
    page = (
        client_for("viewer")
        .get(reverse("continuum:results", kwargs={"ecosystem_slug": world.slug, "pk": disputed.pk}))
        .content.decode()
    )

    assert all(re.fullmatch(r"Respondent \d+", label) for label in labels)
    assert len(labels) == 2
    assert "Contributor Person" not in page
    # The same person has the same number on every indicator.
    numbers = {(a.level.value, a.respondent) for i in results.seen_differently for a in i.answers}
    assert len({label for _, label in numbers}) == 2


def test_respondent_numbers_are_a_shuffle_given_at_invitation(world):
    numbers = sorted(world.round.responses.values_list("alias", flat=True))

    assert numbers == list(range(1, len(numbers) + 1))


# --- The one-page consensus -------------------------------------------------------------------


def test_the_page_lists_each_flagged_indicator_with_a_form(world, client_for, disputed):
    response = client_for("coordinator").get(page_url(world, disputed))

    codes = [item.indicator.code for item, form in response.context["cards"]]
    text = response.content.decode()
    assert "LEAD-1" not in codes
    assert "LEAD-2" in codes
    assert text.count("<legend") == len(codes)
    assert "Agreed level for LEAD-2" in text


def test_saving_one_indicator_without_javascript_comes_back_with_a_message(
    world, client_for, disputed
):
    response = client_for("coordinator").post(
        page_url(world, disputed),
        post_data(disputed, "LEAD-2", 1, "Most said developing."),
        follow=True,
    )

    consensus = Consensus.objects.get(round=disputed, indicator__code="LEAD-2")
    assert response.redirect_chain[-1][0].endswith("#consensus-LEAD-2")
    assert "The agreed level for LEAD-2 is saved." in response.content.decode()
    assert (consensus.rationale, consensus.recorded_by) == (
        "Most said developing.",
        world.users["coordinator"],
    )
    assert Consensus.objects.filter(round=disputed).count() == 1


def test_an_htmx_save_answers_with_just_that_indicators_card(world, client_for, disputed):
    response = client_for("coordinator").post(
        page_url(world, disputed),
        post_data(disputed, "LEAD-3", 2, "Settled."),
        headers={"HX-Request": "true"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith("<article")
    assert 'id="consensus-LEAD-3"' in text
    assert "Saved: the agreed level for LEAD-3." in text
    assert Consensus.objects.get(round=disputed, indicator__code="LEAD-3").version == 1


def test_a_missing_level_is_refused_and_the_typed_reason_stays(world, client_for, disputed):
    data = post_data(disputed, "LEAD-2", 1, "We nearly agreed.")
    del data[next(key for key in data if key.endswith("-level"))]

    response = client_for("coordinator").post(page_url(world, disputed), data)

    assert response.status_code == 422
    assert "We nearly agreed." in response.content.decode()
    assert not Consensus.objects.filter(round=disputed).exists()


def test_two_coordinators_never_silently_overwrite_each_other(world, client_for, disputed):
    client = client_for("coordinator")
    client.post(page_url(world, disputed), post_data(disputed, "LEAD-2", 1, "First view."))
    # Both open the page at version 1; the first saves again, the second is stale.
    client.post(page_url(world, disputed), post_data(disputed, "LEAD-2", 2, "Second.", 1))

    stale = client.post(
        page_url(world, disputed),
        post_data(disputed, "LEAD-2", 0, "Mine.", 1),
        headers={"HX-Request": "true"},
    )

    consensus = Consensus.objects.get(round=disputed, indicator__code="LEAD-2")
    text = stale.content.decode()
    assert consensus.rationale == "Second."
    assert "Someone else saved this while you were editing" in text
    assert "Mine." in text
    assert 'value="2"' in text  # the form moved to the latest version: saving again is deliberate


def test_an_indicator_outside_the_round_is_not_found(world, client_for, disputed):
    response = client_for("coordinator").post(page_url(world, disputed), {"indicator": 999999})

    assert response.status_code == 404


def test_the_results_and_round_pages_link_to_the_consensus_page(world, client_for, disputed):
    client = client_for("coordinator")
    kwargs = {"ecosystem_slug": world.slug, "pk": disputed.pk}
    results = client.get(reverse("continuum:results", kwargs=kwargs)).content.decode()
    detail = client.get(reverse("continuum:round_detail", kwargs=kwargs)).content.decode()

    assert page_url(world, disputed) in results
    assert page_url(world, disputed) in detail
