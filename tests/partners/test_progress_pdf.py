"""The progress record on paper: the filled record (following the timeline's filters) and
the blank template to fill in by hand."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse
from pypdf import PdfReader

from partners.models import ProgressEntry


def url(world, name):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug})


def text_of(content: bytes) -> str:
    """The document's words, with line breaks from wrapped table cells undone."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def add_entry(world, activity, *, on, strand="LEAD", indicator="", **fields):
    return ProgressEntry.objects.create(
        ecosystem=world.ecosystem,
        date=on,
        strand_code=strand,
        indicator_code=indicator,
        activity=activity,
        **fields,
    )


def test_the_filled_record_prints_every_entry_under_its_year(world, client_for):
    add_entry(
        world,
        "Invited the tribal library to the table",
        on=date(2024, 3, 5),
        indicator="LEAD-1",
        outcome="It sent a representative",
        next_step="Ask it to host a meeting",
    )

    response = client_for("viewer").get(url(world, "progress_pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="test-state-progress-record-' in response["Content-Disposition"]
    text = text_of(response.content)
    assert "Recording progress towards a library ecosystem" in text
    assert "2 steps recorded." in text
    assert "Joint summer reading with the schools" in text
    assert "Central Public Library; County Literacy Council" in text
    assert "Invited the tribal library to the table" in text
    assert "Ask it to host a meeting" in text
    assert "2024" in text
    assert text.index("Joint summer reading") < text.index("Invited the tribal library"), (
        "newest first"
    )
    # Indicators go by code in the table, with their statements listed once at the end.
    assert "The indicators named above" in text
    assert "LEAD-1 Every type of library in the state has a seat" in text


def test_the_filled_record_follows_the_filters_and_names_them(world, client_for):
    add_entry(world, "Leadership retreat", on=date(2024, 3, 5))
    add_entry(world, "Rotating chair", on=date(2023, 3, 5))

    response = client_for("viewer").get(
        url(world, "progress_pdf"), {"strand": "LEAD", "year": "2024"}
    )

    text = text_of(response.content)
    assert "1 step recorded (filtered: Leadership; 2024)." in text
    assert "Leadership retreat" in text
    assert "Rotating chair" not in text
    assert "Joint summer reading" not in text


def test_the_filled_record_is_landscape(world, client_for):
    reader = PdfReader(io.BytesIO(client_for("viewer").get(url(world, "progress_pdf")).content))

    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)


def test_text_typed_into_an_entry_is_printed_as_text_and_fetches_nothing(world, client_for):
    add_entry(
        world,
        "<script>alert(1)</script> <img src=file:///etc/passwd>",
        on=date(2025, 1, 2),
        evidence='<link rel="stylesheet" href="file:///etc/passwd">',
    )

    response = client_for("viewer").get(url(world, "progress_pdf"))

    text = text_of(response.content)
    # Narrow cells wrap long words: compare without the spaces.
    squeezed = text.replace(" ", "")
    assert "<script>alert(1)</script><imgsrc=file:///etc/passwd>" in squeezed
    assert '<linkrel="stylesheet"href="file:///etc/passwd">' in squeezed
    assert "root:" not in text, "no server file made it into the PDF"


def test_the_blank_template_has_the_columns_a_how_to_and_the_strands(world, client_for):
    response = client_for("viewer").get(url(world, "progress_template_pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="progress-record-template.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    text = text_of(response.content)
    for column in (
        "Date",
        "Strand and indicator",
        "Activity",
        "Outcome",
        "Evidence",
        "Next step",
        "Who took part",
    ):
        assert column in text
    assert "Write one row for each step the ecosystem took" in text
    assert "The strands: Leadership, Communication, Collaboration, Sustainability." in text
    assert "COLLAB-3 The ecosystem can act together quickly" in text
    assert "SUST-5" in text
    assert "Joint summer reading" not in text, "the template is blank"
