"""The CSV import and a partner's documents in a real browser, every page checked with
axe-core (WCAG 2.1 A and AA), including the pages that show a refusal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import sign_in
from tests.browser.axe import assert_accessible
from tests.world import TINY_PDF

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

CSV = (
    b"name,sector,contact name,contact email\n"
    b"Bike Kitchen,Nonprofit,Jo Wheel,jo@bike.example\n"
    b"Chess Club,Librarry,,\n"
)


def test_an_editor_imports_the_valid_rows_of_a_file_with_a_problem(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    sign_in(page, live_server, world.users["editor"])
    page.goto(f"{live_server.url}/e/{world.slug}/partners/import/")
    expect(
        page.get_by_role("heading", name="Import partners from a CSV file", level=1)
    ).to_be_visible()
    assert_accessible(page)

    # A spreadsheet saved in the wrong encoding is refused, with the message by the field.
    page.get_by_label("CSV file").set_input_files(
        files=[
            {"name": "old.csv", "mimeType": "text/csv", "buffer": "name\nCafé\n".encode("cp1252")}
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("The file is not saved as UTF-8").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "partners.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_role("heading", name="Check the rows of partners.csv", level=1)
    ).to_be_visible()
    expect(page.get_by_text("“Librarry” is not one we know.")).to_be_visible()
    expect(page.get_by_role("button", name="Import all")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Import only the 1 valid row").click()
    expect(page.get_by_text("1 partner was imported from partners.csv.")).to_be_visible()
    expect(page.get_by_text("Line 3 had problems and was left out.")).to_be_visible()


def test_an_editor_attaches_a_document_after_a_refusal(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    sign_in(page, live_server, world.users["editor"])
    page.goto(live_server.url + world.partner.get_absolute_url())
    section = page.locator("#documents")
    expect(section.get_by_role("heading", name="Documents", level=2)).to_be_visible()

    section.get_by_label("Title").fill("Letter of commitment")
    section.get_by_label("Kind").select_option(label="Letter of commitment")
    section.get_by_label("File").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"<html></html>"}]
    )
    section.get_by_role("button", name="Attach").click()
    expect(
        page.get_by_role("heading", name="Attach a document to County Literacy Council")
    ).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Letter of commitment")
    expect(
        page.get_by_text("ends in .pdf, but its content is not what that ending says").first
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("File").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}]
    )
    page.get_by_role("button", name="Attach the document").click()
    expect(
        page.get_by_text("Letter of commitment was attached to County Literacy Council.")
    ).to_be_visible()
    expect(
        page.locator("#documents").get_by_role("link", name="Letter of commitment (download)")
    ).to_be_visible()
    assert_accessible(page)

    page.locator("#documents").get_by_role("link", name="Delete Letter of commitment").click()
    expect(
        page.get_by_role("heading", name="Delete Letter of commitment?", level=1)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delete the document").click()
    expect(page.get_by_text("Letter of commitment was deleted.")).to_be_visible()
