"""Webs of Connection pages: recording, changing and removing ties, the checklist, the
printed map, the CSV, yearly snapshots and the comparison of two years."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ecosystem.models import Organization
from partners.models import Connection, Partner, WebSnapshot
from tests.helpers import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


@pytest.fixture
def university(world):
    return Organization.objects.create(
        ecosystem=world.ecosystem,
        name="Hillside University Library",
        kind=Organization.Kind.ACADEMIC_LIBRARY,
    )


def connect(world, organization, other=None, partner=None, kind="joint_program", strength=2):
    return Connection.objects.create(
        ecosystem=world.ecosystem,
        organization=organization,
        other_organization=other,
        partner=partner,
        kind=kind,
        strength=strength,
    )


def test_an_editor_records_a_connection_between_two_organizations(world, client_for, university):
    response = client_for("editor").post(
        url(world, "connection_create"),
        {
            "organization": university.pk,
            "other_end": f"o{world.organization.pk}",
            "kind": "shared_members",
            "strength": 3,
            "since": "2024-02-01",
            "notes": "Two trustees sit on both boards",
        },
    )

    assert response.status_code == 302
    connection = Connection.objects.get(organization=university)
    assert connection.other_organization == world.organization
    assert connection.partner is None
    assert connection.ecosystem == world.ecosystem
    assert connection.created_by == world.users["editor"]
    assert (connection.kind, connection.strength, connection.since) == (
        "shared_members",
        3,
        date(2024, 2, 1),
    )


def test_the_same_tie_cannot_be_recorded_twice_in_either_direction(world, client_for, university):
    connect(world, university, other=world.organization, kind="funding")

    response = client_for("editor").post(
        url(world, "connection_create"),
        {
            "organization": world.organization.pk,
            "other_end": f"o{university.pk}",
            "kind": "funding",
            "strength": 2,
            "notes": "typed before noticing",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "These two already have a connection of this kind." in page
    assert "typed before noticing" in page
    assert Connection.objects.filter(organization=world.organization, kind="funding").count() == 0


def test_a_second_kind_of_tie_between_the_same_two_is_welcome(world, client_for, university):
    connect(world, university, other=world.organization, kind="funding")

    response = client_for("editor").post(
        url(world, "connection_create"),
        {
            "organization": world.organization.pk,
            "other_end": f"o{university.pk}",
            "kind": "joint_program",
            "strength": 2,
        },
    )

    assert response.status_code == 302


def test_an_organization_cannot_be_connected_with_itself(world, client_for):
    response = client_for("editor").post(
        url(world, "connection_create"),
        {
            "organization": world.organization.pk,
            "other_end": f"o{world.organization.pk}",
            "kind": "informal",
            "strength": 1,
        },
    )

    assert response.status_code == 422
    assert "cannot be connected with itself" in response.content.decode()


def test_another_ecosystems_organizations_and_partners_cannot_be_connected(world, client_for):
    for other_end in (f"o{world.other_organization.pk}", f"p{world.other_partner.pk}"):
        response = client_for("editor").post(
            url(world, "connection_create"),
            {
                "organization": world.organization.pk,
                "other_end": other_end,
                "kind": "informal",
                "strength": 1,
            },
        )
        assert response.status_code == 422
        assert "Choose among this ecosystem" in response.content.decode()
    response = client_for("editor").post(
        url(world, "connection_create"),
        {
            "organization": world.other_organization.pk,
            "other_end": f"p{world.partner.pk}",
            "kind": "informal",
            "strength": 1,
        },
    )
    assert response.status_code == 422
    assert Connection.objects.for_ecosystem(world.ecosystem).count() == 1


def test_two_people_changing_one_connection_never_overwrite_each_other(world, client_for):
    connection = world.connection
    data = {
        "organization": world.organization.pk,
        "other_end": f"p{world.partner.pk}",
        "kind": "joint_program",
        "version": connection.version,
    }
    first = client_for("editor").post(
        url(world, "connection_update", pk=connection.pk), {**data, "strength": 3}
    )
    second = client_for("coordinator").post(
        url(world, "connection_update", pk=connection.pk), {**data, "strength": 1}
    )

    assert first.status_code == 302
    assert second.status_code == 422
    assert "Someone else saved this while you were editing" in second.content.decode()
    connection.refresh_from_db()
    assert connection.strength == 3


def test_removing_a_connection_leaves_earlier_snapshots_as_they_were(world, client_for):
    year = timezone.localdate().year
    client_for("editor").post(url(world, "web_snapshot_create"))

    client_for("editor").post(url(world, "connection_delete", pk=world.connection.pk))

    assert not Connection.objects.for_ecosystem(world.ecosystem).exists()
    snapshot = WebSnapshot.objects.get(ecosystem=world.ecosystem, year=year)
    assert len(snapshot.data["edges"]) == 1


def test_taking_this_years_snapshot_again_replaces_it(world, client_for, university):
    client = client_for("editor")
    client.post(url(world, "web_snapshot_create"))
    connect(world, university, other=world.organization)

    client.post(url(world, "web_snapshot_create"))

    snapshots = WebSnapshot.objects.for_ecosystem(world.ecosystem).filter(
        year=timezone.localdate().year
    )
    assert snapshots.count() == 1
    assert len(snapshots.get().data["edges"]) == 2


def test_the_page_shows_the_coverage_gap_and_closes_it_when_a_tie_is_recorded(
    world, client_for, university
):
    client = client_for("viewer")
    page = client.get(url(world, "webs")).content.decode()
    assert "Hillside University Library" in page
    assert "Present, not connected" in page
    assert "1 organization has no connection yet" in page

    connect(world, university, other=world.organization)

    page = client.get(url(world, "webs")).content.decode()
    assert "Present, not connected" not in page
    assert "has no connection yet" not in page


def test_viewers_see_the_web_but_no_editing_buttons(world, client_for):
    page = client_for("viewer").get(url(world, "webs")).content.decode()

    assert "County Literacy Council" in page
    assert url(world, "connection_create") not in page
    assert url(world, "connection_update", pk=world.connection.pk) not in page
    assert url(world, "web_snapshot_create") not in page


def test_the_printed_map_lists_every_tie_and_the_checklist(world, client_for, university):
    connect(world, university, partner=world.partner, kind="funding", strength=3)

    response = client_for("viewer").get(url(world, "webs_pdf"))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Hillside University Library" in text
    assert "Funding" in text
    assert "Academic library" in text
    assert "Tribal library" in text  # missing kinds are on the checklist too


def test_the_csv_lists_every_connection_and_neutralizes_formulas(world, client_for):
    Partner.objects.filter(pk=world.partner.pk).update(name="=HYPERLINK(evil)")

    response = client_for("viewer").get(url(world, "connection_export"))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("One side,Kind of organization,Connected with")
    assert (
        "Central Public Library,Public library,'=HYPERLINK(evil),Partner,Joint program,2"
        in (lines[1])
    )


def test_comparing_a_snapshot_with_today_shows_what_grew(world, client_for, university):
    client = client_for("editor")
    WebSnapshot.objects.filter(ecosystem=world.ecosystem).delete()
    client.post(url(world, "web_snapshot_create"))
    WebSnapshot.objects.filter(ecosystem=world.ecosystem).update(year=2020)
    connect(world, university, other=world.organization, kind="shared_members", strength=3)

    page = client.get(url(world, "web_compare") + "?before=2020&after=now").content.decode()

    assert "1 new connection" in page
    assert "Hillside University Library — Central Public Library" in page or (
        "Central Public Library — Hillside University Library" in page
    )
    assert "Academic library" in page  # its coverage changed from missing to connected


def test_comparing_a_year_with_itself_is_refused_with_a_reason(world, client_for):
    year = timezone.localdate().year - 1
    response = client_for("viewer").get(url(world, "web_compare") + f"?before={year}&after={year}")

    assert response.status_code == 400
    assert "Choose two different years to compare." in response.content.decode()


def _grow_web(world):
    def grow(count):
        start = Organization.objects.count()
        for number in range(count):
            organization = Organization.objects.create(
                ecosystem=world.ecosystem,
                name=f"Branch {start + number}",
                kind=list(Organization.Kind)[number % len(Organization.Kind)],
            )
            partner = Partner.objects.create(
                ecosystem=world.ecosystem, name=f"Partner {start + number}", sector="media"
            )
            connect(world, organization, other=world.organization)
            connect(world, organization, partner=partner, kind="funding")

    return grow


@pytest.mark.parametrize("name", ["webs", "webs_pdf", "connection_export"])
def test_the_web_pages_cost_the_same_queries_however_big_the_web(world, client_for, name):
    assert_queries_do_not_grow(client_for("viewer"), url(world, name), _grow_web(world), 2, 12)


def test_the_comparison_costs_the_same_queries_however_big_the_web(world, client_for):
    year = timezone.localdate().year - 1
    assert_queries_do_not_grow(
        client_for("viewer"),
        url(world, "web_compare") + f"?before={year}&after=now",
        _grow_web(world),
        2,
        12,
    )
