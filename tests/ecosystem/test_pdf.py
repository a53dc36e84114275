"""The shared PDF renderer and its first use, the organization roster."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ecosystem import pdf
from ecosystem.models import Organization


def read(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def text_of(reader: PdfReader) -> str:
    """The document's words, with line breaks from wrapped table cells undone."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def roster(world, client_for):
    for i in range(60):
        Organization.objects.create(
            ecosystem=world.ecosystem,
            name=f"Riverside Branch {i:02}",
            kind=Organization.Kind.PUBLIC_LIBRARY,
            city="Riverside",
            contact_email=f"branch{i}@example.org",
        )
    Organization.objects.create(
        ecosystem=world.ecosystem, name="Friends & <Neighbours>", kind=Organization.Kind.FRIENDS
    )

    def get(**params):
        return client_for("viewer").get(
            reverse("ecosystem:organization_roster_pdf", args=[world.slug]), params
        )

    return get


def test_the_roster_is_a_pdf_of_every_organization_grouped_by_kind(roster):
    response = roster()

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="test-state-organization')
    text = text_of(read(response.content))
    assert "Organization roster" in text
    assert "62 participating organizations" in text
    assert "Riverside Branch 00" in text
    assert "Riverside Branch 59" in text
    assert "Supporters (1)" in text
    assert "Friends of the library group" in text
    assert text.index("Libraries") < text.index("Supporters")


def test_every_roster_page_has_the_ecosystem_in_its_header_and_page_x_of_y(roster):
    reader = read(roster().content)

    pages = len(reader.pages)
    assert pages >= 2, "enough rows to need a second page"
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Test State Ecosystem" in text
        assert f"Page {number} of {pages}" in text


def test_the_roster_is_letter_sized_tagged_titled_and_in_english(roster):
    reader = read(roster().content)

    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert reader.metadata.title == "Organization roster · Test State Ecosystem"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-us"
    assert "/StructTreeRoot" in catalog, "a tagged PDF carries its structure"
    assert catalog["/MarkInfo"]["/Marked"]


def test_the_roster_follows_the_list_filter(roster):
    text = text_of(read(roster(kind="friends").content))

    assert "Friends & <Neighbours>" in text
    assert "Riverside Branch" not in text
    assert "(filtered: Friends of the library group)" in text


def test_text_typed_by_users_is_printed_literally(roster):
    text = text_of(read(roster(q="Neighbours").content))

    assert "Friends & <Neighbours>" in text
    assert "(filtered: matching “Neighbours”)" in text


# --- The renderer only reads the app's own static files -----------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/logo.png",
        "https://example.org/static/css/pdf.css",
        f"{pdf.PDF_ORIGIN}/etc/passwd",
        f"{pdf.PDF_ORIGIN}/static/../ecosystem/settings.py",
        f"{pdf.PDF_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{pdf.PDF_ORIGIN}/static/no-such-file.css",
    ],
)
def test_the_fetcher_refuses_anything_but_the_apps_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.url_fetcher().fetch(url)


def test_the_fetcher_serves_static_files_and_data_uris():
    fetcher = pdf.url_fetcher()

    stylesheet = fetcher.fetch(f"{pdf.PDF_ORIGIN}/static/css/pdf.css")
    inline = fetcher.fetch("data:text/plain;base64,aGVsbG8=")

    assert b"@page" in stylesheet.read()
    assert stylesheet.content_type == "text/css"
    assert inline.read() == b"hello"


def test_a_document_cannot_pull_a_server_file_into_the_pdf(tmp_path):
    from weasyprint import HTML

    secret = tmp_path / "secret.css"
    secret.write_text('body::after { content: "LEAKED-SECRET"; }')
    html = (
        f'<link rel="stylesheet" href="file://{secret}">'
        f'<img src="file://{secret}" alt="x"><p>Visible</p>'
    )

    document = HTML(string=html, base_url=f"{pdf.PDF_ORIGIN}/", url_fetcher=pdf.url_fetcher())
    text = text_of(read(document.write_pdf()))

    assert "Visible" in text
    assert "LEAKED-SECRET" not in text
