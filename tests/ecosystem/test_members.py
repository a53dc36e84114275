from __future__ import annotations

import csv
import io

from django.urls import reverse

from ecosystem.models import Membership, Role


def url(world, name, **kwargs):
    return reverse(f"ecosystem:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def test_every_member_sees_who_is_in_the_ecosystem(world, client_for):
    html = client_for("viewer").get(url(world, "member_list")).content.decode()

    for persona in ("viewer", "contributor", "editor", "coordinator"):
        assert f"{persona}@world.example" in html
    assert "outsider@world.example" not in html


def test_only_coordinators_see_open_invitations_and_member_actions(world, client_for):
    as_editor = client_for("editor").get(url(world, "member_list")).content.decode()
    as_coordinator = client_for("coordinator").get(url(world, "member_list")).content.decode()

    assert "newcomer@world.example" not in as_editor
    assert "Invite someone" not in as_editor
    assert "newcomer@world.example" in as_coordinator
    assert "Invite someone" in as_coordinator


def test_a_coordinator_changes_a_role_and_the_organization_represented(world, client_for):
    member = world.memberships["contributor"]

    response = client_for("coordinator").post(
        url(world, "member_update", pk=member.pk),
        {"role": Role.EDITOR, "organization": world.organization.pk},
    )

    member.refresh_from_db()
    assert response.status_code == 302
    assert (member.role, member.organization) == (Role.EDITOR, world.organization)


def test_an_organization_from_another_ecosystem_cannot_be_chosen(world, client_for):
    member = world.memberships["contributor"]

    response = client_for("coordinator").post(
        url(world, "member_update", pk=member.pk),
        {"role": Role.CONTRIBUTOR, "organization": world.other_organization.pk},
    )

    member.refresh_from_db()
    assert "organization" in response.context["form"].errors
    assert member.organization == world.organization, "unchanged"


def test_the_last_coordinator_cannot_step_down(world, client_for):
    coordinator = world.memberships["coordinator"]

    response = client_for("coordinator").post(
        url(world, "member_update", pk=coordinator.pk), {"role": Role.EDITOR}
    )

    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR
    assert "always needs at least one coordinator" in response.context["form"].errors["role"][0]


def test_the_last_coordinator_cannot_be_removed(world, client_for):
    coordinator = world.memberships["coordinator"]

    response = client_for("coordinator").post(url(world, "member_remove", pk=coordinator.pk))

    assert response.status_code == 409
    assert "always needs at least one coordinator" in response.content.decode()
    assert Membership.objects.filter(pk=coordinator.pk).exists()


def test_a_coordinator_may_leave_when_another_coordinator_remains(world, client_for):
    Membership.objects.filter(pk=world.memberships["editor"].pk).update(role=Role.COORDINATOR)
    coordinator = world.memberships["coordinator"]

    response = client_for("coordinator").post(url(world, "member_remove", pk=coordinator.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("ecosystem_choose")
    assert not Membership.objects.filter(pk=coordinator.pk).exists()


def test_a_removed_member_can_no_longer_open_the_ecosystem(world, client_for):
    viewer = world.memberships["viewer"]
    client_for("coordinator").post(url(world, "member_remove", pk=viewer.pk))

    response = client_for("viewer").get(url(world, "home"))

    assert response.status_code == 404


def test_the_member_export_lists_names_roles_and_organizations(world, client_for):
    Membership.objects.filter(pk=world.memberships["editor"].pk).update(
        organization=world.organization
    )

    response = client_for("viewer").get(url(world, "member_export"))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row[1]: row for row in csv.reader(io.StringIO(text))}
    assert rows["editor@world.example"][2:4] == ["Editor", "Central Public Library"]
    assert "outsider@world.example" not in rows


def test_the_remove_page_says_upfront_that_the_last_coordinator_cannot_go(world, client_for):
    coordinator = world.memberships["coordinator"]

    response = client_for("coordinator").get(url(world, "member_remove", pk=coordinator.pk))

    html = response.content.decode()
    assert "always needs at least one coordinator" in html
    assert "Leave the ecosystem" not in html


def test_the_member_list_filters_by_role_and_searches_names_and_emails(world, client_for):
    client = client_for("viewer")

    editors = client.get(url(world, "member_list"), {"role": Role.EDITOR})
    found = client.get(url(world, "member_list"), {"q": "CONTRIBUTOR@"})

    assert [m.user.email for m in editors.context["page"]] == ["editor@world.example"]
    assert [m.user.email for m in found.context["page"]] == ["contributor@world.example"]


def test_the_member_export_follows_the_filter(world, client_for):
    response = client_for("viewer").get(url(world, "member_export"), {"role": Role.VIEWER})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row[1] for row in csv.reader(io.StringIO(text))][1:] == ["viewer@world.example"]
