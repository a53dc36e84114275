"""Webs of Connection: the ecosystem as a graph of plain data.

Everything here is pure except ``current_web`` (three queries) and ``take_snapshot``. A
``Web`` is plain data: the same one comes from the database today or from a snapshot taken
years ago, and it always draws the same picture, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecosystem.models import Organization

from ..models import Partner
from .models import Connection, WebSnapshot

if TYPE_CHECKING:
    from ecosystem.models import Ecosystem, User


DATA_VERSION = 1
PARTNER = "partner"
PARTNERS = "partners"

# One key per entry of Organization.KIND_GROUPS, in its order; partners come last.
GROUP_KEYS = ("libraries", "systems", "associations", "supporters", "community")


def group_key(index: int) -> str:
    return GROUP_KEYS[index] if index < len(GROUP_KEYS) else f"group{index + 1}"


GROUP_OF_KIND: dict[str, str] = {
    str(kind): group_key(index)
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
    **{group_key(index): index for index in range(len(Organization.KIND_GROUPS))},
    PARTNERS: len(Organization.KIND_GROUPS),
}
CONNECTION_KIND_ORDER: dict[str, int] = {
    str(kind): position for position, kind in enumerate(Connection.Kind)
}


def group_label(key: str) -> str:
    if key == PARTNERS:
        return _("Community partners")
    for index, (label, _kinds) in enumerate(Organization.KIND_GROUPS):
        if group_key(index) == key:
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
        group=GROUP_OF_KIND.get(organization.kind, group_key(len(GROUP_KEYS) - 1)),
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
