"""Tending a partnership, end to end, in a real browser.

An editor adds a partner (after a first try with nothing filled in), logs two
conversations, moves the relationship to the next stage, attaches the signed MOU, records
what the partnership yielded and prints the partner's profile. Every page on the way is
checked with axe-core (WCAG 2.1 A and AA), the form showing its errors included.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.accounts import sign_in
from tests.browser.axe import assert_accessible
from tests.world import TINY_PDF

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

PARTNER = "Millbrook Seed Library Collective"
GOAL = "A seed library shelf in every branch by spring."
FIRST_TALK = "First talk about a seed library at the branches"
SECOND_TALK = "Walked through the branches that have room for a shelf"
NEXT_STEP = "Send them the branch floor plans"
MOU = "Memorandum of understanding, signed this month"
HARVEST = "Seed swap at the central library"


def pdf_text(page: Page, url: str) -> str:
    response = page.request.get(url)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def log_an_interaction(page: Page, *, days_ago: int, summary: str, next_step: str = "") -> None:
    page.get_by_role("link", name="Log an interaction").click()
    expect(page.get_by_role("heading", name="Log an interaction", level=1)).to_be_visible()
    assert_accessible(page)
    day = timezone.localdate() - timedelta(days=days_ago)
    page.get_by_role("textbox", name="Date*", exact=True).fill(day.isoformat())
    page.get_by_label("What happened").fill(summary)
    page.get_by_label("Who took part").fill("Ana Flores; the branch managers")
    if next_step:
        page.get_by_label("Next step", exact=True).fill(next_step)
        due = timezone.localdate() + timedelta(days=7)
        page.get_by_label("Next step due").fill(due.isoformat())
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_role("heading", name=PARTNER, level=1)).to_be_visible()


def test_an_editor_tends_a_partnership_from_first_talk_to_printed_profile(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    sign_in(page, live_server, world.users["editor"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    expect(page.get_by_role("heading", name="Community partners", level=1)).to_be_visible()
    assert_accessible(page)

    # Nothing filled in: the errors sit by their fields, and the page stays accessible.
    page.get_by_role("link", name="Add a partner").click()
    page.get_by_role("button", name="Add the partner").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    assert_accessible(page)
    page.get_by_label("Name").first.fill(PARTNER)
    page.get_by_label("Sector").select_option(label="Nonprofit")
    page.get_by_label("The shared goal").fill(GOAL)
    page.get_by_role("group", name="First contact (optional)").get_by_label("Name").fill(
        "Ana Flores"
    )
    page.get_by_role("button", name="Add the partner").click()
    expect(page.get_by_role("heading", name=PARTNER, level=1)).to_be_visible()
    expect(page.get_by_text("Ana Flores").first).to_be_visible()
    assert_accessible(page)

    # Two conversations, the later one with a next step.
    log_an_interaction(page, days_ago=20, summary=FIRST_TALK)
    log_an_interaction(page, days_ago=3, summary=SECOND_TALK, next_step=NEXT_STEP)
    log = page.get_by_role("region", name="Log")
    for text in (SECOND_TALK, FIRST_TALK, f"Next step: {NEXT_STEP}"):
        expect(log).to_contain_text(text)

    # The relationship has grown: the move form offers the next stage first.
    expect(page.get_by_label("Move to stage")).to_have_value("common_goal")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Common goal, common language"
    )
    expect(page.locator("[aria-current=step]")).to_contain_text("Common goal, common language")

    # The signed MOU goes on file and downloads as it went in.
    documents = page.get_by_role("region", name="Documents")
    documents.get_by_label("Kind").select_option(label="Memorandum of understanding")
    documents.get_by_label("Title").fill(MOU)
    documents.get_by_label("File").set_input_files(
        files=[{"name": "mou.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}]
    )
    documents.get_by_role("button", name="Attach").click()
    link = page.get_by_role("link", name=f"{MOU} (download)")
    expect(link).to_be_visible()
    assert_accessible(page)
    download = page.request.get(live_server.url + link.get_attribute("href"))
    assert download.body() == TINY_PDF

    # What it yielded.
    page.get_by_role("link", name="Record a harvest").click()
    expect(page.get_by_role("heading", name="Record a harvest", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What was achieved").fill(HARVEST)
    page.get_by_label("People reached").fill("1,200")
    page.get_by_label("Dollars raised").fill("$350")
    page.get_by_role("button", name="Record the harvest").click()
    expect(page.get_by_role("heading", name=PARTNER, level=1)).to_be_visible()
    expect(
        page.get_by_role("region", name="Harvest").get_by_role("heading", name=HARVEST)
    ).to_be_visible()

    # The printed profile carries all of it.
    profile = page.get_by_role("link", name="Profile (PDF)").get_attribute("href")
    text = pdf_text(page, live_server.url + profile)
    for expected in (PARTNER, GOAL, "Common goal, common language", FIRST_TALK, SECOND_TALK):
        assert expected in text, expected
    for expected in (NEXT_STEP, MOU, HARVEST, "1,200", "$350.00", "Ana Flores"):
        assert expected in text, expected

    # The partner shows on the board, and the other views pass the same checks.
    tabs = page.get_by_role("navigation", name="Partner views")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    for tab, heading in (
        ("Pipeline board", "Partner pipeline"),
        ("Needs attention", "Partners needing attention"),
        ("Harvest", "Harvest: what partnerships yielded"),
    ):
        tabs.get_by_role("link", name=tab).click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert_accessible(page)
        if tab == "Pipeline board":
            expect(page.get_by_role("link", name=PARTNER)).to_be_visible()
