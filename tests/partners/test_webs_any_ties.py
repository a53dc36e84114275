"""Webs of Connection between any two actors: organization-organization,
organization-partner and partner-partner ties, stored one way, drawn on the map, and
counted in the matrix of which types are tied to which."""

from __future__ import annotations

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ecosystem.models import Organization
from partners.models import Connection, Partner, Sector
from partners.webs.coverage import type_matrix
from partners.webs.graph import Edge, Node, Web, current_web
from tests.helpers import assert_queries_do_not_grow

K = Organization.Kind


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def partner(world, name, sector=Sector.HEALTH):
    return Partner.objects.create(ecosystem=world.ecosystem, name=name, sector=sector)


def record(client, world, first, other, kind="joint_program"):
    return client.post(
        url(world, "connection_create"),
        {"organization": first, "other_end": other, "kind": kind, "strength": 2},
    )


# --- The model -----------------------------------------------------------------------------------


def test_two_partners_can_be_tied_to_each_other(world):
    clinic = partner(world, "Lakeside Clinic")

    tie = Connection.objects.create(
        ecosystem=world.ecosystem, first_partner=world.partner, partner=clinic, kind="informal"
    )

    assert tie.between_partners
    assert (tie.first_end, tie.other_end) == (world.partner, clinic)
    assert str(tie) == "County Literacy Council — Lakeside Clinic (Informal)"


