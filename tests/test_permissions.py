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
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import LOGIN, Row, all_rows
from tests.side_effects import left_behind, snapshot
from tests.world import PERSONAS, World

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
        "accounts:sessions_end_others",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:two_factor_recovery_codes",
        "accounts:two_factor_disable",
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
