"""Webs of Connection, the picture: the same web always draws the same bytes, it stays
readable from a handful of organizations to more than a hundred, and every name in it is
escaped, titled and reachable by a screen reader."""

from __future__ import annotations

import itertools
import math
import random
import re
import xml.etree.ElementTree as ET

import pytest

from ecosystem.models import Organization
from partners.models import Connection, Partner, Sector
from partners.webs.drawing import draw
from partners.webs.graph import GROUP_OF_KIND, Edge, Node, Web, current_web
from partners.webs.layout import FONT_SIZE, labels_for, layout, shorten, text_width

SVG = "{http://www.w3.org/2000/svg}"
TOWNS = ["Riverland", "Millbrook", "Capital City", "Northport", "Lakeside", "Oak Hill"]
KINDS = list(Organization.Kind.values)


def sample_web(organizations, partners=0, ties=0, seed=1):
    """A made-up web: organizations of every kind, some partners, random ties."""
    rng = random.Random(seed)
    nodes = [
        Node(
            f"o{index}",
            f"{rng.choice(TOWNS)} {Organization.Kind(kind).label} {index}",
            kind,
            GROUP_OF_KIND[kind],
            url=f"/riverland/organizations/{index}/",
        )
        for index, kind in ((i, KINDS[i % len(KINDS)]) for i in range(1, organizations + 1))
    ] + [
        Node(f"p{index}", f"{rng.choice(TOWNS)} Partner {index}", "partner", "partners")
        for index in range(1, partners + 1)
    ]
    edges = []
    for _ in range(ties):
        first, second = rng.sample(nodes, 2)
        if first.id.startswith("p") and second.id.startswith("p"):
            continue
        edges.append(
            Edge(
                first.id,
                second.id,
                rng.choice(Connection.Kind.values),
                rng.choice([1, 2, 3]),
                f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-01",
            )
        )
    return Web(nodes=nodes, edges=edges)


def parse(svg):
    # Our own output, parsed to prove it is well-formed XML.
    return ET.fromstring(str(svg))  # noqa: S314


def node_groups(root):
    return [g for g in root.iter(f"{SVG}g") if "web-node" in (g.get("class") or "")]


def edge_paths(root):
    return [p for p in root.iter(f"{SVG}path") if p.get("class") == "web-edge"]


# --- The same data, the same picture -------------------------------------------------------


def test_the_same_web_draws_the_same_bytes():
    assert draw(sample_web(40, 8, 90), title="Web") == draw(sample_web(40, 8, 90), title="Web")


def test_the_order_nodes_and_ties_come_in_does_not_change_the_picture():
    web = sample_web(40, 8, 90)
    rng = random.Random(7)
    nodes, edges = list(web.nodes), list(web.edges)
    rng.shuffle(nodes)
    rng.shuffle(edges)
    # The same ties, some written the other way round.
    edges = [
        Edge(e.b, e.a, e.kind, e.strength, e.since) if i % 2 else e for i, e in enumerate(edges)
    ]

    assert draw(Web(nodes=nodes, edges=edges), title="Web") == draw(web, title="Web")


def build(ecosystem, order):
    """The same organizations, partner and ties, created in the order given."""
    records = {}
    for name, kind in order:
        if kind == "partner":
            records[name] = Partner.objects.create(
                ecosystem=ecosystem, name=name, sector=Sector.MEDIA
            )
        else:
            records[name] = Organization.objects.create(ecosystem=ecosystem, name=name, kind=kind)
    ties = [
        ("Capital Library", "Millbrook Library", Connection.Kind.FORMAL_AGREEMENT, 3),
        ("Capital Library", "Millbrook Library", Connection.Kind.INFORMAL, 1),
        ("Riverland Association", "Capital Library", Connection.Kind.COMMUNICATION, 2),
        ("Friends of Capital", "Capital Library", Connection.Kind.FUNDING, 3),
        ("Millbrook Library", "Riverland Radio", Connection.Kind.JOINT_PROGRAM, 1),
    ]
    if order[0][0] != "Capital Library":
        ties.reverse()
    for first, second, kind, strength in ties:
        other = records[second]
        Connection.objects.create(
            ecosystem=ecosystem,
            organization=records[first],
            kind=kind,
            strength=strength,
            **({"partner": other} if isinstance(other, Partner) else {"other_organization": other}),
        )


