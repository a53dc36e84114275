"""The printable fact sheet: one US Letter page a library can hand to its council."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agendas.models import FactSheet, FactSheetLine, ValueCategory

LETTER = (612, 792)  # points


def read(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def pdf_of(world, client, sheet):
    return client.get(
        reverse("agendas:factsheet_pdf", kwargs={"ecosystem_slug": world.slug, "pk": sheet.pk})
    )


def full_sheet(world, **fields):
    """Every default category counted, with large numbers and one value of the sheet's own.

    Books 250,000 x $17 = $4,250,000; E-books 80,000 x $15 = $1,200,000;
    Movies, music, magazines 60,000 x $5 = $300,000; Programs 25,000 x $15 = $375,000;
    Computers 40,000 x $12 = $480,000; Reference 30,000 x $7 = $210,000;
    Meeting rooms 1,200 x $60 (own value) = $72,000.        Total $6,887,000.00
    per household: 6,887,000 / 52,000 = 132.4423… → $132.44
    per person:    6,887,000 / 130,000 = 52.9769… → $52.98
    per dollar:    6,887,000 / 1,610,000 = 4.2776… → $4.28
    """
    sheet = FactSheet.objects.create(
        ecosystem=world.ecosystem,
        organization=world.organization,
        title="Central Public Library: what the library returns to its community",
        year=2025,
        households=52000,
        population=130000,
        budget=Decimal("1610000"),
        **fields,
    )
    counts = [250_000, 80_000, 60_000, 25_000, 40_000, 30_000, 1_200]
    for category, quantity in zip(ValueCategory.objects.order_by("position"), counts, strict=True):
        value = Decimal("60.00") if category.name == "Meeting room use" else None
        FactSheetLine.objects.create(sheet=sheet, category=category, quantity=quantity, value=value)
    return sheet


def test_the_fact_sheet_fits_on_one_letter_page_with_every_default_category(world, client_for):
    sheet = full_sheet(world)

    reader, text = read(pdf_of(world, client_for("viewer"), sheet))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == LETTER
    assert "$6.9 million" in text
    assert "in value returned to the community in 2025" in text
    assert "$132.44" in text
    assert "$52.98" in text
    assert "$4.28" in text
    assert "Central Public Library · 2025" in text
    for category in ValueCategory.objects.all():
        assert category.name in text
        assert category.explanation.split()[0] in text
    assert "$4,250,000.00" in text
    assert "$6,887,000.00" in text
    assert "Values marked * were set by Central Public Library" in text
    assert "For every dollar in its budget, Central Public Library returned $4.28" in text
    assert "Page 1 of 1" in text


def test_the_notes_stay_off_the_printed_sheet(world, client_for):
    sheet = full_sheet(world, notes="Ask Pat before sharing these numbers.")

    _reader, text = read(pdf_of(world, client_for("viewer"), sheet))

    assert "Ask Pat" not in text


def test_a_sheet_without_budget_or_households_prints_only_what_it_knows(world, client_for):
    reader, text = read(pdf_of(world, client_for("viewer"), world.fact_sheet))

    # 1,000 books x $17 and nothing to divide by: the total alone, for the ecosystem.
    assert len(reader.pages) == 1
    assert "$17,000" in text
    assert "Test State Ecosystem · 2026" in text
    assert "for every household" not in text
    assert "For every dollar" not in text


def test_the_pdf_is_named_after_the_sheet(world, client_for):
    response = pdf_of(world, client_for("viewer"), world.fact_sheet)

    assert response["Content-Disposition"].startswith('inline; filename="library-value-2026-')


def test_the_year_is_not_repeated_in_the_name_when_the_title_has_it(world, client_for):
    FactSheet.objects.filter(pk=world.fact_sheet.pk).update(title="Library value 2026")

    response = pdf_of(world, client_for("viewer"), world.fact_sheet)

    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'inline; filename="library-value-2026-{today:%Y-%m-%d}.pdf"'
    )
