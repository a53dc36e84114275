"""Webs of Connection: the ecosystem as a graph, which kinds of library are missing or alone,
how the web changed from one year to the next, and its picture.

Everything here is pure except ``current_web`` (three queries) and ``take_snapshot``. A
``Web`` is plain data: the same one comes from the database today or from a snapshot taken
years ago, and it always draws the same picture, byte for byte. The picture is a circle:
organizations in their groups (libraries, systems, associations, supporters, community),
community partners last, each group an arc of its own colour and line style; ties are
curves through the middle, their width the strength and their dash the kind of
connection, so the picture still reads when printed in grey.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ecosystem.models import Organization
from ecosystem.svg import svg_document

from .models import Connection, Partner, Sector, WebSnapshot

if TYPE_CHECKING:
    from ecosystem.models import Ecosystem, User

DATA_VERSION = 1
PARTNER = "partner"
PARTNERS = "partners"

# One key per entry of Organization.KIND_GROUPS, in its order; partners come last.
GROUP_KEYS = ("libraries", "systems", "associations", "supporters", "community")


def _group_key(index: int) -> str:
    return GROUP_KEYS[index] if index < len(GROUP_KEYS) else f"group{index + 1}"


GROUP_OF_KIND: dict[str, str] = {
    str(kind): _group_key(index)
    for index, (_label, kinds) in enumerate(Organization.KIND_GROUPS)
    for kind in kinds
}
# Kinds in the order the groups list them: the order of the circle and the checklist.
KIND_ORDER: dict[str, int] = {
    str(kind): position
    for position, kind in enumerate(
        kind for _label, kinds in Organization.KIND_GROUPS for kind in kinds
    )
}
GROUP_ORDER: dict[str, int] = {
    **{_group_key(index): index for index in range(len(Organization.KIND_GROUPS))},
    PARTNERS: len(Organization.KIND_GROUPS),
}
CONNECTION_KIND_ORDER: dict[str, int] = {
    str(kind): position for position, kind in enumerate(Connection.Kind)
}


def group_label(key: str) -> str:
    if key == PARTNERS:
        return _("Community partners")
    for index, (label, _kinds) in enumerate(Organization.KIND_GROUPS):
        if _group_key(index) == key:
            return str(label)
    return key


def kind_label(kind: str) -> str:
    """An organization kind's label, "Community partner", or the kind itself when a
    snapshot names a kind that no longer exists."""
    if kind == PARTNER:
        return _("Community partner")
    if kind in Organization.Kind.values:
        return str(Organization.Kind(kind).label)
    return kind


def connection_kind_label(kind: str) -> str:
    if kind in Connection.Kind.values:
        return str(Connection.Kind(kind).label)
    return kind


STRENGTH_WORDS = {
    1: gettext_lazy("light"),
    2: gettext_lazy("working"),
    3: gettext_lazy("strong"),
}


def strength_label(strength: int) -> str:
    if strength in Connection.Strength.values:
        return str(Connection.Strength(strength).label)
    return str(strength)


# --- The web -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    id: str  # "o<pk>" for an organization, "p<pk>" for a partner
    name: str
    kind: str  # an Organization.Kind value, or "partner"
    group: str  # a GROUP_KEYS entry, or "partners"
    url: str = ""  # the record's page; empty in snapshots
    sector: str = ""  # a partner's Sector value; empty for organizations

    @property
    def is_partner(self) -> bool:
        return self.kind == PARTNER

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def group_label(self) -> str:
        return group_label(self.group)

    @property
    def type_key(self) -> str:
        """What the type matrix groups it by: the kind of organization, or the partner's
        sector ("sector:health"); a partner whose sector is unknown is just a partner."""
        if self.is_partner:
            return f"sector:{self.sector}" if self.sector else PARTNER
        return self.kind

    def to_data(self) -> dict[str, str]:
        data = {"id": self.id, "name": self.name, "kind": self.kind, "group": self.group}
        if self.sector:
            data["sector"] = self.sector
        return data


def node_order(node: Node) -> tuple[Any, ...]:
    """Groups in KIND_GROUPS order (partners last), then kind, then name."""
    return (
        GROUP_ORDER.get(node.group, len(GROUP_ORDER)),
        KIND_ORDER.get(node.kind, len(KIND_ORDER)),
        node.name.casefold(),
        node.name,
        node.id,
    )


@dataclass(frozen=True)
class Edge:
    """A tie between two nodes; ties have no direction, so ``a`` is always the smaller id."""

    a: str
    b: str
    kind: str  # a Connection.Kind value
    strength: int  # 1..3
    since: str | None  # ISO date

    def __post_init__(self) -> None:
        if self.b < self.a:
            a, b = self.b, self.a
            object.__setattr__(self, "a", a)
            object.__setattr__(self, "b", b)

    @property
    def kind_label(self) -> str:
        return connection_kind_label(self.kind)

    @property
    def strength_label(self) -> str:
        return strength_label(self.strength)

    def to_data(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "strength": self.strength,
            "since": self.since,
        }


def edge_order(edge: Edge) -> tuple[Any, ...]:
    return (
        edge.a,
        edge.b,
        CONNECTION_KIND_ORDER.get(edge.kind, 99),
        edge.strength,
        edge.since or "",
    )


@dataclass(frozen=True)
class Web:
    """Nodes and edges, always kept in their canonical order (whatever order they were
    given in), so two webs of the same data are equal and draw the same."""

    nodes: list[Node]
    edges: list[Edge]

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", sorted(self.nodes, key=node_order))
        object.__setattr__(self, "edges", sorted(self.edges, key=edge_order))

    def to_data(self) -> dict[str, Any]:
        """JSON-safe, for WebSnapshot.data. Links are left out: the records they point to
        may be gone by the time anyone looks at the snapshot."""
        return {
            "version": DATA_VERSION,
            "nodes": [node.to_data() for node in self.nodes],
            "edges": [edge.to_data() for edge in self.edges],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Web:
        nodes = [
            Node(
                id=str(raw["id"]),
                name=str(raw["name"]),
                kind=str(raw["kind"]),
                group=str(raw.get("group") or GROUP_OF_KIND.get(str(raw["kind"]), PARTNERS)),
                sector=str(raw.get("sector") or ""),
            )
            for raw in data.get("nodes", [])
        ]
        edges = [
            Edge(
                a=str(raw["a"]),
                b=str(raw["b"]),
                kind=str(raw["kind"]),
                strength=int(raw["strength"]),
                since=str(raw["since"]) if raw.get("since") else None,
            )
            for raw in data.get("edges", [])
        ]
        return cls(nodes=nodes, edges=edges)

    def without_links(self) -> Web:
        """The same web with no links: for a PDF, or to compare with a snapshot."""
        return Web(nodes=[replace(node, url="") for node in self.nodes], edges=self.edges)

    def degree(self) -> dict[str, int]:
        """How many ties each node has (every node is there, unconnected ones with 0)."""
        counts = dict.fromkeys((node.id for node in self.nodes), 0)
        for edge in self.edges:
            if edge.a in counts and edge.b in counts:
                counts[edge.a] += 1
                counts[edge.b] += 1
        return counts

    @property
    def by_id(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}

    @property
    def organizations(self) -> list[Node]:
        return [node for node in self.nodes if not node.is_partner]

    @property
    def partners(self) -> list[Node]:
        return [node for node in self.nodes if node.is_partner]

    @property
    def isolated(self) -> list[Node]:
        """Organizations with no tie at all (partners are only in the web when tied)."""
        degree = self.degree()
        return [node for node in self.organizations if degree[node.id] == 0]


def organization_node(organization: Organization, slug: str = "") -> Node:
    return Node(
        id=f"o{organization.pk}",
        name=organization.name,
        kind=organization.kind,
        group=GROUP_OF_KIND.get(organization.kind, _group_key(len(GROUP_KEYS) - 1)),
        url=reverse(
            "ecosystem:organization_detail",
            kwargs={"ecosystem_slug": slug, "pk": organization.pk},
        )
        if slug
        else "",
    )


def partner_node(partner: Partner, slug: str = "") -> Node:
    return Node(
        id=f"p{partner.pk}",
        name=partner.name,
        kind=PARTNER,
        group=PARTNERS,
        url=reverse("partners:partner_detail", kwargs={"ecosystem_slug": slug, "pk": partner.pk})
        if slug
        else "",
        sector=partner.sector,
    )


def current_web(ecosystem: Ecosystem) -> Web:
    """Every organization, every partner with at least one tie, and every tie (between two
    organizations, an organization and a partner, or two partners), in three queries
    whatever the size: the organizations, the connections, their partners."""
    slug = ecosystem.slug
    organizations = {
        f"o{org.pk}": organization_node(org, slug)
        for org in Organization.objects.for_ecosystem(ecosystem).only("pk", "name", "kind")
    }
    rows = list(
        Connection.objects.for_ecosystem(ecosystem)
        .order_by()
        .values_list(
            "organization_id",
            "first_partner_id",
            "other_organization_id",
            "partner_id",
            "kind",
            "strength",
            "since",
        )
    )
    partner_ids = {pk for row in rows for pk in (row[1], row[3]) if pk is not None}
    partners = {
        f"p{partner.pk}": partner_node(partner, slug)
        for partner in Partner.objects.for_ecosystem(ecosystem)
        .filter(pk__in=partner_ids)
        .only("pk", "name", "sector")
    }
    nodes = {**organizations, **partners}
    edges = []
    for organization_id, first_partner_id, other_id, partner_id, kind, strength, since in rows:
        a = f"o{organization_id}" if organization_id is not None else f"p{first_partner_id}"
        b = f"o{other_id}" if other_id is not None else f"p{partner_id}"
        # Both ends must be this ecosystem's: a tie never shows another ecosystem's name.
        if a in nodes and b in nodes and a != b:
            edges.append(Edge(a, b, kind, int(strength), since.isoformat() if since else None))
    tied = {end for edge in edges for end in (edge.a, edge.b)}
    kept = [*organizations.values(), *(node for key, node in partners.items() if key in tied)]
    return Web(nodes=kept, edges=edges)


def snapshot_web(snapshot: WebSnapshot) -> Web:
    return Web.from_data(snapshot.data or {})


def take_snapshot(ecosystem: Ecosystem, year: int, user: User | None) -> WebSnapshot:
    """Keep the web as it stands today as that year's picture (replacing any earlier one)."""
    with transaction.atomic():
        web = current_web(ecosystem)
        snapshot, _created = WebSnapshot.objects.update_or_create(
            ecosystem=ecosystem,
            year=year,
            defaults={"data": web.to_data(), "taken_at": timezone.now(), "taken_by": user},
        )
    return snapshot


