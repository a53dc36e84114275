"""Rows for Webs of Connection: every member reads the map, prints it, exports the ties
and compares years; editors and coordinators record, change and remove connections and
take the year's snapshot. Another ecosystem's connection is 404 by its number."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, in_ecosystem
from tests.world import World


def connection(world: World) -> dict[str, Any]:
    return {"pk": world.connection.pk}


def others(world: World) -> dict[str, Any]:
    return {"pk": world.other_connection.pk}


def connection_data(world: World) -> dict[str, Any]:
    return {
        "organization": world.organization.pk,
        "other_end": f"p{world.partner.pk}",
        "kind": "funding",
        "strength": 3,
        "since": "2025-05-01",
        "notes": "The council funds the library's tutoring room",
        "version": world.connection.version,
    }


ROWS: list[Row] = [
    in_ecosystem("partners:webs", "viewer"),
    in_ecosystem("partners:webs_pdf", "viewer"),
    in_ecosystem("partners:connection_export", "viewer"),
    in_ecosystem("partners:web_compare", "viewer"),
    in_ecosystem("partners:web_snapshot_create", "editor", ok=302, method="post"),
    in_ecosystem("partners:connection_create", "editor"),
    in_ecosystem(
        "partners:connection_create", "editor", ok=302, method="post", data=connection_data
    ),
    in_ecosystem("partners:connection_update", "editor", kwargs=connection),
    in_ecosystem(
        "partners:connection_update",
        "editor",
        ok=302,
        kwargs=connection,
        method="post",
        data=connection_data,
    ),
    in_ecosystem("partners:connection_delete", "editor", kwargs=connection),
    in_ecosystem("partners:connection_delete", "editor", ok=302, kwargs=connection, method="post"),
    in_ecosystem("partners:connection_update", "editor", ok=404, kwargs=others),
    in_ecosystem("partners:connection_delete", "editor", ok=404, kwargs=others, method="post"),
]