def test_records_created_in_another_order_draw_the_same_picture(world):
    records = [
        ("Capital Library", Organization.Kind.PUBLIC_LIBRARY),
        ("Millbrook Library", Organization.Kind.PUBLIC_LIBRARY),
        ("Riverland Association", Organization.Kind.STATE_ASSOCIATION),
        ("Friends of Capital", Organization.Kind.FRIENDS),
        ("Stone River Library", Organization.Kind.TRIBAL_LIBRARY),
        ("Riverland Radio", "partner"),
    ]
    build(world.ecosystem, records)
    build(world.other, records[::-1])

    # The world's own organizations are in both ecosystems' webs; leave them out.
    def picture(ecosystem):
        web = current_web(ecosystem).without_links()
        names = {name for name, _kind in records}
        nodes = [node for node in web.nodes if node.name in names]
        ids = {node.id for node in nodes}
        edges = [edge for edge in web.edges if {edge.a, edge.b} <= ids]
        return draw(Web(nodes=nodes, edges=edges), title="Riverland")

    assert picture(world.ecosystem) == picture(world.other)


def test_a_new_tie_adds_one_curve_and_moves_nothing():
    web = sample_web(30, 5, 50)
    before = parse(draw(web, title="Web"))
    new_tie = Edge("o3", "o17", "funding", 3, "2026-01-01")

    after = parse(draw(Web(nodes=web.nodes, edges=[*web.edges, new_tie]), title="Web"))

    assert len(edge_paths(after)) == len(edge_paths(before)) + 1
    assert len(node_groups(after)) == len(node_groups(before)) == 35

    def shapes(root):
        return [
            (shape.get("cx") or shape.get("x"), shape.get("cy") or shape.get("y"))
            for group in node_groups(root)
            for shape in group
            if shape.tag in (f"{SVG}circle", f"{SVG}rect")
        ]

    assert shapes(after) == shapes(before)
    assert layout(web).nodes == layout(Web(nodes=web.nodes, edges=[*web.edges, new_tie])).nodes


def test_numbers_in_the_picture_have_at_most_one_decimal():
    svg = str(draw(sample_web(60, 10, 150), title="Web"))

    assert not re.search(r"\d\.\d\d", svg)
    assert "random" not in svg


