"""The page fits a phone: at 390 CSS pixels wide nothing makes it scroll sideways.

WCAG 2.1 asks for this as "Reflow" (1.4.10) and axe-core cannot check it, so
``assert_accessible`` calls ``assert_fits_a_phone`` after axe on every page it checks: the
viewport is narrowed to a phone's for the measurement and then put back as it was, so the
rest of the journey goes on at the size the test chose.

A table may still be wider than the phone inside a ``.table-responsive`` box: that box
scrolls by itself and the page does not, so it passes (and is not listed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}
MOST_LISTED = 8

# Two animation frames: the resize has been laid out, and resize handlers have run.
SETTLE = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

# Where the page sticks out: every element and run of text whose right edge is past the
# viewport and that nothing keeps inside: no ancestor that clips or scrolls it (overflow-x
# other than visible) on its way to the page, counting, for a positioned element, only the
# ancestors from its containing block up (an absolutely positioned element escapes a
# scrolling box that is not positioned, which is how `.visually-hidden` text inside a
# `.table-responsive` table can widen the page). Of those, only where the overflow begins:
# the ones whose parent does not stick out itself (a table, not each of its cells). The
# furthest right first, alike places (one per table row) once.
STICKING_OUT = """
(limit) => {
  const width = window.innerWidth;
  const root = document.documentElement;
  const top = (el) => !el || el === document.body || el === root;
  const rightEdge = (rect) => (rect.width || rect.height ? rect.right + window.scrollX : 0);
  const rectOf = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE) return node.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(node);
    return range.getBoundingClientRect();
  };
  const kept = (node) => {
    const own = node.nodeType === Node.ELEMENT_NODE ? getComputedStyle(node).position : '';
    if (own === 'fixed') return true;
    let escaping = own === 'absolute';
    for (let up = node.parentElement; !top(up); up = up.parentElement) {
      const style = getComputedStyle(up);
      if (escaping && style.position === 'static' && style.transform === 'none') continue;
      if (style.overflowX !== 'visible' || style.position === 'fixed') return true;
      escaping = style.position === 'absolute';
    }
    return false;
  };
  const sticksOut = (node) => !top(node) && rightEdge(rectOf(node)) > width && !kept(node);
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    for (const cls of el.classList) text += '.' + cls;
    return text;
  };
  const path = (el) => {
    const parts = [];
    for (let at = el; !top(at) && parts.length < 4; at = at.parentElement) parts.unshift(name(at));
    return parts.join(' > ');
  };
  const found = [];
  const walker = document.createTreeWalker(
    document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
  );
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const isText = node.nodeType === Node.TEXT_NODE;
    if (isText && !node.textContent.trim()) continue;
    if (!sticksOut(node) || sticksOut(node.parentElement)) continue;
    const rect = rectOf(node);
    found.push({
      right: Math.round(rightEdge(rect)),
      width: Math.round(rect.width),
      where: isText ? path(node.parentElement) + ' (its text)' : path(node),
      text: (isText ? node.textContent : node.innerText || node.textContent || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 80),
    });
  }
  // Alike places (the same path but for ids: one per table row) are listed once, counted.
  const alike = new Map();
  for (const place of found) {
    const key = place.where.replace(/#[^ .>]+/g, '');
    const seen = alike.get(key);
    if (!seen) alike.set(key, {...place, more: 0});
    else if (place.right > seen.right) alike.set(key, {...place, more: seen.more + 1});
    else seen.more += 1;
  }
  const listed = [...alike.values()].sort((a, b) => b.right - a.right);
  return {
    scrollWidth: root.scrollWidth,
    innerWidth: window.innerWidth,
    total: found.length,
    offenders: listed.slice(0, limit),
  };
}
"""


def sideways_overflow(page: Page) -> dict[str, Any]:
    """Measure the page as it is now: its scroll width, the viewport's, and what sticks out."""
    page.evaluate(SETTLE)
    measured: dict[str, Any] = page.evaluate(STICKING_OUT, MOST_LISTED)
    return measured


def format_overflow(url: str, measured: dict[str, Any]) -> str:
    lines = [
        f"{url} scrolls sideways at {measured['innerWidth']} px wide: the page is "
        f"{measured['scrollWidth']} px wide.",
    ]
    if measured["offenders"]:
        lines.append(
            f"Where it sticks out ({measured['total']} place(s), furthest right first: "
            "right edge, width, element, text):"
        )
    else:
        lines.append("No element or text was found past the right edge (a pseudo-element?).")
    for offender in measured["offenders"]:
        alike = f" (and {offender['more']} more like it)" if offender["more"] else ""
        lines.append(
            f"  - right edge {offender['right']} px, {offender['width']} px wide: "
            f"{offender['where']}{alike}"
        )
        if offender["text"]:
            lines.append(f"      “{offender['text']}”")
    if any(offender["width"] <= 1 for offender in measured["offenders"]):
        lines.append(
            "A 1 px wide element is usually `.visually-hidden` text, positioned absolutely, "
            "escaping a scrolling box that is not positioned itself."
        )
    return "\n".join(lines)


def assert_fits_a_phone(page: Page) -> None:
    """Fail, naming what sticks out, if the page scrolls sideways at a phone's width.

    The viewport is put back to its size before the check, even when the check fails.
    """
    original = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        measured = sideways_overflow(page)
    finally:
        if original is not None and original != PHONE:
            page.set_viewport_size(original)
            page.evaluate(SETTLE)
    assert measured["scrollWidth"] <= measured["innerWidth"], format_overflow(page.url, measured)
