"""Site administrators look up interactions, harvests, health checks and reflections."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("model", "params", "expected"),
    [
        ("interaction", {"q": "tutoring"}, "Send the room booking form"),
        ("harvest", {"share_in_reports__exact": "1"}, "Spring tutoring series"),
        ("healthcheck", {"q": "County"}, "County Literacy Council"),
        ("reflection", {"decision__exact": "grow"}, "County Literacy Council"),
    ],
)
def test_each_log_record_can_be_searched_and_filtered(admin_client, world, model, params, expected):
    page = admin_client.get(reverse(f"admin:partners_{model}_changelist"), params)

    assert page.status_code == 200
    assert expected in page.content.decode()


def test_the_ecosystem_filter_keeps_another_ecosystems_records_out(admin_client, world):
    page = admin_client.get(
        reverse("admin:partners_interaction_changelist"),
        {"partner__ecosystem__id__exact": world.other.pk},
    )

    assert "Other Town Rotary Club" in page.content.decode()
    assert "County Literacy Council" not in page.content.decode()


def test_an_interactions_changes_are_kept_in_its_admin_history(admin_client, world):
    page = admin_client.get(
        reverse("admin:partners_interaction_history", args=[world.interaction.pk])
    )

    assert page.status_code == 200
