"""The coordinator's first look at the ecosystem: the dashboard shows where every tool
stands, on a wide screen and on a phone, and passes the accessibility checks."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agendas.models import PlanTask
from tests.browser.accounts import sign_in
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

PANELS = [
    "Ecosystem Continuum",
    "Rounds open for answers",
    "The current agenda cycle",
    "Overdue year-plan tasks",
    "Partners needing attention",
    "Recent progress",
]


def test_the_coordinator_sees_every_tool_at_a_glance_on_the_home_page(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Thank the legislators",
        due_date=timezone.localdate() - timedelta(days=4),
        owner=world.users["editor"],
    )
    coordinator = world.users["coordinator"]
    sign_in(page, live_server, coordinator)
    expect(page.get_by_role("heading", name=world.ecosystem.name, level=1)).to_be_visible()

    for name in PANELS:
        expect(page.get_by_role("region", name=name)).to_be_visible()

    continuum = page.get_by_role("region", name="Ecosystem Continuum")
    expect(continuum.get_by_role("img", name="Strand ratings: Closed round")).to_be_visible()
    table = continuum.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Strand", "2026", "2025", "Change"])
    expect(table.get_by_role("row", name="Leadership")).to_contain_text("no change")

    rounds = page.get_by_role("region", name="Rounds open for answers")
    expect(rounds).to_contain_text("0 of 3 invited members have submitted.")
    expect(rounds.get_by_role("link", name="Answer now in Open round")).to_be_visible()

    agenda = page.get_by_role("region", name="The current agenda cycle")
    expect(agenda.get_by_role("link", name="2027 session")).to_be_visible()
    expect(agenda).to_contain_text("30 days left.")

    tasks = page.get_by_role("region", name="Overdue year-plan tasks")
    expect(tasks).to_contain_text("1 task is overdue.")
    expect(tasks).to_contain_text("Thank the legislators")
    expect(tasks).to_contain_text("4 days late")

    attention = page.get_by_role("region", name="Partners needing attention")
    expect(attention.get_by_role("link", name=world.partner.name)).to_be_visible()
    expect(attention).to_contain_text("1 of 1 active partner needs attention.")

    progress = page.get_by_role("region", name="Recent progress")
    expect(progress.get_by_role("link", name=world.progress_entry.activity)).to_be_visible()
    expect(progress).to_contain_text("Collaboration")

    expect(page.get_by_role("heading", name="The toolkit", level=2)).to_be_visible()
    assert_accessible(page)

    # On a phone the chart gives way to its table; nothing else is lost.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(continuum.get_by_role("img")).to_be_hidden()
    expect(table).to_be_visible()
    for name in PANELS:
        expect(page.get_by_role("region", name=name)).to_be_visible()
    assert_accessible(page)

    # Every panel leads into its tool.
    attention.get_by_role("link", name="The partner that needs attention, and why").click()
    expect(page.get_by_role("heading", name="Partners needing attention", level=1)).to_be_visible()


def test_a_contributor_finds_their_to_dos_first_and_each_leads_to_where_it_is_done(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    contributor = world.users["contributor"]
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Bring the reading-program figures",
        due_date=timezone.localdate() + timedelta(days=2),
        owner=contributor,
    )
    sign_in(page, live_server, contributor)
    page.set_viewport_size({"width": 390, "height": 844})

    todos = page.get_by_role("region", name="Your to-dos")
    expect(todos).to_be_visible()
    # On a phone the list is the first section under the page's header.
    expect(page.locator("main section").first).to_have_attribute("aria-labelledby", "your-todos")
    expect(todos.get_by_role("listitem")).to_have_count(3)
    expect(todos).to_contain_text("Answer the Continuum round “Open round”.")
    expect(todos).to_contain_text("Finish the input of Central Public Library to “2027 session”")
    expect(todos).to_contain_text("Your task in the year plan: Bring the reading-program figures")
    expect(todos).to_contain_text("in 2 days.")
    assert_accessible(page)

    todos.get_by_role("link", name="Open the input").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Central Public Library")
    page.go_back()
    todos.get_by_role("link", name="Answer now").click()
    expect(page.get_by_role("heading", name="Leadership", level=1)).to_be_visible()
