"""Rows for partner records: every member reads the list, the board, a partner's page and
the exports; editors and coordinators add, change, move, pause, end and remove partners
and their contacts."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, in_ecosystem
from tests.world import World


def partner(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk}


def contact(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk, "contact_pk": world.contact.pk}


def partner_data(world: World) -> dict[str, Any]:
    return {
        "name": "County Literacy Council",
        "sector": "nonprofit",
        "stage": "strategic",
        "phase": "harvesting",
        "formalization": "mou",
        "version": world.partner.version,
    }


def new_partner_data(world: World) -> dict[str, Any]:
    return {
        "name": "Riverside Food Bank",
        "sector": "nonprofit",
        "stage": "building",
        "phase": "planting",
        "formalization": "handshake",
        "contact_name": "Sam Grocer",
    }


def move_data(world: World) -> dict[str, Any]:
    return {"stage": "strategic", "version": world.partner.version}


def end_data(world: World) -> dict[str, Any]:
    return {
        "ended_on": "2026-01-15",
        "ending_reason": "The grant ended.",
        "lessons_learned": "Plan for the money running out.",
        "version": world.partner.version,
    }


def contact_data(world: World) -> dict[str, Any]:
    return {"name": "Robin Page", "role": "Volunteer lead", "version": world.contact.version}


ROWS: list[Row] = [
    in_ecosystem("partners:partner_list", "viewer"),
    in_ecosystem("partners:partner_export", "viewer"),
    in_ecosystem("partners:partner_directory_pdf", "viewer"),
    in_ecosystem("partners:partner_board", "viewer"),
    in_ecosystem("partners:partner_detail", "viewer", kwargs=partner),
    in_ecosystem("partners:partner_create", "editor"),
    in_ecosystem("partners:partner_create", "editor", ok=302, method="post", data=new_partner_data),
    in_ecosystem("partners:partner_update", "editor", kwargs=partner),
    in_ecosystem(
        "partners:partner_update",
        "editor",
        ok=302,
        kwargs=partner,
        method="post",
        data=partner_data,
    ),
    in_ecosystem("partners:partner_delete", "editor", kwargs=partner),
    in_ecosystem("partners:partner_delete", "editor", ok=302, kwargs=partner, method="post"),
    in_ecosystem(
        "partners:partner_move", "editor", ok=302, kwargs=partner, method="post", data=move_data
    ),
    in_ecosystem("partners:partner_pause", "editor", ok=302, kwargs=partner, method="post"),
    in_ecosystem("partners:partner_resume", "editor", ok=302, kwargs=partner, method="post"),
    in_ecosystem("partners:partner_end", "editor", kwargs=partner),
    in_ecosystem(
        "partners:partner_end", "editor", ok=302, kwargs=partner, method="post", data=end_data
    ),
    in_ecosystem("partners:contact_create", "editor", kwargs=partner),
    in_ecosystem(
        "partners:contact_create",
        "editor",
        ok=302,
        kwargs=partner,
        method="post",
        data=contact_data,
    ),
    in_ecosystem("partners:contact_update", "editor", kwargs=contact),
    in_ecosystem(
        "partners:contact_update",
        "editor",
        ok=302,
        kwargs=contact,
        method="post",
        data=contact_data,
    ),
    in_ecosystem("partners:contact_delete", "editor", kwargs=contact),
    in_ecosystem("partners:contact_delete", "editor", ok=302, kwargs=contact, method="post"),
]
