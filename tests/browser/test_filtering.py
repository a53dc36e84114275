"""Filtering a list updates the results as you type, without reloading the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from ecosystem.models import Organization
from tests.browser.accounts import sign_in
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser


def test_typing_in_the_search_box_narrows_the_organization_list_in_place(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    for name, kind in [("Maple Friends", "friends"), ("Maple University", "academic_library")]:
        Organization.objects.create(ecosystem=world.ecosystem, name=name, kind=kind)
    sign_in(page, live_server, world.users["viewer"])
    page.goto(live_server.url + f"/e/{world.slug}/organizations/")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("searchbox", name="Search").fill("maple")
    expect(page.get_by_role("status")).to_have_text("2 organizations match the filter")
    page.get_by_label("Kind").select_option(label="Friends of the library group")
    expect(page.get_by_role("status")).to_have_text("1 organization matches the filter")

    results = page.get_by_role("table", name="Organizations")
    expect(results.get_by_role("link")).to_have_text(["Maple Friends"])
    assert page.evaluate("window.stillTheSamePage") is True
    assert "q=maple" in page.url
    assert "kind=friends" in page.url
    assert_accessible(page)