# --- Readable at every size ----------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 20, 60, 120])
def test_no_two_labels_start_closer_than_the_font_size(count):
    box = layout(sample_web(count - count // 6, count // 6))

    anchors = [(placed.label_x, placed.label_y) for placed in box.nodes]
    closest = min(math.dist(a, b) for a, b in itertools.combinations(anchors, 2))

    assert len(anchors) == count
    assert closest >= box.font_size == FONT_SIZE
    # Labels fan out from the circle, so starting apart they never meet further out.
    assert all(
        math.isclose(math.dist((box.cx, box.cy), anchor), box.label_radius) for anchor in anchors
    )


def test_the_circle_grows_with_the_web_and_everything_fits_on_the_canvas():
    boxes = [layout(sample_web(count)) for count in (5, 20, 60, 120)]

    radii = [box.radius for box in boxes]
    assert radii[0] == radii[1]  # a small web keeps a comfortable minimum
    assert radii[1] < radii[2] < radii[3]
    for box in boxes:
        for placed in box.nodes:
            reach = box.label_radius + text_width(placed.label)
            end_x = box.cx + reach * math.cos(placed.angle)
            end_y = box.cy + reach * math.sin(placed.angle)
            assert 0 <= end_x <= box.width
            assert 0 <= end_y <= box.height


def test_nodes_are_ordered_by_group_with_partners_last_and_a_gap_between_groups():
    box = layout(sample_web(30, 5))

    groups = [placed.node.group for placed in box.nodes]
    assert groups == sorted(
        groups,
        key=["libraries", "systems", "associations", "supporters", "community", "partners"].index,
    )
    steps = [b.angle - a.angle for a, b in itertools.pairwise(box.nodes)]
    within = [s for s, (a, b) in zip(steps, itertools.pairwise(groups), strict=True) if a == b]
    between = [s for s, (a, b) in zip(steps, itertools.pairwise(groups), strict=True) if a != b]
    assert max(within) < min(between)


def test_a_big_web_stays_a_reasonable_size():
    svg = draw(sample_web(60, 10, 150), title="Web")

    assert len(svg.encode()) < 100_000


def test_long_names_are_shortened_on_the_label_and_whole_in_the_title():
    long = "Riverland Medical Center Health Sciences Library"
    web = Web(
        nodes=[
            Node("o1", long, "special_library", "libraries"),
            Node("o2", "Short", "vendor", "community"),
        ],
        edges=[Edge("o1", "o2", "informal", 1, None)],
    )

    root = parse(draw(web, title="Web"))

    [special] = [g for g in node_groups(root) if g.find(f"{SVG}title").text.startswith(long)]
    assert special.find(f"{SVG}text").text == "Riverland Medical Center Health\u2026"
    assert shorten("Riverland Association of School Librarians") == (
        "Riverland Association of School\u2026"
    )
    assert shorten("Short name") == "Short name"


# --- Accessible and escaped -----------------------------------------------------------------


def test_names_with_markup_and_quotes_are_escaped():
    tricky = 'Friends of "Oak" <Hill> & Co\'s <script>alert(1)</script>'
    web = Web(
        nodes=[
            Node("o1", tricky, "friends", "supporters", url="/o/1/?a=1&b=2"),
            Node("p1", "Tom & Jerry's <b>Radio</b>", "partner", "partners"),
        ],
        edges=[Edge("o1", "p1", "funding", 2, "2020-01-01")],
    )

    svg = draw(web, title='The "web" <of> & connection', description="A & B <c>")
    root = parse(svg)  # well-formed, or this raises

    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == 'The "web" <of> & connection'
    assert root.find(f"{SVG}desc").text == "A & B <c>"
    titles = [g.find(f"{SVG}title").text for g in node_groups(root)]
    assert titles[0].startswith(tricky)
    assert titles[1].startswith("Tom & Jerry's <b>Radio</b>")
    [link] = root.iter(f"{SVG}a")
    assert link.get("href") == "/o/1/?a=1&b=2"
    assert edge_paths(root)[0].find(f"{SVG}title").text.startswith(tricky)


def test_every_node_has_a_title_and_every_link_an_accessible_name():
    web = sample_web(20, 4, 30)

    root = parse(draw(web, title="Riverland web"))

    groups = node_groups(root)
    assert len(groups) == 24
    assert all(g.find(f"{SVG}title").text for g in groups)
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == 20  # the organizations have a page here; the partners not
    assert all(link.get("aria-label") for link in links)
    assert links[0].get("aria-label") == links[0].find(f"{SVG}g/{SVG}title").text
    # Links inside: a group of links, named; without links, one image.
    assert (root.get("role"), root.get("aria-label")) == ("group", "Riverland web")
    plain = parse(draw(web.without_links(), title="Riverland web"))
    assert plain.get("role") == "img"
    assert not list(plain.iter(f"{SVG}a"))


def test_the_description_counts_and_names_the_organizations_left_alone():
    web = Web(
        nodes=[
            Node("o1", "Capital", "public_library", "libraries"),
            Node("o2", "Millbrook", "public_library", "libraries"),
            Node("o3", "Stone River", "tribal_library", "libraries"),
            Node("p1", "Radio", "partner", "partners"),
        ],
        edges=[
            Edge("o1", "o2", "formal_agreement", 3, None),
            Edge("o1", "p1", "informal", 1, None),
        ],
    )

    root = parse(draw(web, title="Web"))

    assert root.find(f"{SVG}desc").text == (
        "3 organizations and 1 community partner, 2 connections (1 strong). "
        "Not connected yet: Stone River."
    )


# --- What the marks mean ------------------------------------------------------------------


def test_organizations_are_circles_partners_squares_and_the_unconnected_hollow_and_dashed():
    web = Web(
        nodes=[
            Node("o1", "Capital", "public_library", "libraries"),
            Node("o2", "Stone River", "tribal_library", "libraries"),
            Node("p1", "Radio", "partner", "partners"),
        ],
        edges=[Edge("o1", "p1", "joint_program", 2, None)],
    )

    groups = {
        g.find(f"{SVG}title").text.split(" (")[0]: g
        for g in node_groups(parse(draw(web, title="W")))
    }

    capital, stone_river, radio = groups["Capital"], groups["Stone River"], groups["Radio"]
    assert capital.find(f"{SVG}circle").get("fill") != "#fff"
    assert radio.find(f"{SVG}rect") is not None
    hollow = stone_river.find(f"{SVG}circle")
    assert (hollow.get("fill"), hollow.get("stroke-dasharray")) == ("#fff", "2.5 1.5")
    assert "web-node-isolated" in stone_river.get("class")
    assert stone_river.find(f"{SVG}title").text == (
        "Stone River (Tribal library), no connection yet"
    )
    assert capital.find(f"{SVG}title").text == "Capital (Public library), 1 connection"


def test_tie_strength_is_the_line_width_and_its_kind_the_dash():
    web = Web(
        nodes=[Node(f"o{i}", f"Library {i}", "public_library", "libraries") for i in range(1, 5)],
        edges=[
            Edge("o1", "o2", "formal_agreement", 1, None),
            Edge("o1", "o3", "shared_members", 2, None),
            Edge("o1", "o4", "funding", 3, None),
        ],
    )

    paths = edge_paths(parse(draw(web, title="W")))

    widths = [float(p.get("stroke-width")) for p in paths]
    assert widths == sorted(widths)
    assert len(set(widths)) == 3
    dashes = [p.get("stroke-dasharray") for p in paths]
    assert dashes[0] is None  # a formal agreement is a solid line
    assert dashes[1] != dashes[2]


def test_the_legend_names_every_group_shown_every_kind_of_tie_and_every_strength():
    web = sample_web(25, 3, 20)
    libraries = sum(node.group == "libraries" for node in web.nodes)

    texts = [t.text for t in parse(draw(web, title="W")).iter(f"{SVG}text")]

    assert libraries == 10
    for label in ["Libraries (10)", "Community partners (3)", "Groups", "Shapes", "Strength"]:
        assert label in texts
    for kind in Connection.Kind:
        assert kind.label in texts
    for _value, label in Connection.Strength.choices:
        assert label in texts
    assert "Organization with no connection yet" in texts


def test_a_web_with_no_organization_says_so():
    root = parse(draw(Web(nodes=[], edges=[]), title="Empty"))

    assert [t.text for t in root.iter(f"{SVG}text")] == ["No organizations in the web yet."]
    assert root.get("role") == "img"


def test_names_that_would_get_the_same_label_keep_their_ends_apart():
    names = [
        "Riverland Medical Center Health Sciences Library",
        "Riverland Medical Center Health Sciences Library 2",
        "Capital City Public Library",
    ]

    assert labels_for(names) == [
        "Riverland Medical Center\u2026 Library",
        "Riverland Medical Center\u2026 Library 2",
        "Capital City Public Library",
    ]
