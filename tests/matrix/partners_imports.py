"""Rows for the CSV import of partners: editors and coordinators import; a pending import
belongs to the member who uploaded it.

The pending import in these rows is the editor's (made fresh for each request), so the
editor may preview, confirm and cancel it, while the coordinator, who outranks the editor
but did not upload it, gets a 404: an import is nobody else's business until it is
confirmed.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from partners.imports import applying as imports_applying
from partners.imports import reading as imports_reading
from tests.matrix import LOGIN, Row, in_ecosystem
from tests.world import World

CSV = b"name,sector,contact name\nRiverside Food Bank,Nonprofit,Dana Ortiz\n"


def csv_upload(world: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("partners.csv", CSV, "text/csv")}


def editors_import(world: World) -> dict[str, Any]:
    table = imports_reading.read_csv(SimpleUploadedFile("partners.csv", CSV, "text/csv"))
    pending = imports_applying.create_import(
        world.ecosystem, world.users["editor"], "partners.csv", table
    )
    return {"pk": pending.pk}


def owner_only(ok: int) -> dict[str, int | str]:
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        "viewer": 403,
        "contributor": 403,
        "editor": ok,
        "coordinator": 404,
    }


def with_slug(world: World) -> dict[str, Any]:
    return {"ecosystem_slug": world.slug, **editors_import(world)}


ROWS: list[Row] = [
    in_ecosystem("partners:partner_import", "editor"),
    in_ecosystem("partners:partner_import", "editor", ok=302, method="post", data=csv_upload),
    in_ecosystem("partners:partner_import_sample", "viewer"),
    Row(
        "partners:partner_import_preview",
        owner_only(200),
        with_slug,
        note="the editor uploaded it; the coordinator did not",
    ),
    Row(
        "partners:partner_import_confirm",
        owner_only(302),
        with_slug,
        method="post",
        data=lambda w: {"mode": "all"},
        note="the editor uploaded it; the coordinator did not",
    ),
    Row(
        "partners:partner_import_cancel",
        owner_only(302),
        with_slug,
        method="post",
        note="the editor uploaded it; the coordinator did not",
    ),
]
