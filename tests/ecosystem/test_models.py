from __future__ import annotations

import pytest
from django.db import IntegrityError

from ecosystem.models import Membership, Organization, Role, User


def test_roles_are_ordered_from_viewer_to_coordinator():
    assert Role.VIEWER < Role.CONTRIBUTOR < Role.EDITOR < Role.COORDINATOR


@pytest.mark.parametrize(
    ("role", "contribute", "edit", "coordinate"),
    [
        (Role.VIEWER, False, False, False),
        (Role.CONTRIBUTOR, True, False, False),
        (Role.EDITOR, True, True, False),
        (Role.COORDINATOR, True, True, True),
    ],
)
def test_each_role_can_do_what_the_roles_below_it_can(role, contribute, edit, coordinate):
    membership = Membership(role=role)

    assert (membership.can_contribute, membership.can_edit, membership.is_coordinator) == (
        contribute,
        edit,
        coordinate,
    )


def test_email_addresses_are_stored_in_one_spelling(db):
    user = User.objects.create_user(email=" Ann@Library.ORG ", password="x")

    assert user.email == "ann@library.org"
    assert User.objects.get_by_natural_key("ANN@library.org") == user


def test_organization_names_are_unique_within_an_ecosystem_whatever_the_case(world):
    with pytest.raises(IntegrityError):
        Organization.objects.create(
            ecosystem=world.ecosystem, name="CENTRAL public library", kind="other"
        )


def test_a_person_has_one_membership_per_ecosystem(world):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=world.users["viewer"], ecosystem=world.ecosystem)


def test_every_kind_of_library_and_library_organization_is_offered():
    kinds = {str(label) for _, label in Organization.Kind.choices}

    for expected in [
        "Public library",
        "Academic library",
        "School library",
        "Special library",
        "Tribal library",
        "State library",
        "Library system",
        "Library consortium",
        "State library agency",
        "State library association",
        "Association chapter or division",
        "School library association",
        "ACRL chapter",
        "PLA chapter",
        "Friends of the library group",
        "Library trustees or board",
        "Library foundation",
        "Library and information science school",
        "Library vendor",
        "Literacy organization",
    ]:
        assert expected in kinds


def test_every_kind_belongs_to_exactly_one_group():
    grouped = [kind for _, kinds in Organization.KIND_GROUPS for kind in kinds]

    assert sorted(grouped) == sorted(Organization.Kind)
