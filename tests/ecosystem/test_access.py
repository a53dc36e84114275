"""The access rails: how ecosystems and roles are resolved and enforced."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from ecosystem.access import role_required
from ecosystem.models import Role


def without_csrf_tokens(html: bytes) -> str:
    # Each response masks the CSRF token differently; nothing else may differ.
    return re.sub(r'"(X-CSRFToken|csrfmiddlewaretoken)"(: | value=)"[^"]+"', "", html.decode())


def test_a_missing_ecosystem_and_a_foreign_one_look_exactly_the_same(world, client_for):
    client = client_for("viewer")

    foreign = client.get(reverse("ecosystem:home", args=[world.other.slug]))
    missing = client.get(reverse("ecosystem:home", args=["no-such-place"]))

    assert foreign.status_code == missing.status_code == 404
    assert without_csrf_tokens(foreign.content) == without_csrf_tokens(missing.content)


def test_a_non_member_following_a_link_gets_advice_not_a_bare_error(world, client_for):
    response = client_for("outsider").get(reverse("ecosystem:home", args=[world.slug]))

    html = response.content.decode()
    assert "not a member of" in html
    assert "outsider@world.example" in html


def test_too_little_role_explains_which_role_is_needed(world, client_for):
    response = client_for("viewer").get(reverse("ecosystem:organization_create", args=[world.slug]))

    html = response.content.decode()
    assert response.status_code == 403
    assert "You are a Viewer in Test State Ecosystem" in html
    assert "Editor role or higher" in html


def test_the_ecosystem_is_resolved_with_one_query(world, client_for, django_assert_num_queries):
    client = client_for("viewer")
    url = reverse("ecosystem:member_list", args=[world.slug])
    client.get(url)

    # session, user, membership joined with its ecosystem, member count, member page
    with django_assert_num_queries(5) as captured:
        client.get(url)
    assert sum("ecosystem_ecosystem" in q["sql"] for q in captured.captured_queries) == 1


def test_role_required_refuses_to_guard_a_view_outside_an_ecosystem():
    @role_required(Role.EDITOR)
    def view(request):
        raise AssertionError("never reached")

    with pytest.raises(ImproperlyConfigured):
        view(RequestFactory().get("/"))


def test_the_home_page_tells_members_their_role_and_what_it_allows(world, client_for):
    html = client_for("editor").get(reverse("ecosystem:home", args=[world.slug])).content.decode()

    assert "You are a <strong>Editor</strong>" in html
    assert "Can fill in worksheets and keep organization and partner records" in html
