"""Rows for a partner's progress log: every member reads the log and its history, the
harvest list and its export, the health checks, the "needs attention" list and the
profile PDF; editors and coordinators log interactions, record harvests, check health and
write reflections (and change or delete them)."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, in_ecosystem
from tests.world import World


def partner(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk}


def interaction(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk, "interaction_pk": world.interaction.pk}


def harvest(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk, "harvest_pk": world.harvest.pk}


def check(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk, "check_pk": world.health_check.pk}


def reflection(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk, "reflection_pk": world.reflection.pk}


def interaction_data(world: World) -> dict[str, Any]:
    return {
        "date": "2026-03-02",
        "kind": "call",
        "summary": "Called about the autumn tutoring rooms",
        "next_step": "Book the rooms",
        "next_step_due": "2026-04-01",
        "version": world.interaction.version,
    }


def harvest_data(world: World) -> dict[str, Any]:
    return {
        "date": "2026-05-10",
        "title": "Autumn tutoring series",
        "people_reached": "1,200",
        "sessions_held": "30",
        "dollars_raised": "$2,500",
        "share_in_reports": "on",
        "version": world.harvest.version,
    }


def check_data(world: World) -> dict[str, Any]:
    return {
        "date": "2026-01-15",
        "interests": "3",
        "adaptability": "3",
        "communication": "2",
        "ownership": "2",
        "version": world.health_check.version,
    }


def reflection_data(world: World) -> dict[str, Any]:
    # The world's reflection is last year's: a new one is for the year before that.
    return {
        "year": str(world.reflection.year - 1),
        "what_worked": "Shared rooms",
        "decision": "keep",
        "version": world.reflection.version,
    }


ROWS: list[Row] = [
    # The log
    in_ecosystem("partners:interaction_list", "viewer", kwargs=partner),
    in_ecosystem("partners:interaction_history", "viewer", kwargs=interaction),
    in_ecosystem("partners:interaction_create", "editor", kwargs=partner),
    in_ecosystem(
        "partners:interaction_create",
        "editor",
        ok=302,
        kwargs=partner,
        method="post",
        data=interaction_data,
    ),
    in_ecosystem("partners:interaction_update", "editor", kwargs=interaction),
    in_ecosystem(
        "partners:interaction_update",
        "editor",
        ok=302,
        kwargs=interaction,
        method="post",
        data=interaction_data,
    ),
    in_ecosystem("partners:interaction_delete", "editor", kwargs=interaction),
    in_ecosystem(
        "partners:interaction_delete", "editor", ok=302, kwargs=interaction, method="post"
    ),
    in_ecosystem("partners:interaction_done", "editor", ok=302, kwargs=interaction, method="post"),
    # Harvests
    in_ecosystem("partners:harvest_list", "viewer"),
    in_ecosystem("partners:harvest_export", "viewer"),
    in_ecosystem("partners:harvest_create", "editor", kwargs=partner),
    in_ecosystem(
        "partners:harvest_create",
        "editor",
        ok=302,
        kwargs=partner,
        method="post",
        data=harvest_data,
    ),
    in_ecosystem("partners:harvest_update", "editor", kwargs=harvest),
    in_ecosystem(
        "partners:harvest_update",
        "editor",
        ok=302,
        kwargs=harvest,
        method="post",
        data=harvest_data,
    ),
    in_ecosystem("partners:harvest_delete", "editor", kwargs=harvest),
    in_ecosystem("partners:harvest_delete", "editor", ok=302, kwargs=harvest, method="post"),
    # Health
    in_ecosystem("partners:health_list", "viewer", kwargs=partner),
    in_ecosystem("partners:health_create", "editor", kwargs=partner),
    in_ecosystem(
        "partners:health_create", "editor", ok=302, kwargs=partner, method="post", data=check_data
    ),
    in_ecosystem("partners:health_update", "editor", kwargs=check),
    in_ecosystem(
        "partners:health_update", "editor", ok=302, kwargs=check, method="post", data=check_data
    ),
    in_ecosystem("partners:health_delete", "editor", kwargs=check),
    in_ecosystem("partners:health_delete", "editor", ok=302, kwargs=check, method="post"),
    # Reflections
    in_ecosystem("partners:reflection_create", "editor", kwargs=partner),
    in_ecosystem(
        "partners:reflection_create",
        "editor",
        ok=302,
        kwargs=partner,
        method="post",
        data=reflection_data,
    ),
    in_ecosystem("partners:reflection_update", "editor", kwargs=reflection),
    in_ecosystem(
        "partners:reflection_update",
        "editor",
        ok=302,
        kwargs=reflection,
        method="post",
        data=reflection_data,
    ),
    in_ecosystem("partners:reflection_delete", "editor", kwargs=reflection),
    in_ecosystem("partners:reflection_delete", "editor", ok=302, kwargs=reflection, method="post"),
    # Needs attention, the profile PDF
    in_ecosystem("partners:needs_attention", "viewer"),
    in_ecosystem("partners:needs_attention_export", "viewer"),
    in_ecosystem("partners:partner_pdf", "viewer", kwargs=partner),
]