# --- Coverage: which kinds of organization are missing or alone ------------------------------

Status = Literal["missing", "isolated", "present"]
STATUS_LABELS: dict[str, Any] = {
    "missing": gettext_lazy("Missing"),
    "isolated": gettext_lazy("Present, not connected"),
    "present": gettext_lazy("Connected"),
}
STATUS_RANK = {"missing": 0, "isolated": 1, "present": 2}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@dataclass(frozen=True)
class KindCoverage:
    kind: str
    label: str
    count: int  # organizations of this kind
    connected: int  # of them, how many have at least one tie
    isolated_names: list[str] = field(default_factory=list)  # the others, by name

    @property
    def status(self) -> Status:
        if not self.count:
            return "missing"
        if not self.connected:
            return "isolated"
        return "present"

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def is_gap(self) -> bool:
        return self.status != "present"

    @property
    def isolated_count(self) -> int:
        return self.count - self.connected


class KindTotals:
    """Totals over ``self.kinds``, the same for one group of the checklist and for all."""

    kinds: list[KindCoverage]

    @property
    def count(self) -> int:
        return sum(kind.count for kind in self.kinds)

    @property
    def connected(self) -> int:
        return sum(kind.connected for kind in self.kinds)

    @property
    def gaps(self) -> list[KindCoverage]:
        """Kinds missing or isolated, in the checklist's order."""
        return [kind for kind in self.kinds if kind.is_gap]

    @property
    def kinds_present(self) -> int:
        return sum(kind.status == "present" for kind in self.kinds)

    @property
    def kinds_missing(self) -> int:
        return sum(kind.status == "missing" for kind in self.kinds)

    @property
    def kinds_isolated(self) -> int:
        return sum(kind.status == "isolated" for kind in self.kinds)


