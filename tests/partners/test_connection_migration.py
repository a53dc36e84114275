"""The migration that lets a tie join any two actors keeps every tie recorded before it:
organization-organization and organization-partner ties come through unchanged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("partners", "0003_single_line_text")]
AFTER = [("partners", "0004_library_interest_garden_reflection_ties_between_any_actors")]


@pytest.mark.django_db(transaction=True)
def test_ties_recorded_before_the_migration_are_kept_as_they_were():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Ecosystem = old.get_model("ecosystem", "Ecosystem")
    Organization = old.get_model("ecosystem", "Organization")
    Partner = old.get_model("partners", "Partner")
    Connection = old.get_model("partners", "Connection")
    place = Ecosystem.objects.create(name="Migration State", slug="migration-state")
    library = Organization.objects.create(ecosystem=place, name="Library", kind="public_library")
    school = Organization.objects.create(ecosystem=place, name="School", kind="school_library")
    rotary = Partner.objects.create(ecosystem=place, name="Rotary", sector="nonprofit")
    Connection.objects.create(
        ecosystem=place, organization=library, other_organization=school, kind="informal"
    )
    Connection.objects.create(ecosystem=place, organization=library, partner=rotary, kind="funding")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    ties = new.get_model("partners", "Connection").objects.filter(ecosystem__slug="migration-state")
    assert list(
        ties.order_by("kind").values_list(
            "organization__name",
            "first_partner",
            "other_organization__name",
            "partner__name",
            "kind",
        )
    ) == [
        ("Library", None, None, "Rotary", "funding"),
        ("Library", None, "School", None, "informal"),
    ]
