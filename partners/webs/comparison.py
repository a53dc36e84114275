"""Comparing two years of a web: what was added, removed, strengthened or weakened."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .coverage import STATUS_RANK, Status, coverage, status_label
from .graph import Edge, Node, Web, connection_kind_label, edge_order, strength_label
from .models import Connection

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
