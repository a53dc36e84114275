"""Site administrators look up and fix connections in the admin; snapshots are read-only."""

from __future__ import annotations

from django.urls import reverse

from partners.models import Connection


def test_the_list_shows_both_ends_of_every_connection(admin_client, world):
    page = admin_client.get(reverse("admin:partners_connection_changelist")).content.decode()

    assert "Central Public Library" in page
    assert "County Literacy Council" in page
    assert "Other Town Rotary Club" in page


def test_an_end_from_another_ecosystem_is_refused(admin_client, world):
    connection = world.connection
    response = admin_client.post(
        reverse("admin:partners_connection_change", args=[connection.pk]),
        {
            "ecosystem": world.ecosystem.pk,
            "organization": world.organization.pk,
            "partner": world.other_partner.pk,
            "kind": "funding",
            "strength": 2,
        },
    )

    assert response.status_code == 200
    assert "Choose one of the ecosystem" in response.content.decode()
    connection.refresh_from_db()
    assert connection.partner == world.partner


def test_a_connection_needs_exactly_one_other_end(admin_client, world):
    response = admin_client.post(
        reverse("admin:partners_connection_add"),
        {
            "ecosystem": world.ecosystem.pk,
            "organization": world.organization.pk,
            "kind": "funding",
            "strength": 2,
        },
    )

    assert "either the connected organization or the partner" in response.content.decode()
    assert Connection.objects.for_ecosystem(world.ecosystem).count() == 1


def test_snapshots_can_be_read_but_not_added(admin_client, world):
    changelist = admin_client.get(reverse("admin:partners_websnapshot_changelist"))

    assert changelist.status_code == 200
    assert admin_client.get(reverse("admin:partners_websnapshot_add")).status_code == 403