def test_a_tie_with_an_organization_always_stores_the_organization_first(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Connection.objects.create(
            ecosystem=world.ecosystem,
            first_partner=world.partner,
            other_organization=world.organization,
            kind="informal",
        )


def test_a_partner_cannot_be_tied_to_itself(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Connection.objects.create(
            ecosystem=world.ecosystem,
            first_partner=world.partner,
            partner=world.partner,
            kind="informal",
        )


def test_a_tie_needs_exactly_one_first_end(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Connection.objects.create(
            ecosystem=world.ecosystem,
            organization=world.organization,
            first_partner=world.partner,
            partner=partner(world, "Clinic"),
            kind="informal",
        )


# --- The form ------------------------------------------------------------------------------------


def test_an_editor_ties_two_partners(world, client_for):
    clinic = partner(world, "Lakeside Clinic")

    response = record(client_for("editor"), world, f"p{world.partner.pk}", f"p{clinic.pk}")

    assert response.status_code == 302
    tie = Connection.objects.get(first_partner=world.partner)
    assert (tie.organization, tie.partner, tie.kind) == (None, clinic, "joint_program")


def test_a_partner_chosen_first_and_an_organization_second_is_stored_organization_first(
    world, client_for
):
    clinic = partner(world, "Lakeside Clinic")

    record(client_for("editor"), world, f"p{clinic.pk}", f"o{world.organization.pk}")

    tie = Connection.objects.get(partner=clinic)
    assert (tie.organization, tie.first_partner) == (world.organization, None)


def test_the_same_tie_between_two_partners_is_refused_in_either_direction(world, client_for):
    clinic = partner(world, "Lakeside Clinic")
    client = client_for("editor")
    record(client, world, f"p{world.partner.pk}", f"p{clinic.pk}")

    response = record(client, world, f"p{clinic.pk}", f"p{world.partner.pk}")

    assert response.status_code == 422
    assert "already have a connection of this kind" in response.content.decode()
    assert Connection.objects.filter(first_partner__isnull=False).count() == 1


def test_a_partner_cannot_be_tied_to_itself_in_the_form(world, client_for):
    response = record(client_for("editor"), world, f"p{world.partner.pk}", f"p{world.partner.pk}")

    assert response.status_code == 422
    assert "cannot be connected with itself" in response.content.decode()


def test_another_ecosystems_partner_cannot_be_the_first_end(world, client_for):
    response = record(
        client_for("editor"), world, f"p{world.other_partner.pk}", f"p{world.partner.pk}"
    )

    assert response.status_code == 422
    assert not Connection.objects.filter(first_partner=world.other_partner).exists()


def test_editing_a_partner_tie_shows_both_ends_chosen(world, client_for):
    clinic = partner(world, "Lakeside Clinic")
    tie = Connection.objects.create(
        ecosystem=world.ecosystem, first_partner=world.partner, partner=clinic, kind="informal"
    )

    form = client_for("editor").get(url(world, "connection_update", pk=tie.pk)).context["form"]

    assert form.initial["organization"] == f"p{world.partner.pk}"
    assert form.initial["other_end"] == f"p{clinic.pk}"


# --- The web and the type matrix -----------------------------------------------------------------


def test_the_web_draws_ties_between_two_partners(world):
    clinic = partner(world, "Lakeside Clinic")
    Connection.objects.create(
        ecosystem=world.ecosystem, first_partner=world.partner, partner=clinic, kind="informal"
    )

    web = current_web(world.ecosystem)

    assert {node.name for node in web.partners} == {"County Literacy Council", "Lakeside Clinic"}
    assert Edge(f"p{world.partner.pk}", f"p{clinic.pk}", "informal", 2, None) in web.edges


def node(id, kind, sector=""):
    group = "partners" if kind == "partner" else "libraries"
    return Node(id=id, name=id, kind=kind, group=group, sector=sector)


def test_the_matrix_counts_ties_by_library_type_and_partner_sector():
    web = Web(
        nodes=[
            node("o1", K.PUBLIC_LIBRARY),
            node("o2", K.PUBLIC_LIBRARY),
            node("o3", K.ACADEMIC_LIBRARY),
            node("p1", "partner", Sector.HEALTH),
            node("p2", "partner", Sector.HEALTH),
            node("p3", "partner", Sector.BUSINESS),
        ],
        edges=[
            Edge("o1", "o2", "informal", 1, None),  # public-public
            Edge("o1", "o3", "informal", 1, None),  # public-academic
            Edge("o2", "o3", "funding", 1, None),  # public-academic
            Edge("o3", "p1", "informal", 1, None),  # academic-health
            Edge("p2", "p3", "informal", 1, None),  # health-business
        ],
    )

    matrix = type_matrix(web)

    assert [label for _key, label in matrix.columns] == [
        "Public library",
        "Academic library",
        "Partners: Business",
        "Partners: Health",
    ]
    assert matrix.organization_columns == 2
    assert matrix.count(K.PUBLIC_LIBRARY, K.PUBLIC_LIBRARY) == 1
    assert matrix.count(K.PUBLIC_LIBRARY, K.ACADEMIC_LIBRARY) == 2
    assert matrix.count(K.ACADEMIC_LIBRARY, K.PUBLIC_LIBRARY) == 2
    assert matrix.count(K.ACADEMIC_LIBRARY, "sector:health") == 1
    assert matrix.count(K.PUBLIC_LIBRARY, "sector:health") == 0
    # Partner sectors get rows only where partners are tied to each other.
    assert [row.key for row in matrix.rows] == [
        K.PUBLIC_LIBRARY,
        K.ACADEMIC_LIBRARY,
        "sector:business",
        "sector:health",
    ]
    assert matrix.count("sector:health", "sector:business") == 1
    assert [row.total for row in matrix.rows] == [3, 3, 1, 2]


def test_an_empty_web_has_an_empty_matrix():
    matrix = type_matrix(Web(nodes=[node("o1", K.PUBLIC_LIBRARY)], edges=[]))

    assert (matrix.columns, matrix.rows) == ([], [])


def test_a_snapshot_keeps_the_partners_sector_for_the_matrix(world):
    Connection.objects.create(
        ecosystem=world.ecosystem,
        first_partner=world.partner,
        partner=partner(world, "Clinic"),
        kind="informal",
    )
    web = current_web(world.ecosystem)

    again = Web.from_data(web.to_data())

    assert type_matrix(again) == type_matrix(web.without_links())


def test_the_page_shows_the_matrix_with_row_and_column_headers(world, client_for):
    clinic = partner(world, "Lakeside Clinic")
    Connection.objects.create(
        ecosystem=world.ecosystem, first_partner=world.partner, partner=clinic, kind="informal"
    )

    html = client_for("viewer").get(url(world, "webs")).content.decode()

    assert "Which types are tied to which" in html
    assert '<th scope="colgroup" colspan="1">Kinds of organization</th>' in html
    assert '<th scope="col" class="text-end">Partners: Nonprofit</th>' in html
    assert '<th scope="row">Public library</th>' in html
    assert '<th scope="row">Partners: Health</th>' in html
    # The tie between two partners is listed with both of them.
    assert (
        '<th scope="row" class="fw-normal">County Literacy Council <span class="badge '
        'text-bg-light border">partner</span></th>'
    ) in html


def test_the_csv_lists_a_tie_between_two_partners(world, client_for):
    clinic = partner(world, "Lakeside Clinic")
    Connection.objects.create(
        ecosystem=world.ecosystem, first_partner=world.partner, partner=clinic, kind="informal"
    )

    response = client_for("viewer").get(url(world, "connection_export"))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "County Literacy Council,Community partner,Lakeside Clinic,Partner,Informal" in body


def _grow_all_kinds(world):
    def grow(count):
        start = Organization.objects.count()
        for number in range(count):
            organization = Organization.objects.create(
                ecosystem=world.ecosystem,
                name=f"Library {start + number}",
                kind=list(K)[number % len(K)],
            )
            one = Partner.objects.create(
                ecosystem=world.ecosystem,
                name=f"Friend {start + number}",
                sector=list(Sector)[number % len(Sector)],
            )
            Connection.objects.create(
                ecosystem=world.ecosystem,
                organization=organization,
                other_organization=world.organization,
                kind="informal",
            )
            Connection.objects.create(
                ecosystem=world.ecosystem, organization=organization, partner=one, kind="funding"
            )
            Connection.objects.create(
                ecosystem=world.ecosystem, first_partner=one, partner=world.partner, kind="informal"
            )

    return grow


@pytest.mark.parametrize("name", ["webs", "webs_pdf", "connection_export"])
def test_the_web_pages_cost_the_same_queries_with_ties_of_every_kind(world, client_for, name):
    assert_queries_do_not_grow(
        client_for("viewer"), url(world, name), _grow_all_kinds(world), 3, 20
    )


def test_a_concurrent_edit_lists_only_what_really_differs(world, client_for):
    connection = world.connection
    edit = url(world, "connection_update", pk=connection.pk)
    data = {
        "organization": f"o{world.organization.pk}",
        "other_end": f"p{world.partner.pk}",
        "kind": "joint_program",
        "version": connection.version,
    }
    client_for("editor").post(edit, {**data, "strength": 3})

    second = client_for("coordinator").post(edit, {**data, "strength": 1})

    assert [label for label, _theirs, _yours in second.context["form"].conflicts] == ["Strength"]


def test_the_printed_map_has_the_type_matrix_and_the_partner_ties(world, client_for):
    from pypdf import PdfReader

    clinic = partner(world, "Lakeside Clinic")
    Connection.objects.create(
        ecosystem=world.ecosystem, first_partner=world.partner, partner=clinic, kind="informal"
    )

    response = client_for("viewer").get(url(world, "webs_pdf"))

    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Which types are tied to which" in text
    assert "Partners: Health" in text
    assert "County Literacy Council (partner)" in text
