"""Guards over every page: one <h1>, the shared layout, no external assets, migrations."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.test_permissions import MATRIX, Row, row_id
from tests.world import PERSONAS

GET_ROWS = [row for row in MATRIX if row.method == "get"]


def html_pages(row: Row) -> list[str]:
    """Personas for whom this URL answers with a page: a result, a refusal or a not-found."""
    return [p for p in PERSONAS if row.expect[p] in (200, 403, 404)]


@pytest.mark.parametrize("row", GET_ROWS, ids=row_id)
def test_every_page_has_exactly_one_h1(row, world, client_for):
    for persona in html_pages(row):
        response = client_for(persona).get(reverse(row.url_name, kwargs=row.kwargs(world)))
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()

        assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{row_id(row)} as {persona}"


def test_pages_share_the_layout_with_a_skip_link_and_a_main_landmark(client_for, world):
    html = client_for("viewer").get(reverse("ecosystem:home", args=[world.slug])).content.decode()

    assert '<a class="skip-link visually-hidden-focusable" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav class="navbar' in html
    assert "<footer" in html
    assert 'lang="en' in html


def test_pages_load_assets_only_from_the_app_itself(client_for, world):
    html = client_for("viewer").get(reverse("ecosystem:home", args=[world.slug])).content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sources, "the page loads its styles and scripts"
    assert all(src.startswith("/static/") for src in sources), sources
    assert "/static/bootstrap/css/bootstrap.min.css" in sources
    assert any("htmx" in src for src in sources)


def test_pages_send_a_strict_content_security_policy(client_for, world):
    response = client_for("viewer").get(reverse("ecosystem:home", args=[world.slug]))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_model_change_is_missing_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:  # --check exits with 1 when a migration is missing
        pytest.fail(f"makemigrations --check failed ({exit.code}):\n{out.getvalue()}")
