"""Site administrators edit the year-round checklist in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agendas.models import TaskTemplate


def test_the_checklist_lists_templates_in_order_with_their_timing_in_words(admin_client):
    page = admin_client.get(reverse("admin:agendas_tasktemplate_changelist"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "8 weeks before the session opens" in html
    assert "Mid-September" in html
    assert "drag" in html.lower(), "templates are ordered by dragging"
    assert html.index("Invite officials to see libraries") < html.index(
        "Recognize library champions"
    )


def test_a_template_placed_by_month_needs_its_month(admin_client):
    response = admin_client.post(
        reverse("admin:agendas_tasktemplate_add"),
        {"title": "Visit the capitol", "timing": "month", "active": "on"},
    )

    assert response.status_code == 200
    assert "Choose the month for a task placed by month." in response.content.decode()
    assert not TaskTemplate.objects.filter(title="Visit the capitol").exists()


def test_a_template_change_is_kept_in_its_history(admin_client):
    template = TaskTemplate.objects.first()

    page = admin_client.get(reverse("admin:agendas_tasktemplate_history", args=[template.pk]))

    assert page.status_code == 200


@pytest.mark.parametrize("name", ["agendas_plantask_changelist", "agendas_calendarfeed_changelist"])
def test_tasks_and_feeds_can_be_looked_up(admin_client, world, name):
    page = admin_client.get(reverse(f"admin:{name}"))

    assert page.status_code == 200


def test_a_feeds_token_is_read_only_in_the_admin(admin_client, world):
    page = admin_client.get(reverse("admin:agendas_calendarfeed_change", args=[world.feed.pk]))

    html = page.content.decode()
    assert world.feed.token in html
    assert 'name="token"' not in html
