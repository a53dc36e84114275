"""Rows for the Ecosystem Continuum."""

from __future__ import annotations

from typing import Any

from continuum.models import Resource
from tests.matrix import LOGIN, Row, in_ecosystem
from tests.world import PERSONAS, World

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
    }


def two_rounds(world: World) -> dict[str, Any]:
    return {"rounds": [world.closed_round.pk, world.older_round.pk]}


def adapted(world: World) -> dict[str, Any]:
    return {"instrument": world.adapted.slug}


def other_adapted(world: World) -> dict[str, Any]:
    return {"instrument": world.other_adapted.slug}


def draft_of(world: World) -> Any:
    return world.adapted.versions.get(status="draft")


def draft_data(world: World) -> dict[str, Any]:
    """The draft's overview form as it stands, with one level renamed."""
    draft = draft_of(world)
    data: dict[str, Any] = {"revision": draft.revision}
    for level in draft.levels.all():
        data[f"level-{level.pk}-label"] = f"{level.label} (ours)"
        data[f"level-{level.pk}-description"] = level.description
    for strand in draft.strands.all():
        data[f"strand-{strand.pk}-name"] = strand.name
        data[f"strand-{strand.pk}-description"] = strand.description
    return data


def draft_strand(world: World) -> dict[str, Any]:
    return adapted(world) | {"code": "LEAD"}


def own_resource(world: World) -> dict[str, Any]:
    return {"pk": world.own_resource.pk}


def resource_data(world: World) -> dict[str, Any]:
    return {
        "title": "Our county's partnership map",
        "kind": "guide",
        "source": "County library board",
        "summary": "Who works with whom, drawn at the spring meeting.",
        "version": world.own_resource.version,
    }


def everyone_404() -> dict[str, int | str]:
    return {"anonymous": LOGIN} | {persona: 404 for persona in PERSONAS[1:]}


def coordinator_only_404() -> dict[str, int | str]:
    """Another ecosystem's (or a shipped) record behind a coordinator's page: lower roles
    are refused by role first (403), coordinators do not find it (404)."""
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        "viewer": 403,
        "contributor": 403,
        "editor": 403,
        "coordinator": 404,
    }


def other_kwargs(kwargs: Any) -> Any:
    return lambda w: {"ecosystem_slug": w.slug, **kwargs(w)}


ROWS: list[Row] = [
    # --- the Continuum -------------------------------------------------------------------
    in_ecosystem("continuum:index", "viewer"),
    in_ecosystem("continuum:instrument_detail", "viewer", kwargs=lambda w: CONTINUUM),
    in_ecosystem("continuum:blank_pdf", "viewer", kwargs=lambda w: CONTINUUM | {"number": 1}),
    # --- instruments adapted by an ecosystem -------------------------------------------
    in_ecosystem("continuum:instrument_detail", "viewer", kwargs=adapted),
    in_ecosystem("continuum:blank_pdf", "viewer", kwargs=lambda w: adapted(w) | {"number": 1}),
    Row(
        "continuum:instrument_detail",
        everyone_404(),
        other_kwargs(other_adapted),
        note="another ecosystem's adapted instrument is not found, whoever asks",
    ),
    Row(
        "continuum:blank_pdf",
        everyone_404(),
        other_kwargs(lambda w: other_adapted(w) | {"number": 1}),
    ),
    in_ecosystem(
        "continuum:draft_start", "coordinator", ok=302, kwargs=lambda w: CONTINUUM, method="post"
    ),
    in_ecosystem("continuum:draft_start", "coordinator", ok=302, kwargs=adapted, method="post"),
    Row("continuum:draft_start", coordinator_only_404(), other_kwargs(other_adapted), "post"),
    in_ecosystem("continuum:draft_edit", "coordinator", kwargs=adapted),
    in_ecosystem(
        "continuum:draft_edit",
        "coordinator",
        ok=302,
        kwargs=adapted,
        method="post",
        data=draft_data,
    ),
    Row(
        "continuum:draft_edit",
        coordinator_only_404(),
        other_kwargs(lambda w: CONTINUUM),
        note="the site-wide instruments stay read-only to coordinators",
    ),
    Row("continuum:draft_edit", coordinator_only_404(), other_kwargs(other_adapted)),
    in_ecosystem("continuum:draft_strand", "coordinator", kwargs=draft_strand),
    Row(
        "continuum:draft_strand",
        coordinator_only_404(),
        other_kwargs(lambda w: other_adapted(w) | {"code": "LEAD"}),
    ),
    in_ecosystem("continuum:draft_publish", "coordinator", ok=302, kwargs=adapted, method="post"),
    Row("continuum:draft_publish", coordinator_only_404(), other_kwargs(other_adapted), "post"),
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
        data=lambda w: {"title": "Renamed", "period": "2027"},
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
    in_ecosystem("continuum:resource_create", "coordinator"),
    in_ecosystem(
        "continuum:resource_create", "coordinator", ok=302, method="post", data=resource_data
    ),
    in_ecosystem("continuum:resource_update", "coordinator", kwargs=own_resource),
    in_ecosystem(
        "continuum:resource_update",
        "coordinator",
        ok=302,
        kwargs=own_resource,
        method="post",
        data=resource_data,
    ),
    in_ecosystem("continuum:resource_delete", "coordinator", kwargs=own_resource),
    in_ecosystem(
        "continuum:resource_delete", "coordinator", ok=302, kwargs=own_resource, method="post"
    ),
    Row(
        "continuum:resource_update",
        coordinator_only_404(),
        other_kwargs(lambda w: {"pk": w.other_resource.pk}),
        note="another ecosystem's resource",
    ),
    Row(
        "continuum:resource_delete",
        coordinator_only_404(),
        other_kwargs(lambda w: {"pk": w.other_resource.pk}),
        "post",
    ),
    Row(
        "continuum:resource_update",
        coordinator_only_404(),
        other_kwargs(lambda w: {"pk": Resource.objects.filter(ecosystem=None).first().pk}),
        note="the shipped library stays read-only",
    ),
    Row(
        "continuum:resource_delete",
        coordinator_only_404(),
        other_kwargs(lambda w: {"pk": Resource.objects.filter(ecosystem=None).first().pk}),
        "post",
    ),
]
