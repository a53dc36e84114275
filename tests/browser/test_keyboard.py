"""Keyboard users can always see where they are and skip straight to the content."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.accounts import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, text: (el.innerText || el.name || '').trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
  };
}"""


def test_the_skip_link_comes_first_and_every_focused_control_shows_a_ring(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    sign_in(page, live_server, world.users["editor"])
    page.goto(live_server.url + f"/e/{world.slug}/organizations/")

    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUS_STYLE)
    assert skip["text"] == "Skip to main content"
    assert page.get_by_role("link", name="Skip to main content").is_visible()

    # Through the navigation, the page's buttons and the filters, to the table.
    seen: list[str] = []
    while "Central Public Library" not in seen:
        assert len(seen) < 30, f"the table was never reached: {seen}"
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        seen.append(focused["text"])
        assert focused["outline"] >= 2, f"no visible focus on {focused} after {seen}"
    assert "Add an organization" in seen
    assert "Filter" in seen
