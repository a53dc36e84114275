"""The phone-width check itself: it fails on what makes a page scroll sideways, names the
culprit, passes what scrolls inside its own box, and leaves the viewport as it found it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.reflow import assert_fits_a_phone

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# A standards-mode page (quirks mode lays it out differently) with the two rules of
# Bootstrap that matter here, as Bootstrap writes them.
HEAD = """<!doctype html><style>
  body { margin: 0; }
  .table-responsive { overflow-x: auto; }
  .visually-hidden { position: absolute !important; width: 1px !important;
    height: 1px !important; padding: 0 !important; margin: -1px !important;
    overflow: hidden !important; clip: rect(0, 0, 0, 0) !important;
    white-space: nowrap !important; border: 0 !important; }
  td { padding: 0 2rem; white-space: nowrap; }
</style>"""

WIDE_TABLE = (
    "<table><tr>"
    + "".join(f"<td>Column {n}</td>" for n in range(8))
    + '<td><a href="#">Edit<span class="visually-hidden"> the last row</span></a></td>'
    + "</tr></table>"
)


def overflow_message(page: Page, body: str) -> str:
    page.set_content(HEAD + body)
    with pytest.raises(AssertionError) as failure:
        assert_fits_a_phone(page)
    return str(failure.value)


def test_a_long_unbroken_word_is_named_by_its_text(page: Page) -> None:
    message = overflow_message(page, "<p>See https://example.org/" + "a" * 120 + "</p>")

    assert "scrolls sideways at 390 px wide" in message
    assert "p (its text)" in message
    assert "https://example.org/aaa" in message


def test_a_wide_table_is_named_once_not_cell_by_cell(page: Page) -> None:
    message = overflow_message(page, f'<main id="main">{WIDE_TABLE}</main>')

    assert "main#main > table" in message
    assert "(1 place(s)" in message


def test_hidden_text_escaping_a_scrolling_box_is_caught_and_a_positioned_box_holds_it(
    page: Page,
) -> None:
    message = overflow_message(page, f'<div class="table-responsive">{WIDE_TABLE}</div>')
    assert "span.visually-hidden" in message
    assert "“the last row”" in message

    page.set_content(
        HEAD + f'<div class="table-responsive" style="position: relative">{WIDE_TABLE}</div>'
    )
    assert_fits_a_phone(page)


def test_the_viewport_is_put_back_after_the_check_pass_or_fail(page: Page) -> None:
    before = page.viewport_size
    assert before is not None
    assert before["width"] > 390

    page.set_content(HEAD + "<p>Short and sweet.</p>")
    assert_fits_a_phone(page)
    assert page.viewport_size == before

    overflow_message(page, '<div style="width: 600px">Too wide for a phone</div>')
    assert page.viewport_size == before