@dataclass(frozen=True)
class GroupCoverage(KindTotals):
    key: str
    label: str
    kinds: list[KindCoverage]


@dataclass(frozen=True)
class Coverage(KindTotals):
    groups: list[GroupCoverage]

    @property
    def kinds(self) -> list[KindCoverage]:  # type: ignore[override]
        return [kind for group in self.groups for kind in group.kinds]

    def status_of(self, kind: str) -> Status | None:
        for row in self.kinds:
            if row.kind == kind:
                return row.status
        return None

    @property
    def organizations(self) -> int:
        return self.count

    @property
    def isolated_names(self) -> list[str]:
        return [name for kind in self.kinds for name in kind.isolated_names]


def coverage(web: Web) -> Coverage:
    """For every kind of organization, grouped as in KIND_GROUPS: how many, how many tied
    to anyone (a partner counts), and the names of those alone."""
    degree = web.degree()
    by_kind: dict[str, list[Node]] = defaultdict(list)
    for node in web.organizations:
        by_kind[node.kind].append(node)
    groups = []
    for index, (label, kinds) in enumerate(Organization.KIND_GROUPS):
        rows = []
        for kind in kinds:
            members = by_kind.get(str(kind), [])
            rows.append(
                KindCoverage(
                    kind=str(kind),
                    label=str(kind.label),
                    count=len(members),
                    connected=sum(1 for node in members if degree[node.id]),
                    isolated_names=[node.name for node in members if not degree[node.id]],
                )
            )
        groups.append(GroupCoverage(key=_group_key(index), label=str(label), kinds=rows))
    return Coverage(groups=groups)


