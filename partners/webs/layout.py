"""Where the web's picture puts each node, arc, label and legend block.

The picture is a circle: organizations in their groups (libraries, systems, associations,
supporters, community), community partners last, each group an arc of its own colour and
line style.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .graph import GROUP_ORDER, Node, Web, group_label
from .models import Connection

FONT_SIZE = 11  # node labels
LABEL_SPACING = 18  # the least distance between two neighbours' label anchors
CHAR_WIDTH = 0.62  # of the font size: a generous average, to size the canvas
MAX_LABEL = 36  # characters, ellipsis included
NODE_RADIUS = 6
PARTNER_SIDE = 11
LABEL_OFFSET = 16  # from the node circle to where labels start
ARC_OFFSET = 10  # the group's arc, between the nodes and their labels
MIN_RADIUS = 150
GROUP_GAP = 1.5  # empty slots between two groups
MARGIN = 16


def shorten(name: str, limit: int = MAX_LABEL) -> str:
    """The name, cut after a whole word when it is too long for a label, with an ellipsis."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    cut = name[: limit - 1]
    if name[limit - 1] != " ":  # the cut falls inside a word: drop the word's start
        space = cut.rfind(" ")
        if space >= limit * 0.6:
            cut = cut[:space]
    return cut.rstrip(" ,;:-&\u2013\u2014") + "\u2026"


