"""Rows for the value fact sheets: every member reads them and prints them; editors and
coordinators make, change and delete them."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, in_ecosystem
from tests.world import World


def sheet(world: World) -> dict[str, Any]:
    return {"pk": world.fact_sheet.pk}


def sheet_data(world: World) -> dict[str, Any]:
    return {
        "title": "Library value, revised",
        "organization": world.organization.pk,
        "year": 2026,
        "households": "4,000",
        "budget": "250000",
        "version": world.fact_sheet.version,
    }


ROWS: list[Row] = [
    in_ecosystem("agendas:factsheet_list", "viewer"),
    in_ecosystem("agendas:factsheet_export", "viewer"),
    in_ecosystem("agendas:factsheet_detail", "viewer", kwargs=sheet),
    in_ecosystem("agendas:factsheet_pdf", "viewer", kwargs=sheet),
    in_ecosystem("agendas:factsheet_create", "editor"),
    in_ecosystem("agendas:factsheet_create", "editor", ok=302, method="post", data=sheet_data),
    in_ecosystem("agendas:factsheet_update", "editor", kwargs=sheet),
    in_ecosystem(
        "agendas:factsheet_update", "editor", ok=302, kwargs=sheet, method="post", data=sheet_data
    ),
    in_ecosystem("agendas:factsheet_delete", "editor", kwargs=sheet),
    in_ecosystem("agendas:factsheet_delete", "editor", ok=302, kwargs=sheet, method="post"),
]
