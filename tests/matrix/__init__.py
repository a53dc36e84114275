"""The permission matrix, one module per area; ``tests/test_permissions.py`` runs them all.

Each module defines ``ROWS``: a URL name, how to fill in its arguments, the HTTP method,
and the expected status for each persona: anonymous, an outsider (coordinator of another
ecosystem), and each role in the ecosystem. Adding a URL means adding its rows here; the
resolver walk in ``test_permissions.py`` fails until it has some.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.world import PERSONAS, World

LOGIN = "login"  # expected: a redirect to the sign-in page
ROLES = ("viewer", "contributor", "editor", "coordinator")


@dataclass
class Row:
    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    note: str = field(default="")
    # Why this row admits fewer roles than its view's @role_required declares: a rule about
    # the record itself (the owner of a task, say), which tests/test_permissions.py accepts.
    record_rule: str = ""


def in_ecosystem(
    url_name: str,
    min_role: str,
    *,
    ok: int = 200,
    kwargs: Callable[[World], dict[str, Any]] | None = None,
    method: str = "get",
    data: Callable[[World], dict[str, Any]] = lambda world: {},
    note: str = "",
    record_rule: str = "",
) -> Row:
    """A page inside the ecosystem: sign-in needed, outsiders 404, low roles 403."""
    expect: dict[str, int | str] = {"anonymous": LOGIN, "outsider": 404}
    allowed = ROLES[ROLES.index(min_role) :]
    for role in ROLES:
        expect[role] = ok if role in allowed else 403

    def all_kwargs(world: World) -> dict[str, Any]:
        return {"ecosystem_slug": world.slug, **(kwargs(world) if kwargs else {})}

    return Row(url_name, expect, all_kwargs, method, data, note, record_rule)


def everyone(ok: int | str, anonymous: int | str | None = None) -> dict[str, int | str]:
    return {p: ok for p in PERSONAS} | ({"anonymous": anonymous} if anonymous else {})


def all_rows() -> list[Row]:
    """Every module's rows, in module order."""
    rows: list[Row] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        rows += importlib.import_module(f"{__name__}.{module.name}").ROWS
    return rows
