"""Rows for the ecosystem's progress record: every member reads it, prints it, exports it
and sees the worked example and the blank template; editors and coordinators add, change
and delete entries."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, in_ecosystem
from tests.world import World


def entry(world: World) -> dict[str, Any]:
    return {"pk": world.progress_entry.pk}


def entry_data(world: World) -> dict[str, Any]:
    return {
        "date": "2026-03-14",
        "strand_code": "COMM",
        "indicator_code": "COMM-1",
        "activity": "Started a shared calendar of library events",
        "organizations": [world.organization.pk],
        "partners": [world.partner.pk],
        "version": world.progress_entry.version,
    }


ROWS: list[Row] = [
    in_ecosystem("partners:progress_list", "viewer"),
    in_ecosystem("partners:progress_export", "viewer"),
    in_ecosystem("partners:progress_pdf", "viewer"),
    in_ecosystem("partners:progress_template_pdf", "viewer"),
    in_ecosystem("partners:progress_example", "viewer"),
    in_ecosystem("partners:progress_detail", "viewer", kwargs=entry),
    in_ecosystem("partners:progress_create", "editor"),
    in_ecosystem("partners:progress_create", "editor", ok=302, method="post", data=entry_data),
    in_ecosystem("partners:progress_update", "editor", kwargs=entry),
    in_ecosystem(
        "partners:progress_update", "editor", ok=302, kwargs=entry, method="post", data=entry_data
    ),
    in_ecosystem("partners:progress_delete", "editor", kwargs=entry),
    in_ecosystem("partners:progress_delete", "editor", ok=302, kwargs=entry, method="post"),
]
