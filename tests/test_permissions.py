"""The permission matrix: every URL, requested by every kind of visitor, answers as expected.

Rows name a URL, how to fill in its arguments, the HTTP method, and the expected status
for each persona: anonymous, an outsider (coordinator of another ecosystem), and each role
in the ecosystem. A second test walks the URL resolver, so a new URL without a row fails
the suite until someone decides who may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.world import INVITATION_TOKEN, PERSONAS, World

LOGIN = "login"  # expected: a redirect to the sign-in page
ROLES = ("viewer", "contributor", "editor", "coordinator")


@dataclass
class Row:
    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    note: str = field(default="")


def in_ecosystem(
    url_name: str,
    min_role: str,
    *,
    ok: int = 200,
    kwargs: Callable[[World], dict[str, Any]] | None = None,
    method: str = "get",
    data: Callable[[World], dict[str, Any]] = lambda world: {},
    note: str = "",
) -> Row:
    """A page inside the ecosystem: sign-in needed, outsiders 404, low roles 403."""
    expect: dict[str, int | str] = {"anonymous": LOGIN, "outsider": 404}
    allowed = ROLES[ROLES.index(min_role) :]
    for role in ROLES:
        expect[role] = ok if role in allowed else 403

    def all_kwargs(world: World) -> dict[str, Any]:
        return {"ecosystem_slug": world.slug, **(kwargs(world) if kwargs else {})}

    return Row(url_name, expect, all_kwargs, method, data, note)


def everyone(ok: int | str, anonymous: int | str | None = None) -> dict[str, int | str]:
    return {p: ok for p in PERSONAS} | ({"anonymous": anonymous} if anonymous else {})


def org(world: World) -> dict[str, Any]:
    return {"pk": world.organization.pk}


def contributor_membership(world: World) -> dict[str, Any]:
    return {"pk": world.memberships["contributor"].pk}


def invitation(world: World) -> dict[str, Any]:
    return {"pk": world.invitation.pk}


ORGANIZATION_DATA = {"name": "Brand New Library", "kind": "public_library"}
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


MATRIX: list[Row] = [
    # --- outside any ecosystem ---------------------------------------------------------
    Row("root", everyone(302, anonymous=LOGIN)),
    Row("ecosystem_choose", everyone(200, anonymous=LOGIN)),
    Row("accounts:login", everyone(302, anonymous=200), note="signed-in users are sent on"),
    Row("accounts:logout", everyone(302), method="post"),
    Row("accounts:password_reset", everyone(200)),
    Row("accounts:password_reset_done", everyone(200)),
    Row(
        "accounts:password_reset_confirm",
        everyone(200),
        kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-real-token"},
        note="an invalid link shows how to get a new one",
    ),
    Row("accounts:password_reset_complete", everyone(200)),
    Row("accounts:password_change", everyone(200, anonymous=LOGIN)),
    Row("accounts:password_change_done", everyone(200, anonymous=LOGIN)),
    Row("accounts:profile", everyone(200, anonymous=LOGIN)),
    Row(
        "accounts:invitation_accept",
        everyone(403, anonymous=200),
        kwargs=lambda world: {"token": INVITATION_TOKEN},
        note="signed in as someone else than the invitee: told to sign out",
    ),
    Row(
        "admin:index",
        everyone(302),
        note="no persona is staff: the admin sends them to its sign-in",
    ),
    # --- inside the ecosystem ------------------------------------------------------------
    in_ecosystem("ecosystem:home", "viewer"),
    in_ecosystem("ecosystem:settings", "coordinator"),
    in_ecosystem(
        "ecosystem:settings",
        "coordinator",
        ok=302,
        method="post",
        data=lambda world: {
            "name": "Renamed",
            "level": "state",
            "version": world.ecosystem.version,
        },
    ),
    in_ecosystem("ecosystem:organization_list", "viewer"),
    in_ecosystem("ecosystem:organization_export", "viewer"),
    in_ecosystem("ecosystem:organization_roster_pdf", "viewer"),
    in_ecosystem("ecosystem:organization_detail", "viewer", kwargs=org),
    in_ecosystem("ecosystem:organization_create", "editor"),
    in_ecosystem(
        "ecosystem:organization_create",
        "editor",
        ok=302,
        method="post",
        data=lambda world: ORGANIZATION_DATA,
    ),
    in_ecosystem("ecosystem:organization_update", "editor", kwargs=org),
    in_ecosystem(
        "ecosystem:organization_update",
        "editor",
        ok=302,
        kwargs=org,
        method="post",
        data=lambda world: ORGANIZATION_DATA | {"version": world.organization.version},
    ),
    in_ecosystem("ecosystem:organization_delete", "editor", kwargs=org),
    in_ecosystem("ecosystem:organization_delete", "editor", ok=302, kwargs=org, method="post"),
    in_ecosystem("ecosystem:member_list", "viewer"),
    in_ecosystem("ecosystem:member_export", "viewer"),
    in_ecosystem("ecosystem:member_invite", "coordinator"),
    in_ecosystem(
        "ecosystem:member_invite",
        "coordinator",
        ok=302,
        method="post",
        data=lambda world: {"email": "fresh@example.org", "role": "20", "organization": ""},
    ),
    in_ecosystem("ecosystem:member_update", "coordinator", kwargs=contributor_membership),
    in_ecosystem(
        "ecosystem:member_update",
        "coordinator",
        ok=302,
        kwargs=contributor_membership,
        method="post",
        data=lambda world: {"role": "30", "organization": ""},
    ),
    in_ecosystem("ecosystem:member_remove", "coordinator", kwargs=contributor_membership),
    in_ecosystem(
        "ecosystem:member_remove",
        "coordinator",
        ok=302,
        kwargs=contributor_membership,
        method="post",
    ),
    in_ecosystem(
        "ecosystem:invitation_resend", "coordinator", ok=302, kwargs=invitation, method="post"
    ),
    in_ecosystem(
        "ecosystem:invitation_revoke", "coordinator", ok=302, kwargs=invitation, method="post"
    ),
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
]


def row_id(row: Row) -> str:
    return f"{row.method.upper()} {row.url_name}"


def request(client: Any, row: Row, world: World) -> Any:
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    return getattr(client, row.method)(url, row.data(world))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", MATRIX, ids=row_id)
def test_every_url_answers_each_persona_as_the_matrix_says(row, persona, world, client_for):
    response = request(client_for(persona), row, world)

    expected = row.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, (
            f"{row_id(row)} as {persona}: got {response.status_code}, expected {expected}"
        )


def test_every_row_has_an_expectation_for_every_persona():
    for row in MATRIX:
        assert set(row.expect) == set(PERSONAS), row_id(row)


def walk(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin guards its own pages (staff only); one row checks it
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL {pattern.pattern} has no name, so no matrix row can name it"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    urls = walk(get_resolver().url_patterns)
    covered = {row.url_name for row in MATRIX}

    assert urls - covered == set(), "URLs missing from the permission matrix"
    assert covered - urls - {"admin:index"} == set(), "matrix rows for URLs that do not exist"


def test_every_action_url_has_a_post_row():
    """A view that changes things must be checked with the method that changes them."""
    post_rows = {row.url_name for row in MATRIX if row.method == "post"}
    for name in [
        "accounts:logout",
        "ecosystem:settings",
        "ecosystem:organization_create",
        "ecosystem:organization_update",
        "ecosystem:organization_delete",
        "ecosystem:member_invite",
        "ecosystem:member_update",
        "ecosystem:member_remove",
        "ecosystem:invitation_resend",
        "ecosystem:invitation_revoke",
        "continuum:round_create",
        "continuum:round_update",
        "continuum:round_close",
        "continuum:round_reopen",
        "continuum:answer_step",
        "continuum:answer_submit",
        "continuum:consensus",
    ]:
        assert name in post_rows, name


# --- Another ecosystem's objects are invisible, even to a coordinator ----------------------

FOREIGN_OBJECT_URLS = [
    ("ecosystem:organization_detail", "get", lambda w: w.other_organization.pk),
    ("ecosystem:organization_update", "get", lambda w: w.other_organization.pk),
    ("ecosystem:organization_update", "post", lambda w: w.other_organization.pk),
    ("ecosystem:organization_delete", "post", lambda w: w.other_organization.pk),
    ("ecosystem:member_update", "post", lambda w: w.other_membership.pk),
    ("ecosystem:member_remove", "post", lambda w: w.other_membership.pk),
    ("ecosystem:invitation_resend", "post", lambda w: w.other_invitation.pk),
    ("ecosystem:invitation_revoke", "post", lambda w: w.other_invitation.pk),
]


@pytest.mark.parametrize(("url_name", "method", "pk"), FOREIGN_OBJECT_URLS)
def test_another_ecosystems_object_answers_404_through_your_own_ecosystem(
    url_name, method, pk, world, client_for
):
    url = reverse(url_name, kwargs={"ecosystem_slug": world.slug, "pk": pk(world)})

    response = getattr(client_for("coordinator"), method)(url, {"name": "Taken over"})

    assert response.status_code == 404
