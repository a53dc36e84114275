"""What the results page shows: the spread, the disagreements, consensus, next steps."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from continuum import services
from continuum.models import Consensus, Level, Resource
from continuum.results import Participation, round_results


def url(world, name, round, **kwargs):
    return reverse(
        f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, "pk": round.pk, **kwargs}
    )


@pytest.fixture
def disputed(world, answer_round):
    """A closed round: the contributor says "Getting started" everywhere, the editor
    "Established" everywhere except LEAD-1, where both say "Developing"."""
    round = world.round
    answer_round(round, world.users["contributor"], {"*": 0, "LEAD-1": 1}, next_step="Meet")
    answer_round(round, world.users["editor"], {"*": 2, "LEAD-1": 1})
    services.close_round(round)
    return round


def test_each_indicator_shows_how_many_chose_each_level(world, disputed):
    results = round_results(disputed)

    lead_1, lead_2 = results.strands[0].indicators[:2]
    assert lead_1.summary.counts == (0, 2, 0, 0)
    assert (lead_1.summary.median, lead_1.summary.spread) == (2.0, 0)
    assert lead_2.summary.counts == (1, 0, 1, 0)
    assert (lead_2.summary.median, lead_2.summary.spread) == (2.0, 2)


def test_results_without_evidence_rate_every_strand_the_same_and_carry_no_text(world, disputed):
    # The dashboard and the progress charts ask for ratings only.
    full = round_results(disputed)
    ratings_only = round_results(disputed, with_evidence=False)

    assert [strand.rating for strand in ratings_only.strands] == [
        strand.rating for strand in full.strands
    ]
    assert [item.summary for item in ratings_only.indicators] == [
        item.summary for item in full.indicators
    ]
    assert any(item.evidence for item in full.indicators)
    assert not any(item.evidence for item in ratings_only.indicators)


def test_answers_two_levels_apart_are_seen_differently_by_default(world, disputed):
    results = round_results(disputed)

    flagged = [item.indicator.code for item in results.seen_differently]
    assert "LEAD-1" not in flagged
    assert len(flagged) == 19


def test_a_higher_threshold_flags_only_wider_gaps(world, disputed):
    disputed.disagreement_threshold = 3
    disputed.save()

    assert round_results(disputed).seen_differently == []


def test_the_lowest_threshold_flags_any_difference(world, answer_round):
    round = world.round
    round.disagreement_threshold = 1
    round.save()
    answer_round(round, world.users["contributor"], {"*": 1})
    answer_round(round, world.users["editor"], {"*": 1, "COMM-1": 2})

    flagged = [item.indicator.code for item in round_results(round).seen_differently]

    assert flagged == ["COMM-1"]


def test_strand_scores_are_the_mean_of_the_indicator_medians(world, disputed):
    leadership = round_results(disputed).strands[0]

    # Medians: LEAD-1 2.0 (both "Developing"), LEAD-2..5 2.0 (1 and 3) → 2.0.
    assert leadership.score == 2.0
    assert leadership.agreed_score is None


def test_consensus_replaces_the_median_in_the_agreed_score(world, disputed):
    leadership = disputed.version.strands.get(code="LEAD")
    thriving = Level.objects.get(version=disputed.version, value=4)
    for indicator in leadership.indicators.all()[:2]:
        Consensus.objects.create(
            round=disputed, indicator=indicator, level=thriving, rationale="Agreed"
        )

    strand = round_results(disputed).strands[0]

    # LEAD-1, LEAD-2 agreed at 4; the other three stay at their median 2 → 14 / 5.
    assert strand.agreed_score == 2.8
    assert strand.score == 2.0
    assert strand.agreed_count == 2


def test_participation_counts_invited_started_and_submitted(world, answer_round):
    round = world.round
    answer_round(round, world.users["contributor"], {"*": 1})
    answer_round(round, world.users["editor"], {"LEAD-1": 1}, submit=False)

    participation = round_results(round).participation

    assert (participation.invited, participation.started, participation.submitted) == (3, 2, 1)


@pytest.mark.parametrize(
    ("invited", "submitted", "low"),
    [
        (9, 2, True),  # fewer than half
        (7, 3, True),
        (6, 3, False),  # exactly half is enough
        (3, 3, False),
        (3, 2, True),  # most answered, but only two people
        (1, 1, True),
        (20, 10, False),
    ],
)
def test_participation_is_low_below_half_of_those_invited_or_below_three(invited, submitted, low):
    assert Participation(invited=invited, started=submitted, submitted=submitted).is_low is low


def test_drafts_do_not_count_in_the_results(world, answer_round):
    answer_round(world.round, world.users["editor"], {"*": 3}, submit=False)

    assert round_results(world.round).indicators[0].summary.answered == 0


def test_the_results_page_shows_evidence_side_by_side_with_names(world, client_for, disputed):
    html = client_for("viewer").get(url(world, "results", disputed)).content.decode()

    assert "Seen differently: 19 indicators" in html
    assert "contributor@world.example" in html
    assert "Contributor Person" in html
    assert "Editor Person" in html


def test_anonymous_rounds_never_show_who_said_what(world, client_for, disputed):
    disputed.anonymous = True
    disputed.save()
    client = client_for("coordinator")

    html = client.get(url(world, "results", disputed)).content.decode()
    pdf = client.get(url(world, "results_pdf", disputed))

    assert "contributor@world.example" in html, "the evidence itself is shown"
    assert "Contributor Person" not in html
    assert "Editor Person" not in html
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Contributor Person" not in text


def test_results_of_an_open_round_are_for_coordinators_only(world, client_for):
    assert client_for("editor").get(url(world, "results", world.round)).status_code == 403
    coordinator = client_for("coordinator").get(url(world, "results", world.round))
    assert "this is a preview for coordinators" in coordinator.content.decode()


def test_a_coordinator_records_the_agreed_level(world, client_for, disputed):
    indicator = disputed.version.indicators.get(code="LEAD-2")
    level = Level.objects.get(version=disputed.version, value=2)

    response = client_for("coordinator").post(
        url(world, "consensus", disputed, indicator_pk=indicator.pk),
        {"level": level.pk, "rationale": "The smaller libraries convinced us."},
    )

    consensus = Consensus.objects.get(round=disputed, indicator=indicator)
    assert response.status_code == 302
    assert response["Location"].endswith("#indicator-LEAD-2")
    assert (consensus.level, consensus.recorded_by) == (level, world.users["coordinator"])
    html = client_for("viewer").get(url(world, "results", disputed)).content.decode()
    assert "The smaller libraries convinced us." in html


def test_two_coordinators_recording_at_once_do_not_overwrite_each_other(
    world, client_for, disputed
):
    indicator = disputed.version.indicators.get(code="LEAD-2")
    levels = list(Level.objects.filter(version=disputed.version).order_by("value"))
    target = url(world, "consensus", disputed, indicator_pk=indicator.pk)
    client = client_for("coordinator")
    client.post(target, {"level": levels[1].pk, "rationale": "First", "version": ""})
    started_from = Consensus.objects.get(indicator=indicator, round=disputed).version

    client.post(target, {"level": levels[2].pk, "rationale": "Second", "version": started_from})
    stale = client.post(
        target, {"level": levels[3].pk, "rationale": "Third", "version": started_from}
    )

    assert stale.status_code == 200
    assert "Someone else saved this" in stale.content.decode()
    assert Consensus.objects.get(indicator=indicator, round=disputed).rationale == "Second"


def test_next_steps_point_at_the_next_level_of_the_weakest_strand(world, client_for, disputed):
    resource = Resource.objects.filter(strands__code="LEAD").first()

    html = client_for("viewer").get(url(world, "results", disputed)).content.decode()

    # Every strand scores 2.0, so all tie as the weakest; the next level above a median
    # of 2 ("Developing") is "Established".
    assert "To reach “Established”" in html
    assert "Meet" in html, "respondents' proposed next steps are listed"
    assert resource is not None
    assert resource.title in html


def test_the_results_export_has_a_row_per_indicator(world, client_for, disputed):
    response = client_for("viewer").get(url(world, "results_export", disputed))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + 20
    header, lead_1 = rows[0], rows[1]
    assert header[:4] == ["Strand", "Indicator", "Statement", "Getting started (1)"]
    assert lead_1[1] == "LEAD-1"
    assert lead_1[3:7] == ["0", "2", "0", "0"]