# --- Which types are tied to which -----------------------------------------------------------


def type_label(key: str) -> str:
    """A row or column of the type matrix: a kind of organization or a partner sector."""
    if key.startswith("sector:"):
        sector = key.removeprefix("sector:")
        if sector in Sector.values:
            return _("Partners: %(sector)s") % {"sector": Sector(sector).label}
        return _("Partners: %(sector)s") % {"sector": sector}
    return kind_label(key)


def type_order(key: str) -> tuple[int, int, str]:
    """Kinds of organization in the checklist's order, then partner sectors in theirs."""
    if key.startswith("sector:") or key == PARTNER:
        sectors = list(Sector.values)
        sector = key.removeprefix("sector:")
        return (1, sectors.index(sector) if sector in sectors else len(sectors), key)
    return (0, KIND_ORDER.get(key, len(KIND_ORDER)), key)


@dataclass(frozen=True)
class TypeRow:
    key: str
    label: str
    cells: list[int]  # one per column, in the matrix's order
    total: int  # ties with at least one end of this type

    @property
    def is_partner_sector(self) -> bool:
        return self.key.startswith("sector:") or self.key == PARTNER


@dataclass(frozen=True)
class TypeMatrix:
    """How many ties join each pair of types. Rows are the kinds of library organization
    (then partner sectors, where partners are tied to each other); columns are the kinds of
    organization, then partner sectors. The same tie counts once in each of its ends' rows;
    a tie between two of the same type counts once on the diagonal."""

    columns: list[tuple[str, str]]  # (key, label)
    rows: list[TypeRow]
    organization_columns: int  # how many of the columns are kinds of organization

    @property
    def sector_columns(self) -> int:
        return len(self.columns) - self.organization_columns

    def count(self, row: str, column: str) -> int:
        keys = [key for key, _label in self.columns]
        for entry in self.rows:
            if entry.key == row and column in keys:
                return entry.cells[keys.index(column)]
        return 0


