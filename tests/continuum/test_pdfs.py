"""The Continuum's printed documents, read back from the PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from continuum import services
from continuum.models import Consensus, Level


def read(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def test_the_blank_rubric_is_landscape_with_every_indicator_and_descriptor(world, client_for):
    version = world.round.version
    response = client_for("viewer").get(
        reverse(
            "continuum:blank_pdf",
            kwargs={"ecosystem_slug": world.slug, "instrument": "ecosystem-continuum", "number": 1},
        )
    )

    reader, text = read(response)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height), "landscape"
    assert len(reader.pages) >= 4, "a page per strand at least"
    for indicator in version.indicators.all():
        assert indicator.code in text
    descriptor = version.indicators.get(code="SUST-3").descriptors.get(level__value=4).text
    assert " ".join(descriptor.split()[:6]) in text
    assert "Page 1 of" in text
    assert "Evidence:" in text


def test_the_blank_checklist_has_a_box_per_answer(world, client_for):
    response = client_for("viewer").get(
        reverse(
            "continuum:blank_pdf",
            kwargs={
                "ecosystem_slug": world.slug,
                "instrument": "collaboration-best-practices",
                "number": 1,
            },
        )
    )

    reader, text = read(response)
    box = reader.pages[0].mediabox
    assert float(box.width) < float(box.height), "portrait"
    assert "Yes Partly Not yet" in text or ("Yes" in text and "Not yet" in text)
    assert text.count("BP-") == 0, "a paper checklist shows statements, not codes"


def test_one_respondents_answers(world, client_for, answer_round):
    response = answer_round(
        world.round, world.users["contributor"], {"*": 2}, evidence="Seen at the fair"
    )

    pdf = client_for("contributor").get(
        reverse(
            "continuum:response_pdf",
            kwargs={"ecosystem_slug": world.slug, "pk": world.round.pk, "response_pk": response.pk},
        )
    )

    _reader, text = read(pdf)
    assert "Answers of Contributor Person" in text
    assert "Seen at the fair" in text
    assert "Established" in text


@pytest.fixture
def agreed(world):
    round = world.closed_round
    lead_2 = round.version.indicators.get(code="LEAD-2")
    Consensus.objects.create(
        round=round,
        indicator=lead_2,
        level=Level.objects.get(version=round.version, value=2),
        rationale="We settled on Developing after the workshop.",
    )
    return round


def test_the_results_pdf_has_the_chart_the_spread_and_the_consensus(world, client_for, agreed):
    response = client_for("viewer").get(
        reverse("continuum:results_pdf", kwargs={"ecosystem_slug": world.slug, "pk": agreed.pk})
    )

    reader, text = read(response)
    assert "Results: Closed round" in text
    assert "Where the ecosystem stands" in text
    assert "Scores by strand" in text
    assert "Seen differently" in text
    assert "We settled on Developing after the workshop." in text
    assert "Contributor Person" in text, "named round: who said what"
    assert reader.metadata.title.startswith("Results: Closed round")
    # The chart is the page's own SVG: its legend is real text in the PDF.
    assert "From the answers (median)" in text
    assert "nothing agreed yet" in text


def test_a_draft_version_is_never_printed_as_a_blank(world, client_for):
    draft = services.duplicate_as_draft(world.round.version)

    response = client_for("viewer").get(
        reverse(
            "continuum:blank_pdf",
            kwargs={
                "ecosystem_slug": world.slug,
                "instrument": "ecosystem-continuum",
                "number": draft.number,
            },
        )
    )

    assert response.status_code == 404
