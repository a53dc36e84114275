"""Rows for agenda building: cycles, each organization's input, consolidation, the agenda.

An organization's input is read by every member and written by its own contributors,
editors and coordinators (the world's contributor speaks for ``world.organization``);
consolidating and publishing are for coordinators.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, in_ecosystem
from tests.world import World


def cycle(world: World) -> dict[str, Any]:
    return {"pk": world.cycle.pk}


def library_input(world: World) -> dict[str, Any]:
    return {"pk": world.cycle.pk, "org_pk": world.organization.pk}


def legislative(world: World) -> dict[str, Any]:
    issue = world.submission.legislative_issues.get()
    return library_input(world) | {"kind": "legislative", "issue_pk": issue.pk}


def new_legislative(world: World) -> dict[str, Any]:
    return library_input(world) | {"kind": "legislative"}


def closed_input(world: World) -> dict[str, Any]:
    """The library's input to the published cycle: it sent none, and the cycle no longer
    gathers any."""
    return {"pk": world.published_cycle.pk, "org_pk": world.organization.pk}


def priority(world: World) -> dict[str, Any]:
    return {"pk": world.cycle.pk, "priority_pk": world.cycle.priorities.get().pk}


def agenda(world: World) -> dict[str, Any]:
    return {"pk": world.published_cycle.pk, "number": world.agenda.number}


def cycle_data(world: World) -> dict[str, Any]:
    return {
        "title": "2029 session",
        "session_start": "2029-01-10",
        "session_end": "2029-05-01",
        "input_deadline": "2028-11-01",
        "status": "gathering",
    }


def criteria_data(world: World) -> dict[str, Any]:
    criteria = list(world.cycle.criteria.all())
    data: dict[str, Any] = {
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 1,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, criterion in enumerate(criteria):
        data |= {
            f"criteria-{index}-id": criterion.pk,
            f"criteria-{index}-cycle": world.cycle.pk,
            f"criteria-{index}-name": criterion.name,
            f"criteria-{index}-description": criterion.description,
            f"criteria-{index}-weight": criterion.weight,
        }
    return data


def issue_data(world: World) -> dict[str, Any]:
    issue = world.submission.legislative_issues.get()
    return {
        "title": "Fund rural broadband",
        "government_level": "state",
        "ask_kind": "budget",
        "urgency": 3,
        "version": issue.version,
    }


ROWS: list[Row] = [
    in_ecosystem("agendas:index", "viewer"),
    in_ecosystem(
        "agendas:worksheet_pdf", "viewer", kwargs=lambda w: {"name": "legislative-issues"}
    ),
    in_ecosystem("agendas:cycle_create", "coordinator"),
    in_ecosystem("agendas:cycle_create", "coordinator", ok=302, method="post", data=cycle_data),
    in_ecosystem("agendas:cycle_detail", "viewer", kwargs=cycle),
    in_ecosystem("agendas:cycle_update", "coordinator", kwargs=cycle),
    in_ecosystem(
        "agendas:cycle_update", "coordinator", ok=302, kwargs=cycle, method="post", data=cycle_data
    ),
    in_ecosystem("agendas:criteria", "coordinator", kwargs=cycle),
    in_ecosystem(
        "agendas:criteria", "coordinator", ok=302, kwargs=cycle, method="post", data=criteria_data
    ),
    in_ecosystem("agendas:input", "viewer", kwargs=library_input, note="every member reads it"),
    in_ecosystem(
        "agendas:input",
        "contributor",
        ok=302,
        kwargs=library_input,
        method="post",
        data=lambda w: {"top_concerns": "Funding", "version": w.submission.version},
    ),
    # Sending shows what goes first (GET), then sends (POST).
    in_ecosystem("agendas:input_send", "contributor", kwargs=library_input),
    in_ecosystem("agendas:input_send", "contributor", ok=302, kwargs=library_input, method="post"),
    # Too late for everyone; the refusal must not leave an empty input behind either.
    in_ecosystem("agendas:input_send", "viewer", ok=403, kwargs=closed_input, method="post"),
    in_ecosystem(
        "agendas:issue_create",
        "viewer",
        ok=403,
        kwargs=lambda w: closed_input(w) | {"kind": "legislative"},
        method="post",
        data=issue_data,
    ),
    in_ecosystem(
        "agendas:input_reopen", "coordinator", ok=302, kwargs=library_input, method="post"
    ),
    in_ecosystem("agendas:input_pdf", "viewer", kwargs=library_input),
    in_ecosystem("agendas:issue_create", "contributor", kwargs=new_legislative),
    in_ecosystem(
        "agendas:issue_create",
        "contributor",
        ok=302,
        kwargs=new_legislative,
        method="post",
        data=issue_data,
    ),
    in_ecosystem("agendas:issue_update", "contributor", kwargs=legislative),
    in_ecosystem(
        "agendas:issue_update",
        "contributor",
        ok=302,
        kwargs=legislative,
        method="post",
        data=issue_data,
    ),
    in_ecosystem("agendas:issue_delete", "contributor", kwargs=legislative),
    in_ecosystem("agendas:issue_delete", "contributor", ok=302, kwargs=legislative, method="post"),
    in_ecosystem("agendas:consolidate", "coordinator", kwargs=cycle),
    in_ecosystem(
        "agendas:merge",
        "coordinator",
        ok=302,
        kwargs=cycle,
        method="post",
        data=lambda w: {"legislative": [w.submission.legislative_issues.get().pk]},
    ),
    in_ecosystem("agendas:issues_export", "viewer", kwargs=cycle),
    in_ecosystem("agendas:priority_detail", "viewer", kwargs=priority),
    in_ecosystem("agendas:priority_update", "coordinator", kwargs=priority),
    in_ecosystem(
        "agendas:priority_update",
        "coordinator",
        ok=302,
        kwargs=priority,
        method="post",
        data=lambda w: {
            "title": "Rural broadband",
            "kind": "legislative",
            "talking_points": "Libraries connect",
            "version": w.cycle.priorities.get().version,
        },
    ),
    in_ecosystem("agendas:priority_delete", "coordinator", kwargs=priority),
    in_ecosystem("agendas:priority_delete", "coordinator", ok=302, kwargs=priority, method="post"),
    in_ecosystem("agendas:scoring", "contributor", kwargs=cycle),
    in_ecosystem(
        "agendas:scoring",
        "contributor",
        ok=403,
        kwargs=cycle,
        method="post",
        note="scores are given only while consolidating; the world's cycle still gathers",
    ),
    in_ecosystem("agendas:ranking", "viewer", kwargs=cycle),
    in_ecosystem("agendas:publish", "coordinator", kwargs=cycle),
    in_ecosystem(
        "agendas:publish",
        "coordinator",
        ok=302,
        kwargs=cycle,
        method="post",
        data=lambda w: {"accept_gaps": "on"},
        note="the world's priority has no talking points or ask: publishing takes the tick",
    ),
    in_ecosystem("agendas:agenda_detail", "viewer", kwargs=agenda),
    Row(
        "agendas:sign_on",
        {
            "anonymous": LOGIN,
            "outsider": 404,
            "viewer": 403,
            "contributor": 302,
            "editor": 403,
            "coordinator": 302,
        },
        lambda w: {"ecosystem_slug": w.slug, **agenda(w)},
        method="post",
        data=lambda w: {"organization": w.organization.pk},
        note="the library's own contributor signs for it; the editor speaks for no "
        "organization; coordinators may record any organization's sign-on",
    ),
    in_ecosystem("agendas:agenda_pdf", "viewer", kwargs=lambda w: agenda(w) | {"layout": "full"}),
]
