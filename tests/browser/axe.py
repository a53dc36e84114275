"""Accessibility checks with axe-core, as shipped inside the axe-playwright-python package.

Only the JavaScript file is used: it is injected into the page with ``page.evaluate``
(which the Content Security Policy does not block) and run against WCAG 2.1 A and AA.
``assert_accessible`` then checks what axe cannot, that the page does not scroll sideways
on a phone (``tests/browser/reflow.py``), so every page checked here is checked for both.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.browser.reflow import assert_fits_a_phone

if TYPE_CHECKING:
    from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      html: node.html,
      target: node.target,
      summary: node.failureSummary,
    })),
  }));
}
"""


@cache
def axe_source() -> str:
    """axe.min.js from the installed package, read once (the package itself is not imported)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "axe-playwright-python is not installed: run `make test`, which installs the test tools"
        )
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append("")
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html']}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"      {detail}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe finds any WCAG 2.1 A/AA violation on the page, or
    naming what sticks out if the page scrolls sideways at a phone's width (390 px)."""
    violations = axe_violations(page)
    assert not violations, format_violations(page.url, violations)
    assert_fits_a_phone(page)
