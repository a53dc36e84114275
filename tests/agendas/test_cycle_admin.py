"""Site administrators can find and read every agenda record in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "model",
    [
        "agendacycle",
        "submission",
        "legislativeissue",
        "advocacyissue",
        "priority",
        "score",
        "publishedagenda",
    ],
)
def test_every_agenda_model_has_a_working_list_and_page(admin_client, world, model):
    changelist = admin_client.get(reverse(f"admin:agendas_{model}_changelist"), {"q": "a"})

    assert changelist.status_code == 200
    first = changelist.context["cl"].result_list
    if first:
        page = admin_client.get(reverse(f"admin:agendas_{model}_change", args=[first[0].pk]))
        assert page.status_code == 200


def test_a_published_agenda_cannot_be_added_or_changed_in_the_admin(admin_client, world):
    page = admin_client.get(
        reverse("admin:agendas_publishedagenda_change", args=[world.agenda.pk])
    ).content.decode()

    assert 'name="content"' not in page
    assert admin_client.get(reverse("admin:agendas_publishedagenda_add")).status_code == 403
