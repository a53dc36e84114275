"""A real Chromium, driven through Playwright, for the journeys in this folder.

The browser is Debian's (`apt-get install chromium`); Playwright's own download is never
used. Without it these tests are skipped, or fail when REQUIRE_BROWSER=1 (as in CI), so
a missing browser can never pass for a green run there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = (
            f"The browser tests need Chromium at {CHROMIUM}. Install it with "
            "`apt-get install -y chromium` (never `playwright install`)."
        )
        if _browser_required():
            pytest.fail(message + " REQUIRE_BROWSER is set, so this is a failure.")
        pytest.skip(message)

    # Playwright's sync API runs an event loop in this thread, and Django refuses
    # database access from a thread with a running loop unless told it is fine.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context, so no cookie or storage leaks between tests.

    With DEBUG off the session and CSRF cookies are `Secure`. Chromium keeps them over
    plain HTTP only because the live server is http://localhost, a secure context.
    """
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    # Pages answer in milliseconds here; half a minute per missing element is too long.
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()
