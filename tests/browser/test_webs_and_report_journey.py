"""The coordinator maps two connections, watches a coverage gap close, then picks the
report's sections and downloads the coordinator's report, prepared by the worker."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ecosystem.models import Organization
from tests.browser.accounts import sign_in
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

# The live server runs in this process, so the report renders as soon as it is asked for.
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def coverage_row(page: Page, kind: str):
    # The coverage checklist's row, not the same type's row in the "tied to" table.
    return page.locator(".coverage-table").get_by_role("row", name=kind)


def test_the_coordinator_closes_a_coverage_gap_and_prints_the_report(
    transactional_db: None, live_server: LiveServer, world: World, page: Page, settings
) -> None:
    settings.TASKS = IMMEDIATE
    Organization.objects.create(
        ecosystem=world.ecosystem,
        name="Hillside University Library",
        kind=Organization.Kind.ACADEMIC_LIBRARY,
    )
    base = live_server.url
    sign_in(page, live_server, world.users["coordinator"])

    page.goto(base + f"/e/{world.slug}/")
    page.get_by_role("link", name="Webs of Connection").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webs of Connection")
    expect(coverage_row(page, "Academic library")).to_contain_text("Present, not connected")
    # The map is a group of links, one per organization, so it can be browsed by keyboard.
    expect(page.get_by_role("group", name="Webs of Connection")).to_be_visible()
    assert_accessible(page)

    # The first connection: straight from the list of organizations with none yet.
    page.get_by_role("link", name="Record a connection for Hillside University Library").click()
    expect(page.get_by_role("combobox", name="One side")).to_have_value(
        f"o{Organization.objects.get(name='Hillside University Library').pk}"
    )
    page.get_by_label("Connected with").select_option(label="Central Public Library")
    page.get_by_label("Kind of connection").select_option(label="Shared members")
    page.get_by_label("Strong: each relies on the other").check()
    assert_accessible(page)
    page.get_by_role("button", name="Record it and add another for the same organization").click()

    # The second: forgetting the kind first, which is explained next to the field.
    page.get_by_label("Connected with").select_option(label="County Literacy Council")
    page.get_by_label("Since").fill("2025-09-01")
    page.get_by_role("button", name="Record the connection", exact=True).click()
    expect(page.get_by_text("Choose what kind of connection it is.", exact=True)).to_be_visible()
    expect(page.get_by_label("Since")).to_have_value("2025-09-01")
    page.get_by_label("Kind of connection").select_option(label="Funding")
    page.get_by_role("button", name="Record the connection", exact=True).click()

    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "was recorded"
    )
    expect(coverage_row(page, "Academic library")).to_contain_text("Connected")
    expect(coverage_row(page, "Academic library")).not_to_contain_text("not connected")
    connections = page.get_by_role("table", name="The connections drawn on the map")
    expect(connections).to_contain_text("Hillside University Library")
    expect(connections).to_contain_text("Shared members")
    expect(connections).to_contain_text("Funding")
    assert_accessible(page)

    # The report: only two sections, for this year.
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Printable toolkit and reports")
    for section in [
        "Continuum results and progress",
        "The One Voice agenda and who signed on",
        "The year plan's status",
        "The progress record",
    ]:
        page.get_by_label(section).uncheck()
    expect(page.get_by_label("Webs of Connection and coverage")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Prepare the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator's report")
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name="Download the Coordinator's report (PDF)")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Partners by stage, with their shared stories" in text
    assert "Webs of Connection and coverage" in text
    assert "Hillside University Library" in text
    assert "The progress record" not in text
