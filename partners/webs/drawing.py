"""The web's picture as SVG: ties are curves through the middle, their width the strength
and their dash the kind of connection, so the picture still reads when printed in grey.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem.svg import svg_document

from .comparison import summarize
from .graph import (
    CONNECTION_KIND_ORDER,
    PARTNERS,
    STRENGTH_WORDS,
    Node,
    Web,
    group_label,
    node_order,
)
from .layout import ARC_OFFSET, FONT_SIZE, NODE_RADIUS, PARTNER_SIDE, Layout, PlacedNode, layout
from .models import Connection

EDGE_COLOUR = "#2f3b52"
TEXT_COLOUR = "#222"

# Colour for the screen, line style for paper: both differ from group to group.
GROUP_STYLES: dict[str, tuple[str, str]] = {
    "libraries": ("#1d3557", ""),
    "systems": ("#1f7a6f", "9 3"),
    "associations": ("#c45a00", "12 3 3 3 3 3"),
    "supporters": ("#8a1c3a", "9 2 2 2"),
    "community": ("#5b4b8a", "5 5"),
    PARTNERS: ("#4d6b1f", "1.5 2.5"),
}
FALLBACK_STYLE = ("#555555", "")
CONNECTION_DASHES: dict[str, str] = {
    Connection.Kind.FORMAL_AGREEMENT: "",
    Connection.Kind.JOINT_PROGRAM: "10 4",
    Connection.Kind.SHARED_MEMBERS: "2 3",
    Connection.Kind.FUNDING: "10 3 2 3",
    Connection.Kind.COMMUNICATION: "5 3",
    Connection.Kind.INFORMAL: "1 5",
}
STRENGTH_WIDTHS = {1: 1.0, 2: 2.2, 3: 3.6}
# Light ties recede, strong ones stand out (and crossings stay visible).
STRENGTH_OPACITIES = {1: "0.5", 2: "0.7", 3: "0.9"}


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no "-0", no trailing ".0"."""
    text = f"{value:.1f}"
    if text == "-0.0":
        text = "0.0"
    return text[:-2] if text.endswith(".0") else text


def _dash(pattern: str) -> str:
    return format_html(' stroke-dasharray="{}"', pattern) if pattern else ""


def _arc_path(cx: float, cy: float, radius: float, start: float, end: float) -> str:
    x1, y1 = cx + radius * math.cos(start), cy + radius * math.sin(start)
    x2, y2 = cx + radius * math.cos(end), cy + radius * math.sin(end)
    large = 1 if end - start > math.pi else 0
    if end - start >= 2 * math.pi - 1e-6:  # a whole circle: two halves
        middle = start + math.pi
        xm, ym = cx + radius * math.cos(middle), cy + radius * math.sin(middle)
        return (
            f"M{_n(x1)} {_n(y1)}A{_n(radius)} {_n(radius)} 0 0 1 {_n(xm)} {_n(ym)}"
            f"A{_n(radius)} {_n(radius)} 0 0 1 {_n(x1)} {_n(y1)}"
        )
    return f"M{_n(x1)} {_n(y1)}A{_n(radius)} {_n(radius)} 0 {large} 1 {_n(x2)} {_n(y2)}"


