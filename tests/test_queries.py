"""Every list, dashboard and PDF costs the same number of queries for 5 rows as for 50."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecosystem.models import Ecosystem, Membership, Organization, Role, User
from tests.helpers import assert_queries_do_not_grow


@pytest.fixture
def add_organizations(world):
    def add(count: int) -> None:
        start = Organization.objects.count()
        orgs = Organization.objects.bulk_create(
            Organization(
                ecosystem=world.ecosystem,
                name=f"Library {start + i}",
                kind=Organization.Kind.PUBLIC_LIBRARY if i % 2 else Organization.Kind.FRIENDS,
            )
            for i in range(count)
        )
        # Some of them represented by a member, so the per-row member lookups are exercised.
        for org in orgs[::5]:
            user = User.objects.create_user(email=f"rep-{org.name}@example.org".replace(" ", ""))
            Membership.objects.create(user=user, ecosystem=world.ecosystem, organization=org)

    return add


@pytest.fixture
def add_members(world):
    def add(count: int) -> None:
        start = User.objects.count()
        for i in range(count):
            user = User.objects.create_user(email=f"member{start + i}@example.org")
            Membership.objects.create(
                user=user,
                ecosystem=world.ecosystem,
                role=Role.CONTRIBUTOR,
                organization=world.organization if i % 2 else None,
            )

    return add


@pytest.mark.parametrize(
    "url_name",
    [
        "ecosystem:organization_list",
        "ecosystem:organization_export",
        "ecosystem:organization_roster_pdf",
        "ecosystem:home",
    ],
)
def test_organization_pages_make_the_same_queries_for_5_or_50_organizations(
    url_name, world, client_for, add_organizations
):
    client = client_for("viewer")
    url = reverse(url_name, args=[world.slug])

    assert_queries_do_not_grow(client, url, add_organizations)


@pytest.mark.parametrize("url_name", ["ecosystem:member_list", "ecosystem:member_export"])
def test_member_pages_make_the_same_queries_for_5_or_50_members(
    url_name, world, client_for, add_members
):
    client = client_for("coordinator")
    url = reverse(url_name, args=[world.slug])

    assert_queries_do_not_grow(client, url, add_members)


def test_the_organization_list_stays_within_a_small_fixed_number_of_queries(
    world, client_for, add_organizations, django_assert_max_num_queries
):
    add_organizations(50)
    client = client_for("viewer")
    url = reverse("ecosystem:organization_list", args=[world.slug])
    client.get(url)

    # session, user, membership+ecosystem, count, page of rows
    with django_assert_max_num_queries(6):
        client.get(url)


def test_choosing_an_ecosystem_costs_the_same_for_2_or_10_ecosystems(world, client_for):
    viewer = world.users["viewer"]

    def join_more(count: int) -> None:
        start = Ecosystem.objects.count()
        for i in range(count):
            ecosystem = Ecosystem.objects.create(name=f"Region {start + i}", slug=f"r{start + i}")
            Membership.objects.create(user=viewer, ecosystem=ecosystem)

    assert_queries_do_not_grow(
        client_for("viewer"), reverse("ecosystem_choose"), join_more, small=2, large=10
    )
