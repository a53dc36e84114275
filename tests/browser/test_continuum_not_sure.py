"""A member answers "Not sure" for some indicators and still submits, in a real browser.

"Not sure" is one more radio button in each indicator's group, it fills the gap the
submit check looks for, and the review says it back. Every page is checked with axe-core.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import sign_in
from tests.browser.axe import assert_accessible
from tests.browser.test_continuum_journey import (
    INDICATOR,
    INDICATORS_PER_STRAND,
    LOWEST,
    STRANDS,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser


def test_a_member_answers_not_sure_and_submits(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    contributor = world.users["contributor"]
    sign_in(page, live_server, contributor, check_page=True)
    page.goto(live_server.url + world.round.get_absolute_url())
    expect(page.get_by_role("heading", name=world.round.title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Who sees the answers")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Start answering").click()

    for step, strand in enumerate(STRANDS, start=1):
        expect(page.get_by_role("heading", name=strand, level=1)).to_be_visible()
        indicators = page.get_by_role("group", name=INDICATOR)
        expect(indicators).to_have_count(INDICATORS_PER_STRAND)
        for number, indicator in enumerate(indicators.all()):
            # The first indicator of each strand: not sure; the others: the lowest level.
            name = re.compile(r"^Not sure\b") if number == 0 else re.compile(rf"^{LOWEST}\b")
            indicator.get_by_role("radio", name=name).check()
        if step == 1:
            expect(
                indicators.first.get_by_role("radio", name=re.compile(r"^Not sure\b"))
            ).to_be_checked()
            assert_accessible(page)
        last = step == len(STRANDS)
        page.get_by_role("button", name="Save and review" if last else "Save and continue").click()

    expect(page.get_by_role("heading", name="Review your answers", level=1)).to_be_visible()
    expect(page.get_by_text("no answer yet")).to_have_count(0)
    leadership = page.get_by_role("table", name="Your answers for Leadership")
    expect(leadership.get_by_role("cell", name="Not sure", exact=True)).to_have_count(1)
    expect(leadership.get_by_role("cell", name=LOWEST, exact=True)).to_have_count(4)
    assert_accessible(page)
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", name=world.round.title, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Thank you: your answers are in.")
    expect(page.get_by_text("Status: Submitted")).to_be_visible()
    assert_accessible(page)