def _edge_path(box: Layout, first: PlacedNode, second: PlacedNode, repeat: int) -> str:
    """A quadratic curve bending toward the centre: neighbours get a deep loop inward,
    opposite nodes nearly a straight line. A second tie between the same two is pushed
    aside so both show."""
    difference = abs(first.angle - second.angle) % (2 * math.pi)
    apart = min(difference, 2 * math.pi - difference)  # 0..pi
    bisector = math.atan2(
        math.sin(first.angle) + math.sin(second.angle),
        math.cos(first.angle) + math.cos(second.angle),
    )
    pull = box.radius * 0.75 * (1 - apart / math.pi)
    qx = box.cx + pull * math.cos(bisector)
    qy = box.cy + pull * math.sin(bisector)
    if repeat:
        # Alternate sides, further each time, across the line joining the two ends.
        dx, dy = second.x - first.x, second.y - first.y
        length = math.hypot(dx, dy) or 1.0
        side = 1 if repeat % 2 else -1
        shift = 14 * ((repeat + 1) // 2) * side
        qx += -dy / length * shift
        qy += dx / length * shift
    return f"M{_n(first.x)} {_n(first.y)}Q{_n(qx)} {_n(qy)} {_n(second.x)} {_n(second.y)}"


def _since_text(since: str | None) -> str:
    if not since:
        return ""
    try:
        year = date.fromisoformat(since).year
    except ValueError:
        return ""
    return _(", since %(year)s") % {"year": year}


def node_name(node: Node, degree: int) -> str:
    """What a screen reader says for a node, and its tooltip."""
    if degree:
        ties = ngettext("%(count)d connection", "%(count)d connections", degree) % {"count": degree}
    elif node.is_partner:
        ties = _("no connection")
    else:
        ties = _("no connection yet")
    return f"{node.name} ({node.kind_label}), {ties}"


def describe(web: Web) -> str:
    """The picture in words: the counts and who is not connected."""
    summary = summarize(web)
    organizations = ngettext(
        "%(count)d organization", "%(count)d organizations", summary.organizations
    ) % {"count": summary.organizations}
    partners = ngettext(
        "%(count)d community partner", "%(count)d community partners", summary.partners
    ) % {"count": summary.partners}
    connections = ngettext(
        "%(count)d connection (%(strong)d strong)",
        "%(count)d connections (%(strong)d strong)",
        summary.connections,
    ) % {"count": summary.connections, "strong": summary.strong}
    text = _("%(organizations)s and %(partners)s, %(connections)s.") % {
        "organizations": organizations,
        "partners": partners,
        "connections": connections,
    }
    isolated = web.isolated
    if isolated:
        text += " " + _("Not connected yet: %(names)s.") % {
            "names": ", ".join(node.name for node in isolated)
        }
    return text


def _legend(box: Layout) -> list[str]:
    body: list[str] = []
    for x, y, block in box.legend:
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" font-weight="bold">{}</text>',
                _n(x),
                _n(y + 12),
                block.heading,
            )
        )
        for index, (what, key, text) in enumerate(block.items):
            row = y + 30 + index * 18  # the text's baseline
            middle = row - 4
            if what == "group":
                colour, dash = GROUP_STYLES.get(key, FALLBACK_STYLE)
                body.append(
                    format_html(
                        '<path d="M{} {}h26" stroke="{}" stroke-width="4" fill="none"{}/>',
                        _n(x),
                        _n(middle),
                        colour,
                        _dash(dash),
                    )
                )
                body.append(_shape(x + 38, middle, key == PARTNERS, colour, hollow=False))
            elif what in ("organization", "partner", "isolated"):
                body.append(
                    _shape(
                        x + 20,
                        middle,
                        what == "partner",
                        GROUP_STYLES["libraries"][0]
                        if what != "partner"
                        else GROUP_STYLES[PARTNERS][0],
                        hollow=what == "isolated",
                    )
                )
            else:
                pattern = CONNECTION_DASHES.get(key, "") if what == "kind" else ""
                width = 2.2 if what == "kind" else STRENGTH_WIDTHS.get(int(key), 1.0)
                body.append(
                    format_html(
                        '<path d="M{} {}h40" stroke="{}" stroke-width="{}" fill="none"{}/>',
                        _n(x),
                        _n(middle),
                        EDGE_COLOUR,
                        _n(width),
                        _dash(pattern),
                    )
                )
            body.append(format_html('<text x="{}" y="{}">{}</text>', _n(x + 50), _n(row), text))
    return body


def _shape(x: float, y: float, square: bool, colour: str, *, hollow: bool) -> str:
    fill = "#fff" if hollow else colour
    stroke = colour if hollow else "#fff"
    extra = ' stroke-dasharray="2.5 1.5"' if hollow else ""
    width = "1.8" if hollow else "1.5"
    if square:
        half = PARTNER_SIDE / 2
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
            'stroke-width="{}"{}/>',
            _n(x - half),
            _n(y - half),
            PARTNER_SIDE,
            PARTNER_SIDE,
            fill,
            stroke,
            width,
            mark_safe(extra),  # noqa: S308 -- a constant
        )
    return format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="{}"{}/>',
        _n(x),
        _n(y),
        NODE_RADIUS,
        fill,
        stroke,
        width,
        mark_safe(extra),  # noqa: S308 -- a constant
    )


