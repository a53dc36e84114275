from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from ecosystem.models import Membership, Organization, User

Kind = Organization.Kind


def url(world, name, **kwargs):
    return reverse(f"ecosystem:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def libraries(world):
    names = [
        ("Alder Public Library", Kind.PUBLIC_LIBRARY, "Springfield"),
        ("Birch University Library", Kind.ACADEMIC_LIBRARY, "Shelbyville"),
        ("Cedar Friends Group", Kind.FRIENDS, "Springfield"),
    ]
    return [
        Organization.objects.create(ecosystem=world.ecosystem, name=n, kind=k, city=c)
        for n, k, c in names
    ]


# --- Listing -----------------------------------------------------------------------------


def test_the_list_shows_only_this_ecosystems_organizations(world, client_for, libraries):
    response = client_for("viewer").get(url(world, "organization_list"))

    names = [org.name for org in response.context["page"]]
    assert names == [
        "Alder Public Library",
        "Birch University Library",
        "Cedar Friends Group",
        "Central Public Library",
    ]
    assert world.other_organization.name not in response.content.decode()


def test_the_list_filters_by_kind(world, client_for, libraries):
    response = client_for("viewer").get(url(world, "organization_list"), {"kind": "friends"})

    assert [org.name for org in response.context["page"]] == ["Cedar Friends Group"]


def test_the_list_searches_names_and_towns(world, client_for, libraries):
    client = client_for("viewer")

    by_town = client.get(url(world, "organization_list"), {"q": "springfield"})
    by_name = client.get(url(world, "organization_list"), {"q": "birch"})

    assert [o.name for o in by_town.context["page"]] == [
        "Alder Public Library",
        "Cedar Friends Group",
    ]
    assert [o.name for o in by_name.context["page"]] == ["Birch University Library"]


def test_the_list_is_paginated_and_keeps_the_filter_in_page_links(world, client_for):
    Organization.objects.bulk_create(
        Organization(ecosystem=world.ecosystem, name=f"Branch {i:02}", kind=Kind.PUBLIC_LIBRARY)
        for i in range(30)
    )

    response = client_for("viewer").get(url(world, "organization_list"), {"kind": "public_library"})

    assert len(response.context["page"]) == 25
    assert response.context["page"].paginator.count == 31
    assert "?kind=public_library&amp;page=2" in response.content.decode()


def test_htmx_filtering_returns_only_the_results(world, client_for, libraries):
    response = client_for("viewer").get(
        url(world, "organization_list"), {"q": "alder"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert "Alder Public Library" in html
    assert "<html" not in html
    assert "Birch" not in html
    assert "HX-Request" in response["Vary"]


def test_an_unknown_kind_in_the_address_shows_an_empty_filter_instead_of_failing(
    world, client_for, libraries
):
    response = client_for("viewer").get(url(world, "organization_list"), {"kind": "spaceport"})

    assert response.status_code == 200


def test_the_csv_export_has_every_organization_matching_the_filter(world, client_for, libraries):
    response = client_for("viewer").get(url(world, "organization_export"), {"q": "springfield"})

    rows = csv_rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert rows[0][:3] == ["Name", "Kind", "City or town"]
    assert [row[0] for row in rows[1:]] == ["Alder Public Library", "Cedar Friends Group"]
    assert rows[1][1] == "Public library"


def test_the_csv_export_neutralises_text_a_spreadsheet_would_run_as_a_formula(world, client_for):
    Organization.objects.create(
        ecosystem=world.ecosystem, name='=HYPERLINK("http://evil")', kind=Kind.OTHER
    )

    rows = csv_rows(client_for("viewer").get(url(world, "organization_export")))

    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ['\'=HYPERLINK("http://evil")']


# --- Adding and editing ------------------------------------------------------------------


def test_an_editor_adds_an_organization(world, client_for):
    response = client_for("editor").post(
        url(world, "organization_create"),
        {
            "name": "  Delta   Tribal Library ",
            "kind": "tribal_library",
            "website": "delta.example.org",
        },
    )

    org = Organization.objects.get(name="Delta Tribal Library")
    assert response.status_code == 302
    assert response["Location"] == url(world, "organization_detail", pk=org.pk)
    assert org.ecosystem == world.ecosystem
    assert org.website == "https://delta.example.org"
    assert org.history.first().history_user == world.users["editor"]


def test_a_duplicate_name_is_refused_next_to_the_field_and_keeps_what_was_typed(world, client_for):
    response = client_for("editor").post(
        url(world, "organization_create"),
        {"name": "central public LIBRARY", "kind": "public_library", "notes": "Typed with care"},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert "already in this ecosystem" in form.errors["name"][0]
    html = response.content.decode()
    assert 'value="central public LIBRARY"' in html
    assert "Typed with care" in html
    assert Organization.objects.filter(ecosystem=world.ecosystem).count() == 1


def test_the_same_name_may_exist_in_another_ecosystem(world, client_for):
    response = client_for("editor").post(
        url(world, "organization_create"), {"name": world.other_organization.name, "kind": "other"}
    )

    assert response.status_code == 302


def test_missing_and_invalid_fields_are_explained_and_nothing_is_saved(world, client_for):
    response = client_for("editor").post(
        url(world, "organization_create"),
        {"name": "", "kind": "", "contact_email": "not-an-email", "city": "Keep me"},
    )

    errors = response.context["form"].errors
    assert set(errors) == {"name", "kind", "contact_email"}
    html = response.content.decode()
    assert "Please check the form" in html
    assert 'value="Keep me"' in html
    assert 'aria-invalid="true"' in html
    assert Organization.objects.filter(ecosystem=world.ecosystem).count() == 1


def test_an_editor_changes_an_organization(world, client_for):
    org = world.organization

    response = client_for("editor").post(
        url(world, "organization_update", pk=org.pk),
        {"name": "Central Library", "kind": "public_library", "version": org.version},
    )

    org.refresh_from_db()
    assert response.status_code == 302
    assert org.name == "Central Library"
    assert org.version == 2


def test_an_edit_based_on_an_old_version_is_not_saved_and_shows_both_versions(world, client_for):
    org = world.organization
    started_from = org.version
    # Someone else saves first.
    org.city = "Their Town"
    org.version += 1
    org.save()

    response = client_for("editor").post(
        url(world, "organization_update", pk=org.pk),
        {"name": "My Name", "kind": "public_library", "city": "My Town", "version": started_from},
    )

    org.refresh_from_db()
    assert response.status_code == 200
    assert (org.name, org.city) == ("Central Public Library", "Their Town")
    html = response.content.decode()
    assert "Someone else saved this while you were editing" in html
    assert ("City or town", "Their Town", "My Town") in response.context["form"].conflicts
    assert 'value="My Town"' in html
    # The form now carries the latest version: saving again keeps the user's changes.
    assert f'name="version" value="{org.version}"' in html


def test_saving_again_after_a_conflict_keeps_your_changes(world, client_for):
    org = world.organization
    client = client_for("editor")
    data = {"name": "My Name", "kind": "public_library", "version": org.version}
    Organization.objects.filter(pk=org.pk).update(version=org.version + 1)

    first = client.post(url(world, "organization_update", pk=org.pk), data)
    second = client.post(
        url(world, "organization_update", pk=org.pk), data | {"version": org.version + 1}
    )

    org.refresh_from_db()
    assert first.status_code == 200
    assert second.status_code == 302
    assert org.name == "My Name"


def test_the_edit_page_heading_keeps_the_saved_name_while_the_form_has_errors(world, client_for):
    org = world.organization

    response = client_for("editor").post(
        url(world, "organization_update", pk=org.pk), {"name": "", "kind": "public_library"}
    )

    assert "<h1>Edit Central Public Library</h1>" in response.content.decode()


# --- Details and removal -----------------------------------------------------------------


def test_the_detail_page_shows_who_represents_the_organization(world, client_for):
    Membership.objects.filter(pk=world.memberships["contributor"].pk).update(
        organization=world.organization
    )

    response = client_for("viewer").get(url(world, "organization_detail", pk=world.organization.pk))

    assert "Contributor Person" in response.content.decode()


def test_removing_an_organization_keeps_its_representatives_as_members(world, client_for):
    contributor = world.memberships["contributor"]
    Membership.objects.filter(pk=contributor.pk).update(organization=world.organization)

    response = client_for("editor").post(
        url(world, "organization_delete", pk=world.organization.pk)
    )

    contributor.refresh_from_db()
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=world.organization.pk).exists()
    assert contributor.organization is None


def test_output_is_escaped(world, client_for):
    Organization.objects.filter(pk=world.organization.pk).update(
        name="<script>alert(1)</script>", notes="<b>bold</b>"
    )

    html = (
        client_for("viewer")
        .get(url(world, "organization_detail", pk=world.organization.pk))
        .content.decode()
    )

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_a_site_administrator_opens_an_organization_in_the_admin(client, world):
    admin = User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")
    client.force_login(admin)

    response = client.get(
        reverse("admin:ecosystem_organization_change", args=[world.organization.pk])
    )

    assert response.status_code == 200
    assert world.organization.name in response.content.decode()
