"""Rounds on part of the rubric: the chosen strands are stored, and answering, results,
PDFs and the comparison over time cover those strands only."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from continuum import services
from continuum.comparison import compare
from continuum.models import Round
from continuum.results import round_results


def url(world, name, **kwargs):
    return reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def open_on(world, codes, **extra):
    version = world.round.version
    return services.open_round(
        world.ecosystem,
        version=version,
        title=extra.pop("title", "Leadership only"),
        period="2028",
        due_date=None,
        anonymous=False,
        disagreement_threshold=2,
        invitees=[world.memberships[p] for p in ("contributor", "editor", "coordinator")],
        opened_by=world.users["coordinator"],
        strands=version.strands.filter(code__in=codes),
    )


def new_round_data(world, strands):
    return {
        "version": world.round.version_id,
        "title": "Leadership year",
        "period": "2028",
        "disagreement_threshold": 2,
        "invitees": [world.memberships["contributor"].pk],
        "strands": [strand.pk for strand in strands],
    }


# --- Choosing the strands --------------------------------------------------------------------


def test_the_round_form_ticks_every_strand_of_the_proposed_version_at_first(world, client_for):
    form = client_for("coordinator").get(url(world, "round_create")).context["form"]

    offered = list(form.fields["strands"].queryset)
    assert [s.code for s in offered] == ["LEAD", "COMM", "COLLAB", "SUST"]
    assert form["strands"].value() == [s.pk for s in offered]


def test_a_round_opened_on_one_strand_stores_exactly_that_strand(world, client_for):
    leadership = world.round.version.strands.get(code="LEAD")

    response = client_for("coordinator").post(
        url(world, "round_create"), new_round_data(world, [leadership])
    )

    round = Round.objects.get(title="Leadership year")
    assert response.status_code == 302
    assert list(round.strands.all()) == [leadership]


def test_a_round_covering_everything_stores_every_strand_not_an_empty_set(world):
    assert world.round.strands.count() == 4
    assert world.round.covers_everything()


def test_strands_of_another_version_are_refused_with_the_right_list(world, client_for):
    draft = services.duplicate_as_draft(world.round.version)
    services.publish(draft)
    newer_strand = draft.strands.get(code="LEAD")

    response = client_for("coordinator").post(
        url(world, "round_create"), new_round_data(world, [newer_strand])
    )

    form = response.context["form"]
    assert "another instrument version" in form.errors["strands"][0]
    assert set(form.fields["strands"].queryset) == set(world.round.version.strands.all())
    assert not Round.objects.filter(title="Leadership year").exists()


def test_a_round_needs_at_least_one_strand(world, client_for):
    response = client_for("coordinator").post(url(world, "round_create"), new_round_data(world, []))

    assert response.context["form"].errors["strands"] == ["Choose at least one strand."]


def test_choosing_another_version_offers_its_strands_all_ticked(world, client_for):
    draft = services.duplicate_as_draft(world.round.version)
    services.publish(draft)

    response = client_for("coordinator").get(url(world, "round_create"), {"version": draft.pk})

    form = response.context["form"]
    assert set(form.fields["strands"].queryset) == set(draft.strands.all())
    assert set(form["strands"].value()) == {s.pk for s in draft.strands.all()}


# --- Changing them ---------------------------------------------------------------------------


def test_strands_can_change_while_nobody_has_submitted(world, answer_round):
    round = open_on(world, ["LEAD"])
    answer_round(round, world.users["contributor"], {"*": 1}, submit=False)

    services.set_strands(round, round.version.strands.filter(code__in=["LEAD", "COMM"]))

    assert {s.code for s in round.strands.all()} == {"LEAD", "COMM"}


def test_the_change_page_narrows_the_strands_and_keeps_the_drafts(world, client_for, answer_round):
    round = open_on(world, ["LEAD", "COMM"])
    response = answer_round(round, world.users["contributor"], {"*": 1}, submit=False)
    drafts = response.answers.count()
    communication = round.version.strands.get(code="COMM")

    page = client_for("coordinator").post(
        url(world, "round_update", pk=round.pk),
        {"title": round.title, "period": round.period, "strands": [communication.pk]},
    )

    assert page.status_code == 302
    assert list(round.strands.all()) == [communication]
    assert response.answers.count() == drafts


def test_strands_are_fixed_once_someone_submitted(world, answer_round, client_for):
    round = open_on(world, ["LEAD"])
    answer_round(round, world.users["contributor"], {"*": 1})
    everything = list(round.version.strands.all())

    with pytest.raises(services.ContinuumError):
        services.set_strands(round, everything)
    form = client_for("coordinator").get(url(world, "round_update", pk=round.pk)).context["form"]

    assert [s.code for s in round.strands.all()] == ["LEAD"]
    assert form.fields["strands"].disabled


def test_answers_to_a_strand_taken_out_are_kept_but_left_out_of_the_results(world, answer_round):
    round = open_on(world, ["LEAD", "COMM"])
    response = answer_round(round, world.users["contributor"], {"*": 1}, submit=False)
    kept = response.answers.count()

    services.set_strands(round, round.version.strands.filter(code="LEAD"))
    services.submit(response)

    assert response.answers.count() == kept
    assert [s.strand.code for s in round_results(round).strands] == ["LEAD"]


# --- Answering and submitting ----------------------------------------------------------------


def test_a_strand_only_round_has_one_page_and_submits_when_that_strand_is_answered(
    world, client_for, answer_round
):
    round = open_on(world, ["COMM"])
    client = client_for("contributor")
    first = client.get(url(world, "answer_step", pk=round.pk, step=1))
    second = client.get(url(world, "answer_step", pk=round.pk, step=2))
    answer_round(round, world.users["contributor"], {"COMM-1": 1}, submit=False)
    review = client.get(url(world, "answer_review", pk=round.pk))

    missing = {indicator.code for indicator in review.context["missing"]}
    assert first.context["strand"].code == "COMM"
    assert second.status_code == 404
    assert missing
    assert all(code.startswith("COMM-") for code in missing)
    assert "LEAD-1" not in review.content.decode()

    answer_round(
        round,
        world.users["contributor"],
        {code: 2 for code in missing},
        submit=False,
    )
    client.post(url(world, "answer_submit", pk=round.pk))
    assert round.responses.get(user=world.users["contributor"]).submitted_at is not None


# --- Results, PDFs and CSV -------------------------------------------------------------------


@pytest.fixture
def leadership_round(world, answer_round):
    """A closed round on Leadership only; the answers also touch other strands (kept from
    before the strands were narrowed), which must not count."""
    round = open_on(world, ["LEAD"])
    answer_round(round, world.users["contributor"], {"*": 0})
    answer_round(round, world.users["editor"], {"*": 3})
    services.close_round(round)
    return round


def test_results_cover_only_the_rounds_strands(leadership_round):
    results = round_results(leadership_round)

    assert [s.strand.code for s in results.strands] == ["LEAD"]
    assert all(i.indicator.code.startswith("LEAD-") for i in results.indicators)
    assert not results.covers_everything


def test_the_results_page_and_csv_name_only_the_covered_strand(world, client_for, leadership_round):
    client = client_for("viewer")
    page = client.get(url(world, "results", pk=leadership_round.pk)).content.decode()
    export = client.get(url(world, "results_export", pk=leadership_round.pk))
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]

    assert "This round covers only:" in page
    assert "COMM-1" not in page
    assert rows
    assert {row[0] for row in rows} == {"Leadership"}


def test_the_round_pdfs_cover_only_the_rounds_strands(world, client_for, leadership_round):
    client = client_for("contributor")
    response = leadership_round.responses.get(user=world.users["contributor"])
    pdfs = [
        client.get(url(world, "round_blank_pdf", pk=leadership_round.pk)),
        client.get(url(world, "response_pdf", pk=leadership_round.pk, response_pk=response.pk)),
        client.get(url(world, "results_pdf", pk=leadership_round.pk)),
    ]

    for pdf in pdfs:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "LEAD-1" in text
        assert "COMM-1" not in text


# --- Over time -------------------------------------------------------------------------------


def test_the_comparison_matches_only_what_both_rounds_covered(world, leadership_round):
    comparison = compare([world.closed_round, leadership_round])

    assert [row.code for row in comparison.strands] == ["LEAD"]
    assert {row.code for row in comparison.indicators} == {
        i.code for i in world.round.version.indicators.filter(strand__code="LEAD")
    }
    assert {row.code for row in comparison.unmatched_strands} == {"COMM", "COLLAB", "SUST"}
    assert comparison.partial
    lead = comparison.strands[0]
    assert lead.covered == [True, True]
    assert lead.change is not None


def test_a_row_not_covered_by_a_round_is_marked_and_left_out_of_the_change(world, leadership_round):
    comparison = compare([world.older_round, world.closed_round, leadership_round])

    comm = next(row for row in comparison.strands if row.code == "COMM")
    assert comm.covered == [True, True, False]
    assert comm.values[2] is None
    assert comm.change == 0.0  # from the older round to the closed one only


def test_the_comparison_page_says_which_rows_were_not_compared(world, client_for, leadership_round):
    page = client_for("viewer").get(
        url(world, "comparison"), {"rounds": [world.closed_round.pk, leadership_round.pk]}
    )

    text = page.content.decode()
    assert "Not every round covered the same strands" in text
    assert "Covered by one round only, so not compared" in text