def draw(web: Web, *, title: str, description: str = "") -> SafeString:
    """The web as an SVG: the same web always gives the same bytes."""
    if not web.nodes:
        return _empty(title, description or _("No organizations in the web yet."))
    box = layout(web)
    placed = box.by_id
    degree = web.degree()
    linked = any(node.url for node in web.nodes)
    body: list[str] = []

    # Group arcs, just outside the nodes.
    for arc in box.arcs:
        colour, dash = GROUP_STYLES.get(arc.key, FALLBACK_STYLE)
        body.append(
            format_html(
                '<path d="{}" fill="none" stroke="{}" stroke-width="4"{}><title>{}</title></path>',
                _arc_path(box.cx, box.cy, box.radius + ARC_OFFSET, arc.start, arc.end),
                colour,
                _dash(dash),
                f"{group_label(arc.key)} ({arc.count})",
            )
        )

    # Ties: the light ones first, so the strong ones are drawn on top.
    edges = sorted(
        (edge for edge in web.edges if edge.a in placed and edge.b in placed and edge.a != edge.b),
        key=lambda edge: (
            edge.strength,
            CONNECTION_KIND_ORDER.get(edge.kind, 99),
            node_order(placed[edge.a].node),
            node_order(placed[edge.b].node),
            edge.since or "",
        ),
    )
    seen: Counter[tuple[str, str]] = Counter()
    body.append(format_html('<g fill="none" stroke="{}">', EDGE_COLOUR))
    for edge in edges:
        first, second = sorted((placed[edge.a], placed[edge.b]), key=lambda p: p.angle)
        pair = (edge.a, edge.b)
        repeat = seen[pair]
        seen[pair] += 1
        body.append(
            format_html(
                '<path class="web-edge" d="{}" stroke-width="{}" stroke-opacity="{}"{}>'
                "<title>{}</title></path>",
                _edge_path(box, first, second, repeat),
                _n(STRENGTH_WIDTHS.get(edge.strength, 1.0)),
                STRENGTH_OPACITIES.get(edge.strength, "0.7"),
                _dash(CONNECTION_DASHES.get(edge.kind, "")),
                _("%(a)s \u2013 %(b)s: %(kind)s, %(strength)s%(since)s")
                % {
                    "a": first.node.name,
                    "b": second.node.name,
                    "kind": edge.kind_label,
                    "strength": STRENGTH_WORDS.get(edge.strength, str(edge.strength)),
                    "since": _since_text(edge.since),
                },
            )
        )
    body.append("</g>")

    # Nodes and their labels.
    for item in box.nodes:
        node = item.node
        colour, _dash_pattern = GROUP_STYLES.get(node.group, FALLBACK_STYLE)
        alone = degree[node.id] == 0
        name = node_name(node, degree[node.id])
        shape = _shape(item.x, item.y, node.is_partner, colour, hollow=alone)
        label = format_html(
            '<text x="{}" y="{}" text-anchor="{}" transform="rotate({} {} {})"{}>{}</text>',
            _n(item.label_x),
            _n(item.label_y + FONT_SIZE * 0.35),
            item.anchor,
            _n(item.rotation),
            _n(item.label_x),
            _n(item.label_y),
            mark_safe(' font-style="italic" fill="#555"') if alone else "",
            item.label,
        )
        group = format_html(
            '<g class="web-node{}"><title>{}</title>{}{}</g>',
            " web-node-isolated" if alone and not node.is_partner else "",
            name,
            shape,
            label,
        )
        if node.url:
            group = format_html('<a href="{}" aria-label="{}">{}</a>', node.url, name, group)
        body.append(group)

    body.extend(_legend(box))
    return _svg(box.width, box.height, title, description or describe(web), body, linked=linked)


def _svg(
    width: float, height: float, title: str, description: str, body: Sequence[str], *, linked: bool
) -> SafeString:
    return svg_document(
        width,
        height,
        title,
        description,
        body,
        css_class="chart web-chart",
        linked=linked,
        font_size=FONT_SIZE,
        fill=TEXT_COLOUR,
    )


def _empty(title: str, message: str) -> SafeString:
    body = [format_html('<text x="240" y="54" text-anchor="middle">{}</text>', message)]
    return _svg(480, 100, title, message, body, linked=False)