def shorten_keeping_end(name: str, limit: int = MAX_LABEL) -> str:
    """The name's start and its last word(s) around an ellipsis, for names that differ
    only at the end ("... Library 2", "... Library 3")."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    words = name.split(" ")
    tail = words[-1]
    if len(words) > 2 and len(tail) + len(words[-2]) + 1 <= limit // 3:
        tail = f"{words[-2]} {tail}"
    tail = tail[-(limit // 3) :]
    head = shorten(name[: len(name) - len(tail)], limit - len(tail) - 1)
    return f"{head.removesuffix(chr(0x2026)).rstrip()}\u2026 {tail}"


def labels_for(names: Sequence[str]) -> list[str]:
    """Labels for names shown together: shortened, and where two different names would
    get the same label, shortened keeping their ends."""
    labels = [shorten(name) for name in names]
    sources: dict[str, set[str]] = defaultdict(set)
    for name, label in zip(names, labels, strict=True):
        sources[label].add(name)
    return [
        shorten_keeping_end(name) if len(sources[label]) > 1 else label
        for name, label in zip(names, labels, strict=True)
    ]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * CHAR_WIDTH * size


@dataclass(frozen=True)
class PlacedNode:
    node: Node
    angle: float  # radians, clockwise from three o'clock (SVG's y points down)
    x: float
    y: float
    label: str  # shortened
    label_x: float  # where the label starts, next to the node
    label_y: float
    rotation: float  # degrees
    anchor: str  # "start" on the right half, "end" on the left


@dataclass(frozen=True)
class GroupArc:
    key: str
    start: float  # radians
    end: float
    count: int


@dataclass(frozen=True)
class LegendBlock:
    heading: str
    items: list[tuple[str, str, str]]  # (what to draw, its key, the text)

    @property
    def height(self) -> int:
        return 22 + 18 * len(self.items)


LEGEND_COLUMN = 220  # at least; wider when a translation or a group name is longer


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    cx: float
    cy: float
    radius: float  # the circle the nodes sit on
    label_radius: float
    font_size: int
    step: float  # radians between two neighbours
    nodes: list[PlacedNode]
    arcs: list[GroupArc]
    legend: list[tuple[float, float, LegendBlock]]  # x, y of each block

    @property
    def by_id(self) -> dict[str, PlacedNode]:
        return {placed.node.id: placed for placed in self.nodes}


def _legend_blocks(web: Web) -> list[LegendBlock]:
    counts = Counter(node.group for node in web.nodes)
    groups = sorted(counts, key=lambda key: GROUP_ORDER.get(key, len(GROUP_ORDER)))
    blocks = [
        LegendBlock(
            _("Groups"),
            [("group", key, f"{group_label(key)} ({counts[key]})") for key in groups],
        ),
        LegendBlock(
            _("Shapes"),
            [
                ("organization", "", _("Organization")),
                ("partner", "", _("Community partner")),
                ("isolated", "", _("Organization with no connection yet")),
            ],
        ),
        LegendBlock(
            _("Kinds of connection"),
            [("kind", str(kind), str(kind.label)) for kind in Connection.Kind],
        ),
        LegendBlock(
            _("Strength"),
            [("strength", str(value), str(label)) for value, label in Connection.Strength.choices],
        ),
    ]
    return [block for block in blocks if block.items]


def layout(web: Web) -> Layout:
    """Where everything goes. Nodes sit on a circle in their canonical order, one slot
    each, with a gap between groups; the circle grows with the number of nodes so that
    neighbouring labels stay ``LABEL_SPACING`` apart at their inner end (they fan out
    from there, so they never touch). Only the nodes decide the layout, never the ties:
    adding a tie moves nothing."""
    nodes = web.nodes
    group_ordinals: dict[str, int] = {}
    for node in nodes:
        group_ordinals.setdefault(node.group, len(group_ordinals))
    slots = len(nodes) + GROUP_GAP * max(len(group_ordinals), 1)
    step = 2 * math.pi / slots
    label_radius = max(MIN_RADIUS + LABEL_OFFSET, LABEL_SPACING / (2 * math.sin(step / 2)))
    radius = label_radius - LABEL_OFFSET

    # Angles first, around (0, 0); the box around the circle and the labels' far ends
    # then decides where the centre goes, so a small web gets a small picture.
    labels = labels_for([node.name for node in nodes])
    angles = []
    extent = radius + ARC_OFFSET + 3
    left, top, right_edge, bottom = -extent, -extent, extent, extent
    for index, node in enumerate(nodes):
        ordinal = group_ordinals[node.group]
        position = GROUP_GAP / 2 + ordinal * GROUP_GAP + index + 0.5
        angle = -math.pi / 2 + position * step
        angles.append(angle)
        reach = label_radius + text_width(labels[index])
        far_x, far_y = reach * math.cos(angle), reach * math.sin(angle)
        pad = FONT_SIZE * 0.7  # half the text's height, rotated any way
        left, right_edge = min(left, far_x - pad), max(right_edge, far_x + pad)
        top, bottom = min(top, far_y - pad), max(bottom, far_y + pad)

    blocks = _legend_blocks(web)
    column_width = math.ceil(
        max(
            [LEGEND_COLUMN]
            + [text_width(text) + 70 for block in blocks for _what, _key, text in block.items]
            + [text_width(block.heading, 12) + 20 for block in blocks]
        )
    )
    circle_width = right_edge - left + 2 * MARGIN
    width = math.ceil(max(circle_width, 2 * MARGIN + 2 * column_width))
    # The circle at the top, centred across; the legend underneath, in columns.
    cx = width / 2 - (left + right_edge) / 2
    cy = MARGIN - top
    columns = max(1, min(len(blocks), (width - 2 * MARGIN) // column_width))
    legend: list[tuple[float, float, LegendBlock]] = []
    row_top = cy + bottom + 12
    for start in range(0, len(blocks), columns):
        row = blocks[start : start + columns]
        for column, block in enumerate(row):
            legend.append((MARGIN + column * column_width, row_top, block))
        row_top += max(block.height for block in row) + 8
    height = math.ceil(row_top + MARGIN)

    placed = []
    arcs: dict[str, list[float]] = {}
    for node, angle, label in zip(nodes, angles, labels, strict=True):
        cos, sin = math.cos(angle), math.sin(angle)
        right = cos >= -1e-9
        degrees = math.degrees(angle) if right else math.degrees(angle) + 180
        placed.append(
            PlacedNode(
                node=node,
                angle=angle,
                x=cx + radius * cos,
                y=cy + radius * sin,
                label=label,
                label_x=cx + label_radius * cos,
                label_y=cy + label_radius * sin,
                rotation=degrees,
                anchor="start" if right else "end",
            )
        )
        arcs.setdefault(node.group, []).append(angle)
    return Layout(
        width=width,
        height=height,
        cx=cx,
        cy=cy,
        radius=radius,
        label_radius=label_radius,
        font_size=FONT_SIZE,
        step=step,
        nodes=placed,
        arcs=[
            GroupArc(key, angles[0] - step * 0.45, angles[-1] + step * 0.45, len(angles))
            for key, angles in arcs.items()
        ],
        legend=legend,
    )