def type_matrix(web: Web) -> TypeMatrix:
    """Which kinds of library are tied to which kinds, and to which partner sectors: every
    type with at least one tie, counted from the web's edges."""
    by_id = web.by_id
    pairs: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for edge in web.edges:
        if edge.a not in by_id or edge.b not in by_id:
            continue
        first, second = by_id[edge.a].type_key, by_id[edge.b].type_key
        pairs[(first, second)] += 1
        if first != second:
            pairs[(second, first)] += 1
        totals[first] += 1
        if first != second:
            totals[second] += 1
    tied = sorted(totals, key=type_order)
    columns = [(key, type_label(key)) for key in tied]
    organization_keys = [key for key in tied if type_order(key)[0] == 0]
    # Rows: every kind of organization that has a tie; a partner sector only when its
    # partners are tied to each other (its ties with organizations show in their rows).
    row_keys = organization_keys + [
        key
        for key in tied
        if type_order(key)[0] == 1
        and any(pairs[(key, other)] for other in tied if type_order(other)[0] == 1)
    ]
    rows = [
        TypeRow(
            key=key,
            label=type_label(key),
            cells=[pairs[(key, column)] for column, _label in columns],
            total=totals[key],
        )
        for key in row_keys
    ]
    return TypeMatrix(columns=columns, rows=rows, organization_columns=len(organization_keys))


# --- Comparing two years -------------------------------------------------------------------


@dataclass(frozen=True)
class WebSummary:
    organizations: int
    partners: int
    connections: int
    strong: int  # ties of strength 3
    isolated: int  # organizations with no tie
    average: float  # ties per organization, to one decimal


def summarize(web: Web) -> WebSummary:
    degree = web.degree()
    organizations = web.organizations
    ties = sum(degree[node.id] for node in organizations)
    return WebSummary(
        organizations=len(organizations),
        partners=len(web.partners),
        connections=len(web.edges),
        strong=sum(edge.strength == Connection.Strength.STRONG for edge in web.edges),
        isolated=len(web.isolated),
        average=round(ties / len(organizations), 1) if organizations else 0.0,
    )


@dataclass(frozen=True)
class SummaryRow:
    label: str
    before: int | float
    after: int | float

    @property
    def change(self) -> int | float:
        difference = self.after - self.before
        return round(difference, 1) if isinstance(difference, float) else difference

    @property
    def change_display(self) -> str:
        """The change with its sign: "+3", "0", or a minus sign (U+2212) and the number."""
        change = self.change
        text = f"{abs(change):.1f}" if isinstance(change, float) else str(abs(change))
        if change > 0:
            return "+" + text
        if change < 0:
            return "\u2212" + text
        return "0"


@dataclass(frozen=True)
class EdgeChange:
    """A tie that appeared or went away, by the names shown in its year."""

    a_name: str
    b_name: str
    kind: str
    strength: int
    since: str | None = None

    @property
    def kind_label(self) -> str:
        return connection_kind_label(self.kind)

    @property
    def strength_label(self) -> str:
        return strength_label(self.strength)


@dataclass(frozen=True)
class StrengthChange:
    edge: EdgeChange  # as it is now
    before: int

    @property
    def stronger(self) -> bool:
        return self.edge.strength > self.before


@dataclass(frozen=True)
class KindChange:
    kind: str
    label: str
    before: Status
    after: Status

    @property
    def before_label(self) -> str:
        return status_label(self.before)

    @property
    def after_label(self) -> str:
        return status_label(self.after)

    @property
    def improved(self) -> bool:
        return STATUS_RANK[self.after] > STATUS_RANK[self.before]


