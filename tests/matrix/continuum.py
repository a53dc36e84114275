"""Rows for the Ecosystem Continuum."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, in_ecosystem
from tests.world import World

CONTINUUM = {"instrument": "ecosystem-continuum"}
STEP = {"step": 1}


def open_round(world: World) -> dict[str, Any]:
    return {"pk": world.round.pk}


def closed_round(world: World) -> dict[str, Any]:
    return {"pk": world.closed_round.pk}


def contributor_response(world: World) -> dict[str, Any]:
    response = world.closed_round.responses.get(user=world.users["contributor"])
    return {"pk": world.closed_round.pk, "response_pk": response.pk}


def consensus_target(world: World) -> dict[str, Any]:
    return {"pk": world.closed_round.pk, "indicator_pk": first_indicator(world).pk}


def first_indicator(world: World) -> Any:
    return world.closed_round.version.indicators.order_by("strand__position", "position")[0]


def consensus_data(world: World) -> dict[str, Any]:
    level = world.closed_round.version.levels.order_by("value")[1]
    return {"level": level.pk, "rationale": "We talked it through."}


def new_round_data(world: World) -> dict[str, Any]:
    return {
        "version": world.round.version_id,
        "title": "Another round",
        "period": "2028",
        "disagreement_threshold": 2,
        "invitees": [world.memberships["contributor"].pk],
        "strands": all_strands(world),
    }


def all_strands(world: World) -> list[int]:
    return list(world.round.version.strands.values_list("pk", flat=True))


def consensus_all_data(world: World) -> dict[str, Any]:
    """One indicator's form on the one-page consensus, as the plain (non-htmx) post."""
    indicator = first_indicator(world)
    prefix = f"i{indicator.pk}"
    level = world.closed_round.version.levels.order_by("value")[1]
    return {
        "indicator": indicator.pk,
        f"{prefix}-level": level.pk,
        f"{prefix}-rationale": "We talked it through.",
    }


def two_rounds(world: World) -> dict[str, Any]:
    return {"rounds": [world.closed_round.pk, world.older_round.pk]}


ROWS: list[Row] = [
    # --- the Continuum -------------------------------------------------------------------
    in_ecosystem("continuum:index", "viewer"),
    in_ecosystem("continuum:instrument_detail", "viewer", kwargs=lambda w: CONTINUUM),
    in_ecosystem("continuum:blank_pdf", "viewer", kwargs=lambda w: CONTINUUM | {"number": 1}),
    in_ecosystem("continuum:round_create", "coordinator"),
    in_ecosystem(
        "continuum:round_create", "coordinator", ok=302, method="post", data=new_round_data
    ),
    in_ecosystem("continuum:round_detail", "viewer", kwargs=open_round),
    in_ecosystem("continuum:round_update", "coordinator", kwargs=open_round),
    in_ecosystem(
        "continuum:round_update",
        "coordinator",
        ok=302,
        kwargs=open_round,
        method="post",
        data=lambda w: {"title": "Renamed", "period": "2027", "strands": all_strands(w)},
    ),
    in_ecosystem("continuum:round_close", "coordinator", ok=302, kwargs=open_round, method="post"),
    in_ecosystem(
        "continuum:round_reopen", "coordinator", ok=302, kwargs=closed_round, method="post"
    ),
    # Only invited members answer, each only their own response; viewers never answer.
    in_ecosystem("continuum:answer_step", "contributor", kwargs=lambda w: open_round(w) | STEP),
    in_ecosystem(
        "continuum:answer_step",
        "contributor",
        ok=302,
        kwargs=lambda w: open_round(w) | STEP,
        method="post",
        data=lambda w: {"then": "next"},
    ),
    in_ecosystem("continuum:answer_review", "contributor", kwargs=open_round),
    in_ecosystem(
        "continuum:answer_submit",
        "contributor",
        ok=302,
        kwargs=open_round,
        method="post",
        note="nothing answered yet: refused, back to the review page that lists the gaps",
    ),
    in_ecosystem("continuum:response_pdf", "viewer", kwargs=contributor_response),
    in_ecosystem("continuum:results", "viewer", kwargs=closed_round),
    Row(
        "continuum:results",
        {
            "anonymous": LOGIN,
            "outsider": 404,
            "viewer": 403,
            "contributor": 403,
            "editor": 403,
            "coordinator": 200,
        },
        lambda w: {"ecosystem_slug": w.slug, **open_round(w)},
        note="while a round is open only coordinators see its results",
    ),
    in_ecosystem("continuum:results_pdf", "viewer", kwargs=closed_round),
    in_ecosystem("continuum:round_blank_pdf", "viewer", kwargs=open_round),
    in_ecosystem("continuum:consensus_all", "coordinator", kwargs=closed_round),
    in_ecosystem(
        "continuum:consensus_all",
        "coordinator",
        ok=302,
        kwargs=closed_round,
        method="post",
        data=consensus_all_data,
        note="saves one indicator's agreed level, then back to the page",
    ),
    in_ecosystem("continuum:results_export", "viewer", kwargs=closed_round),
    in_ecosystem("continuum:consensus", "coordinator", kwargs=consensus_target),
    in_ecosystem(
        "continuum:consensus",
        "coordinator",
        ok=302,
        kwargs=consensus_target,
        method="post",
        data=consensus_data,
    ),
    in_ecosystem("continuum:progress", "viewer"),
    in_ecosystem("continuum:progress_pdf", "viewer", data=two_rounds),
    in_ecosystem("continuum:resource_list", "viewer"),
    in_ecosystem("continuum:resource_export", "viewer"),
]
