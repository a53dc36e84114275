"""Agenda cycles: opening one, its dates, and which one is current."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from agendas.models import AgendaCycle


def test_a_coordinator_opens_a_cycle_with_the_default_scoring_criteria(world, client_for):
    response = client_for("coordinator").post(
        reverse("agendas:cycle_create", args=[world.slug]),
        {
            "title": "2028 session",
            "session_start": "2028-01-10",
            "session_end": "2028-05-01",
            "input_deadline": "2027-11-15",
        },
    )

    cycle = AgendaCycle.objects.get(title="2028 session")
    assert response.status_code == 302
    assert (cycle.ecosystem, cycle.status) == (world.ecosystem, "gathering")
    assert [c.name for c in cycle.criteria.all()] == ["Breadth", "Impact", "Feasibility", "Urgency"]


def test_impossible_dates_are_explained(world, client_for):
    response = client_for("coordinator").post(
        reverse("agendas:cycle_create", args=[world.slug]),
        {
            "title": "Backwards",
            "session_start": "2028-05-01",
            "session_end": "2028-01-10",
            "input_deadline": "2028-06-01",
        },
    )

    errors = response.context["form"].errors
    assert "cannot close before it opens" in errors["session_end"][0]
    assert "before the session opens" in errors["input_deadline"][0]
    assert not AgendaCycle.objects.filter(title="Backwards").exists()


def test_the_current_cycle_is_the_newest_that_is_not_archived(world, client_for):
    today = timezone.localdate()
    AgendaCycle.objects.create(
        ecosystem=world.ecosystem,
        title="Archived future",
        session_start=today + timedelta(days=900),
        session_end=today + timedelta(days=990),
        input_deadline=today + timedelta(days=800),
        status="archived",
    )

    response = client_for("viewer").get(reverse("agendas:index", args=[world.slug]))

    assert response.context["current"] == world.cycle
    titles = [c.title for c in response.context["cycles"]]
    assert titles == ["Archived future", "2027 session", "2026 session"]