@dataclass(frozen=True)
class Comparison:
    before: WebSummary
    after: WebSummary
    added: list[EdgeChange]
    removed: list[EdgeChange]
    strength_changes: list[StrengthChange]
    coverage_changes: list[KindChange]

    @property
    def rows(self) -> list[SummaryRow]:
        """The counts side by side, for a table."""
        labels = [
            ("organizations", _("Organizations")),
            ("partners", _("Community partners")),
            ("connections", _("Connections")),
            ("strong", _("Strong ties")),
            ("isolated", _("Organizations not connected")),
            ("average", _("Connections per organization")),
        ]
        return [
            SummaryRow(label, getattr(self.before, name), getattr(self.after, name))
            for name, label in labels
        ]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.strength_changes or self.coverage_changes)


def _edge_change(web_nodes: dict[str, Node], edge: Edge) -> EdgeChange:
    names = sorted(
        (
            web_nodes[edge.a].name if edge.a in web_nodes else edge.a,
            web_nodes[edge.b].name if edge.b in web_nodes else edge.b,
        ),
        key=lambda name: (name.casefold(), name),
    )
    return EdgeChange(names[0], names[1], edge.kind, edge.strength, edge.since)


def _name_key(web_nodes: dict[str, Node], edge: Edge) -> tuple[str, str, str]:
    first, second = sorted(
        (
            web_nodes[edge.a].name.casefold() if edge.a in web_nodes else edge.a,
            web_nodes[edge.b].name.casefold() if edge.b in web_nodes else edge.b,
        )
    )
    return first, second, edge.kind


def _match(
    before: list[Edge], after: list[Edge], key_before: Any, key_after: Any
) -> tuple[list[tuple[Edge, Edge]], list[Edge], list[Edge]]:
    """Pair ties with equal keys (each used once); return the pairs and what is left."""
    waiting: dict[Any, list[Edge]] = defaultdict(list)
    for edge in before:
        waiting[key_before(edge)].append(edge)
    pairs, unmatched = [], []
    for edge in after:
        queue = waiting.get(key_after(edge))
        if queue:
            pairs.append((queue.pop(0), edge))
        else:
            unmatched.append(edge)
    left = [edge for queue in waiting.values() for edge in queue]
    return pairs, sorted(left, key=edge_order), unmatched


def compare(before: Web, after: Web) -> Comparison:
    """What changed between two webs (usually two years' snapshots). Ties are matched by
    their two ends and kind: by the ends' ids first, then, for ties whose ends were
    re-created or whose ids differ, by the ends' names."""
    old_nodes, new_nodes = before.by_id, after.by_id

    def by_ids(edge: Edge) -> tuple[str, str, str]:
        return edge.a, edge.b, edge.kind

    pairs, removed, added = _match(before.edges, after.edges, by_ids, by_ids)
    more_pairs, removed, added = _match(
        removed,
        added,
        lambda edge: _name_key(old_nodes, edge),
        lambda edge: _name_key(new_nodes, edge),
    )

    def ordered(changes: Iterable[EdgeChange]) -> list[EdgeChange]:
        return sorted(
            changes,
            key=lambda c: (c.a_name.casefold(), c.b_name.casefold(), c.kind, c.strength),
        )

    strength_changes = sorted(
        (
            StrengthChange(_edge_change(new_nodes, new), old.strength)
            for old, new in pairs + more_pairs
            if old.strength != new.strength
        ),
        key=lambda c: (c.edge.a_name.casefold(), c.edge.b_name.casefold(), c.edge.kind),
    )
    before_coverage, after_coverage = coverage(before), coverage(after)
    coverage_changes = [
        KindChange(new.kind, new.label, old.status, new.status)
        for old, new in zip(before_coverage.kinds, after_coverage.kinds, strict=True)
        if old.status != new.status
    ]
    return Comparison(
        before=summarize(before),
        after=summarize(after),
        added=ordered(_edge_change(new_nodes, edge) for edge in added),
        removed=ordered(_edge_change(old_nodes, edge) for edge in removed),
        strength_changes=strength_changes,
        coverage_changes=coverage_changes,
    )


# --- The picture ---------------------------------------------------------------------------

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
