"""Rows for the Ecosystem Continuum."""

from __future__ import annotations

from typing import Any

from continuum import services
from continuum.models import Resource, Response, Round
from tests.matrix import LOGIN, ROLES, Row, in_ecosystem
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


# --- Whose answers each member may read (continuum/rules.py) -----------------------------
#
# For every round state (open, closed) and kind (named, anonymous), and for the response of
# each role, every persona asks for that response's PDF. The rule, restated here on its own
# so the matrix checks the code rather than repeating it:
#   - a person always reads their own answers;
#   - in an anonymous round nobody else does, coordinators included;
#   - while a round is open, only coordinators read other people's answers;
#   - once a named round is closed, every member does.
# The viewer's response is one they were invited to before becoming a viewer.

ROUND_KINDS = [(state, anonymous) for state in ("open", "closed") for anonymous in (False, True)]


def answers_expected(owner: str, state: str, anonymous: bool) -> dict[str, int | str]:
    expect: dict[str, int | str] = {"anonymous": LOGIN, "outsider": 404}
    for persona in ROLES:
        if persona == owner:
            expect[persona] = 200
        elif anonymous:
            expect[persona] = 403
        elif state == "open":
            expect[persona] = 200 if persona == "coordinator" else 403
        else:
            expect[persona] = 200
    return expect


def round_of_kind(world: World, state: str, anonymous: bool) -> Round:
    """The world's named rounds; anonymous twins are opened on demand (the test's
    transaction removes them again)."""
    if not anonymous:
        return world.round if state == "open" else world.closed_round
    title = f"Anonymous {state} round"
    round = world.ecosystem.rounds.filter(title=title).first()
    if round is None:
        round = services.open_round(
            world.ecosystem,
            version=world.round.version,
            title=title,
            period="2027",
            due_date=None,
            anonymous=True,
            disagreement_threshold=2,
            invitees=[world.memberships[p] for p in ("contributor", "editor", "coordinator")],
            opened_by=world.users["coordinator"],
        )
        if state == "closed":
            services.close_round(round)
    return round


def response_of(owner: str, state: str, anonymous: bool) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        round = round_of_kind(world, state, anonymous)
        user = world.users[owner]
        response, _ = Response.objects.get_or_create(
            round=round, user=user, defaults={"respondent_name": user.get_full_name()}
        )
        return {"ecosystem_slug": world.slug, "pk": round.pk, "response_pk": response.pk}

    return kwargs


def round_kwargs(state: str, anonymous: bool) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        return {"ecosystem_slug": world.slug, "pk": round_of_kind(world, state, anonymous).pk}

    return kwargs


def kind_name(state: str, anonymous: bool) -> str:
    return f"{state} {'anonymous' if anonymous else 'named'} round"


ANSWER_PRIVACY_ROWS: list[Row] = (
    [
        Row(
            "continuum:response_pdf",
            answers_expected(owner, state, anonymous),
            response_of(owner, state, anonymous),
            note=f"the {owner}'s answers in an {kind_name(state, anonymous)}",
        )
        for state, anonymous in ROUND_KINDS
        for owner in ROLES
    ]
    + [
        # Results show what was said (names only where the rule allows): every member once the
        # round is closed, coordinators only while it is open, anonymous or not.
        Row(
            url_name,
            {
                "anonymous": LOGIN,
                "outsider": 404,
                **{p: 200 if state == "closed" or p == "coordinator" else 403 for p in ROLES},
            },
            round_kwargs(state, anonymous),
            note=f"results of an {kind_name(state, anonymous)}",
        )
        for url_name in ("continuum:results", "continuum:results_pdf", "continuum:results_export")
        for state, anonymous in ROUND_KINDS
    ]
    + [
        in_ecosystem(
            "continuum:round_detail",
            "viewer",
            kwargs=lambda w, state=state, anonymous=anonymous: {
                "pk": round_of_kind(w, state, anonymous).pk
            },
            note=f"the page of an {kind_name(state, anonymous)} explains who sees the answers",
        )
        for state, anonymous in ROUND_KINDS
    ]
)


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
    in_ecosystem(
        "continuum:draft_strand",
        "coordinator",
        kwargs=draft_strand,
        method="post",
        note="an empty form is shown again with what to fill in",
    ),
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
        data=lambda w: {"title": "Renamed", "period": "2027", "strands": all_strands(w)},
    ),
    # Closing asks first (GET), then closes (POST).
    in_ecosystem("continuum:round_close", "coordinator", kwargs=open_round),
    in_ecosystem("continuum:round_close", "coordinator", ok=302, kwargs=open_round, method="post"),
    in_ecosystem("continuum:round_remind", "coordinator", kwargs=open_round),
    in_ecosystem(
        "continuum:round_remind",
        "coordinator",
        ok=302,
        kwargs=open_round,
        method="post",
        note="the reminder goes to the invitees who have not submitted",
    ),
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
    in_ecosystem("continuum:comparison", "viewer"),
    in_ecosystem("continuum:comparison_pdf", "viewer", data=two_rounds),
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
    *ANSWER_PRIVACY_ROWS,
]
