"""Which kinds of organization a web is missing or has alone, and which types are tied to
which."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecosystem.models import Organization

from ..models import Sector
from .graph import KIND_ORDER, PARTNER, Node, Web, group_key, kind_label

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
        groups.append(GroupCoverage(key=group_key(index), label=str(label), kinds=rows))
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
