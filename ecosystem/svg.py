"""SVG drawn on the server, shared by every picture the Workbench draws (Continuum charts,
the Webs of Connection map), so a page and its PDF show the same picture.

Every picture is an ``<svg>`` with a title and a description; text is escaped through
``format_html``, so nothing from the user reaches the SVG unescaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# The PDFs embed DejaVu; browsers fall back to what they have.
FONT_FAMILY = "DejaVu Sans, Helvetica, Arial, sans-serif"


def svg_document(
    width: float,
    height: float,
    title: str,
    description: str,
    body: Sequence[str],
    *,
    css_class: str = "chart",
    linked: bool = False,
    font_size: float | None = None,
    fill: str | None = None,
) -> SafeString:
    """The ``<svg>`` element around ``body`` (parts already built with ``format_html``).

    With links inside (``linked``), the picture is a group of links rather than one image:
    an image's content is hidden from assistive technology, links included.
    """
    root_style = format_html(' font-family="{}"', FONT_FAMILY)
    if font_size is not None:
        root_style += format_html(' font-size="{}"', font_size)
    if fill is not None:
        root_style += format_html(' fill="{}"', fill)
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="{role}" aria-label="{title}" class="{css_class}"{root_style}>'
        "<title>{title}</title><desc>{desc}</desc>",
        w=width,
        h=height,
        role="group" if linked else "img",
        title=title,
        desc=description,
        css_class=css_class,
        root_style=root_style,
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 -- parts built with format_html


def svg_text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: float = 12,
    weight: str = "normal",
    fill: str = "#222",
) -> str:
    """A line of text; the font comes from the enclosing ``svg_document``."""
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-size="{}" font-weight="{}" fill="{}">{}</text>',
        round(x, 1),
        round(y, 1),
        anchor,
        size,
        weight,
        fill,
        text,
    )
