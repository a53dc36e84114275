"""The permission matrix: every URL, requested by every kind of visitor, answers as expected.

The rows live in ``tests/matrix/`` (one module per area). This module runs each row for
anonymous visitors, an outsider (coordinator of another ecosystem) and each role, and
walks the URL resolver so that a new URL without a row fails the suite until someone
decides who may use it. A request the matrix expects to be refused must also leave
everything as it was: no row added, changed or removed in any table (see
``tests/side_effects.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ecosystem.access import required_role
from tests.matrix import LOGIN, ROLES, Row, all_rows
from tests.side_effects import left_behind, snapshot
from tests.world import PERSONAS, ROLE_OF, World

MATRIX = all_rows()
# The answers that refuse: sent to sign in, forbidden, not found, method not allowed.
REFUSALS = {LOGIN, 403, 404, 405}


def row_id(row: Row) -> str:
    return f"{row.method.upper()} {row.url_name}"


def prepared(client: Any, row: Row, world: World) -> Callable[[], Any]:
    """The row's request, ready to send: its arguments and data are made first, because
    some rows make records for it (a pending import) that the request did not write."""
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    data = row.data(world)
    return lambda: getattr(client, row.method)(url, data)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", MATRIX, ids=row_id)
def test_every_url_answers_each_persona_as_the_matrix_says(row, persona, world, client_for):
    send = prepared(client_for(persona), row, world)
    expected = row.expect[persona]
    # Only refusals are compared: a snapshot costs about a millisecond.
    before = snapshot() if expected in REFUSALS else None

    response = send()

    if expected == LOGIN:
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, (
            f"{row_id(row)} as {persona}: got {response.status_code}, expected {expected}"
        )
    if before is not None:
        changed = left_behind(before, response)
        assert changed == [], f"{row_id(row)} as {persona} was refused but changed: {changed}"


def test_every_row_has_an_expectation_for_every_persona():
    for row in MATRIX:
        assert set(row.expect) == set(PERSONAS), row_id(row)


def walk(patterns: list[Any], namespace: str = "") -> dict[str, Callable[..., Any]]:
    """Every URL name, with the view it resolves to."""
    views: dict[str, Callable[..., Any]] = {}
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin guards its own pages (staff only); one row checks it
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            views |= walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL {pattern.pattern} has no name, so no matrix row can name it"
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


VIEWS = walk(get_resolver().url_patterns)


def test_every_url_is_in_the_matrix():
    urls = set(VIEWS)
    covered = {row.url_name for row in MATRIX}

    assert urls - covered == set(), "URLs missing from the permission matrix"
    assert covered - urls - {"admin:index"} == set(), "matrix rows for URLs that do not exist"


# --- The matrix agrees with each view's own @role_required ----------------------------------


def declared(row: Row) -> str | None:
    """The persona of the role the row's view declares, or None for an undeclared view."""
    role = required_role(VIEWS[row.url_name]) if row.url_name in VIEWS else None
    return None if role is None else next(p for p in ROLES if ROLE_OF[p] == role)


def lowest_admitted(row: Row) -> str | None:
    """The lowest role that the row expects to succeed (2xx or 3xx), if any does."""
    return next(
        (p for p in ROLES if isinstance(row.expect[p], int) and 200 <= int(row.expect[p]) < 400),
        None,
    )


DECLARED_ROWS = [row for row in MATRIX if declared(row)]


@pytest.mark.parametrize("row", DECLARED_ROWS, ids=row_id)
def test_each_row_admits_the_role_its_view_declares(row):
    role = declared(row)
    below = ROLES[: ROLES.index(role)]
    assert {p: row.expect[p] for p in below} == dict.fromkeys(below, 403), (
        f"{row_id(row)}: the view requires {role}, so the roles below it are refused"
    )
    lowest = lowest_admitted(row)
    if lowest is not None and not row.record_rule:
        assert lowest == role, f"{row_id(row)}: the view requires {role}, the row admits {lowest}"


def test_every_declared_view_has_a_row_where_its_role_succeeds():
    """A view that refuses the roles below its own must be shown doing its work for that
    role, with the method it does it by (a POST row for an action that only takes POST)."""
    shown = {row.url_name for row in DECLARED_ROWS if lowest_admitted(row) == declared(row)}
    missing = {row.url_name for row in DECLARED_ROWS} - shown
    assert missing == set()


# A URL whose rows are all GETs must not act on a POST: a view that quietly took one would
# change data the matrix never checked. (Many such views simply render again; what counts
# is that nothing is written.)
POSTED = {row.url_name for row in MATRIX if row.method == "post"}
GET_ONLY = {row.url_name: row for row in reversed(MATRIX) if row.url_name not in POSTED}


@pytest.mark.parametrize("row", GET_ONLY.values(), ids=row_id)
def test_a_post_to_a_url_without_post_rows_changes_nothing(row, world, client_for):
    send = prepared(client_for("coordinator"), replace(row, method="post"), world)
    before = snapshot()

    response = send()

    assert left_behind(before, response) == [], f"{row.url_name} acted on a POST"


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
