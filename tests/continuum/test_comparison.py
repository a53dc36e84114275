"""Assessment of Ecosystem Progress: closed rounds side by side, matched by code."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from continuum import services
from continuum.comparison import compare
from continuum.models import Consensus, Instrument, Level, Round


def comparison_url(world, name="comparison"):
    return reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug})


def test_rounds_are_compared_oldest_first_with_the_change(world):
    # The world's rounds: the older and the closed one have the same answers (1 and 3 →
    # median 2); agreeing on 4 for LEAD-1 in the newer round lifts it.
    level = Level.objects.get(version=world.closed_round.version, value=4)
    lead_1 = world.closed_round.version.indicators.get(code="LEAD-1")
    Consensus.objects.create(round=world.closed_round, indicator=lead_1, level=level, rationale="x")

    comparison = compare([world.closed_round, world.older_round])

    assert [r.title for r in comparison.rounds] == ["Older round", "Closed round"]
    leadership = comparison.strands[0]
    assert (leadership.code, leadership.values) == ("LEAD", [2.0, 2.4])
    assert leadership.change == 0.4
    row = next(row for row in comparison.indicators if row.code == "LEAD-1")
    assert (row.values, row.change) == ([2.0, 4.0], 2.0)


def test_rounds_on_different_versions_line_up_by_code(world, answer_round, respondents):
    draft = services.duplicate_as_draft(world.closed_round.version)
    lead_1 = draft.indicators.get(code="LEAD-1")
    lead_1.statement = "Every library type sits at the table, and knows it."
    lead_1.save()
    draft.indicators.get(code="SUST-5").delete()
    services.publish(draft)
    newer = services.open_round(
        world.ecosystem,
        version=draft,
        title="Newest",
        period="2028",
        due_date=None,
        anonymous=False,
        disagreement_threshold=2,
        invitees=[world.memberships["editor"]],
        opened_by=world.users["coordinator"],
    )
    answer_round(newer, world.users["editor"], {"*": 3})
    services.close_round(newer)

    comparison = compare([world.older_round, newer])

    row = next(row for row in comparison.indicators if row.code == "LEAD-1")
    assert row.label == "Every library type sits at the table, and knows it."
    assert row.values == [2.0, 4.0]
    # Only one round has SUST-5: listed apart, as not compared, never in the table.
    assert "SUST-5" not in {row.code for row in comparison.indicators}
    dropped = next(row for row in comparison.unmatched_indicators if row.code == "SUST-5")
    assert dropped.values == [2.0, None]
    assert dropped.change is None


def test_the_comparison_page_needs_two_closed_rounds_of_one_instrument(world, client_for):
    checklist = Instrument.objects.get(slug="self-assessment-checklist").latest_published()
    other = Round.objects.create(
        ecosystem=world.ecosystem,
        version=checklist,
        title="Checklist",
        period="2026",
        status=Round.Status.CLOSED,
    )
    client = client_for("viewer")

    one = client.get(comparison_url(world), {"rounds": [world.closed_round.pk]})
    mixed = client.get(comparison_url(world), {"rounds": [world.closed_round.pk, other.pk]})
    open_round = client.get(
        comparison_url(world), {"rounds": [world.round.pk, world.closed_round.pk]}
    )

    assert "at least two rounds" in one.content.decode()
    assert "same instrument" in mixed.content.decode()
    assert "rounds" in open_round.context["form"].errors


def test_the_comparison_pdf_has_the_trend_and_the_tables(world, client_for):
    response = client_for("viewer").get(
        comparison_url(world, "comparison_pdf"),
        {"rounds": [world.closed_round.pk, world.older_round.pk]},
    )

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "Assessment of Ecosystem Progress" in text
    assert "Leadership" in text
    assert "LEAD-1" in text
    assert "2025" in text
    assert "2026" in text
