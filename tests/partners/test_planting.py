"""Planting: a partnership is seeded where the partner's need meets the library's own
interest, so the record keeps both, and every place that shows the record shows both."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecosystem.models import User
from partners.imports.applying import ALL, confirm_import, create_import
from partners.imports.reading import read_csv
from partners.models import Partner, Sector


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def seeded(world):
    return Partner.objects.create(
        ecosystem=world.ecosystem,
        name="Riverside Food Bank",
        sector=Sector.NONPROFIT,
        partner_needs="A room for cooking classes",
        library_interest="Families we rarely see come to the library",
    )


def test_the_form_asks_for_their_need_and_our_interest_side_by_side(world, client_for):
    html = client_for("editor").get(url(world, "partner_create")).content.decode()

    assert "Planting: their need meets our interest" in html
    need, interest = html.index('name="partner_needs"'), html.index('name="library_interest"')
    assert need < interest
    assert "What the library is interested in" in html


def test_an_editor_records_the_librarys_interest_when_adding_a_partner(world, client_for):
    client_for("editor").post(
        url(world, "partner_create"),
        {
            "name": "Riverside Food Bank",
            "sector": "nonprofit",
            "partner_needs": "A room for cooking classes",
            "library_interest": "Families we rarely see come to the library",
            "stage": "building",
            "phase": "planting",
            "formalization": "handshake",
        },
    )

    partner = Partner.objects.get(name="Riverside Food Bank")
    assert partner.library_interest == "Families we rarely see come to the library"


def test_the_partner_page_shows_both_halves_of_the_seed(world, client_for):
    partner = seeded(world)

    html = client_for("viewer").get(partner.get_absolute_url()).content.decode()

    assert "A room for cooking classes" in html
    assert "Families we rarely see come to the library" in html


def test_the_csv_export_has_the_librarys_interest(world, client_for):
    seeded(world)

    response = client_for("viewer").get(url(world, "partner_export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))

    records = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert records["Riverside Food Bank"]["What the library is interested in"] == (
        "Families we rarely see come to the library"
    )


def test_the_csv_import_reads_the_librarys_interest(world):
    data = (
        b"name,sector,partner needs,library interest\n"
        b"Lakeview Health,Health,Reaching patients,Health literacy for older adults\n"
    )
    table = read_csv(SimpleUploadedFile("partners.csv", data, "text/csv"))
    pending = create_import(world.ecosystem, world.users["editor"], "partners.csv", table)

    confirm_import(pending, ALL)

    partner = Partner.objects.get(ecosystem=world.ecosystem, name="Lakeview Health")
    assert partner.library_interest == "Health literacy for older adults"


def test_the_profile_pdf_prints_the_librarys_interest(world, client_for):
    from pypdf import PdfReader

    partner = seeded(world)

    response = client_for("viewer").get(url(world, "partner_pdf", pk=partner.pk))

    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )
    assert "What the library is interested in" in text
    assert "Families we rarely see come to the library" in text


def test_the_admin_edits_the_librarys_interest(world, client):
    partner = seeded(world)
    client.force_login(
        User.objects.create_superuser(email="root@world.example", password="x", full_name="Root")
    )

    html = client.get(reverse("admin:partners_partner_change", args=[partner.pk])).content.decode()

    assert 'name="library_interest"' in html
