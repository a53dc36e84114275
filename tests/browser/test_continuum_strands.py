"""A round on one strand, and the one-page consensus, in a real browser (with axe-core).

The coordinator opens a round on Communication alone: the contributor answers one page,
not four, and submits. Then, on a closed round where every indicator was seen
differently, the coordinator records two agreed levels on one page, each saved on its own
without leaving it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from continuum.models import Consensus, Round
from tests.browser.accounts import sign_in, sign_out
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

ROUND_TITLE = "Communication focus"
INDICATOR = re.compile(r"^COMM-\d+\. ")


def test_a_round_on_one_strand_is_answered_and_submitted_on_that_strand_alone(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    coordinator = world.users["coordinator"]
    contributor = world.users["contributor"]

    sign_in(page, live_server, coordinator, check_page=True)
    page.goto(f"{live_server.url}/e/{world.slug}/continuum/rounds/new/")
    expect(
        page.get_by_role("heading", name="Open a self-assessment round", level=1)
    ).to_be_visible()
    # Choosing another instrument swaps in its strands (htmx); back to the Continuum.
    instrument = page.get_by_role("combobox", name=re.compile(r"^Instrument\b"))
    continuum = instrument.input_value()
    strands = page.get_by_role("group", name=re.compile(r"^Strands this round covers"))
    leadership = strands.get_by_role("checkbox", name=re.compile(r"^Leadership\b"))
    rubric_value = leadership.get_attribute("value")
    checklist = instrument.locator("option", has_text="Self Assessment Checklist")
    instrument.select_option(checklist.get_attribute("value"))
    expect(leadership).not_to_have_attribute("value", rubric_value or "")
    expect(leadership).to_be_checked()
    instrument.select_option(continuum)
    expect(leadership).to_have_attribute("value", rubric_value or "")
    expect(strands.get_by_role("checkbox")).to_have_count(4)
    for name in ("Leadership", "Communication", "Collaboration", "Sustainability"):
        expect(strands.get_by_role("checkbox", name=re.compile(rf"^{name}\b"))).to_be_checked()
    assert_accessible(page)
    for name in ("Leadership", "Collaboration", "Sustainability"):
        strands.get_by_role("checkbox", name=re.compile(rf"^{name}\b")).uncheck()
    page.get_by_role("textbox", name=re.compile(r"^Title\b")).fill(ROUND_TITLE)
    page.get_by_role("button", name="Open the round").click()

    expect(page.get_by_role("heading", name=ROUND_TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Covers only: Communication.")).to_be_visible()
    assert_accessible(page)
    round = Round.objects.get(title=ROUND_TITLE)
    assert [s.code for s in round.strands.all()] == ["COMM"]
    sign_out(page, coordinator)

    sign_in(page, live_server, contributor, check_page=True)
    page.goto(f"{live_server.url}{round.get_absolute_url()}")
    page.get_by_role("link", name="Start answering").click()
    expect(page.get_by_text("Strand 1 of 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Communication", level=1)).to_be_visible()
    assert_accessible(page)
    indicators = page.get_by_role("group", name=INDICATOR)
    expect(indicators).to_have_count(5)
    for indicator in indicators.all():
        indicator.get_by_role("radio", name=re.compile(r"^Developing\b")).check()
    page.get_by_role("button", name="Save and review").click()

    expect(page.get_by_role("heading", name="Review your answers", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Your answers for Communication")).to_be_visible()
    expect(page.get_by_role("table", name="Your answers for Leadership")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you: your answers are in.")
    assert round.responses.get(user=contributor).submitted_at is not None


def test_a_coordinator_records_two_agreed_levels_on_one_page(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    coordinator = world.users["coordinator"]
    round = world.closed_round

    sign_in(page, live_server, coordinator, check_page=True)
    page.goto(f"{live_server.url}{round.get_absolute_url()}")
    page.get_by_role("link", name="Record agreed levels").click()
    expect(
        page.get_by_role("heading", name=f"Agreed levels: {round.title}", level=1)
    ).to_be_visible()
    assert_accessible(page)

    for code, level, reason in (
        ("LEAD-1", "Developing", "The steering group exists, but two libraries carry it."),
        ("LEAD-2", "Established", "Every member library took a turn at the table."),
    ):
        card = page.get_by_role("article", name=re.compile(rf"^{code}\. "))
        answers = card.get_by_role("table", name=f"Every answer to {code}")
        expect(answers.get_by_role("row")).to_have_count(3)  # the header and two answers
        legend = card.get_by_role("group", name=f"Agreed level for {code}")
        legend.get_by_role("radio", name=re.compile(rf"^{level}\b")).check()
        card.get_by_role("textbox", name=re.compile(r"^Why\b")).fill(reason)
        card.get_by_role("button", name=f"Save the agreed level for {code}").click()
        # Saved in place (htmx): the same page, the card now shows the agreed level.
        card = page.get_by_role("article", name=re.compile(rf"^{code}\. "))
        expect(card).to_contain_text(f"Saved: the agreed level for {code}.")
        expect(card).to_contain_text(f"Agreed so far: {level}")

    expect(
        page.get_by_role("heading", name=f"Agreed levels: {round.title}", level=1)
    ).to_be_visible()
    assert_accessible(page)
    agreed = dict(
        Consensus.objects.filter(round=round).values_list("indicator__code", "level__label")
    )
    assert agreed == {"LEAD-1": "Developing", "LEAD-2": "Established"}
