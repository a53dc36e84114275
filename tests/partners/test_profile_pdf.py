"""The partner profile PDF: the record, the whole log, the harvest, the latest health check
and the reflections, with whatever users typed printed as text."""

from __future__ import annotations

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partners.models import Harvest, HealthCheck, Interaction
from tests.helpers import assert_queries_do_not_grow


def url(world, partner=None):
    return reverse(
        "partners:partner_pdf",
        kwargs={"ecosystem_slug": world.slug, "pk": (partner or world.partner).pk},
    )


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_profile_prints_the_record_log_harvest_health_and_reflections(world, client_for):
    Harvest.objects.filter(pk=world.harvest.pk).update(
        story="Twelve adults finished the course.", dollars_raised=750
    )

    response = client_for("viewer").get(url(world))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'inline; filename="county-literacy-council-profile-'
    )
    text = text_of(response.content)
    for expected in [
        "Partner profile: County Literacy Council",
        "Test State Ecosystem",
        "Nonprofit",
        "Supportive roles.",
        "You share a defined goal",  # the stage explained
        "Planting seeds.",
        "Memorandum of understanding",
        "Active",
        "Editor Person",
        "Pat Reader",
        "Director",
        "Documents on file",
        world.document.title,
        "Places to hold tutoring sessions",
        "Every adult in the county can read a lease",
        "Met the tutoring coordinator",
        "Send the room booking form",
        "Overdue",
        "Spring tutoring series",
        "Twelve adults finished the course.",
        "$750.00",
        "Communication and evaluation are constant",
        "Not yet",
        f"{world.reflection.year}: Grow it",
        "Regular meetings",
    ]:
        assert expected in text, expected
    sections = ["Documents on file", "Log", "Harvest", "Partnership health"]
    assert [text.index(section) for section in sections] == sorted(
        text.index(section) for section in sections
    )


def test_text_typed_by_users_prints_as_text_and_fetches_nothing(world, client_for):
    Interaction.objects.create(
        partner=world.partner,
        summary='<script>alert(1)</script> <img src="file:///etc/passwd" alt="x"> & co',
        next_step="<b>not bold</b>",
    )

    response = client_for("viewer").get(url(world))

    text = text_of(response.content)
    assert "<script>alert(1)</script>" in text
    assert '<img src="file:///etc/passwd" alt="x"> & co' in text
    assert "<b>not bold</b>" in text
    assert "root:" not in text  # nothing of /etc/passwd was pulled in


def test_a_new_partner_prints_with_empty_sections_said_in_words(world, client_for):
    partner = world.partner
    partner.interactions.all().delete()
    partner.harvests.all().delete()
    partner.health_checks.all().delete()
    partner.reflections.all().delete()
    partner.documents.all().delete()

    text = text_of(client_for("viewer").get(url(world)).content)

    assert "Nothing logged yet." in text
    assert "No harvest recorded yet." in text
    assert "No health check yet." in text
    assert "No reflection yet." in text
    assert "No documents attached." in text


def test_another_ecosystems_partner_has_no_profile_here(world, client_for):
    response = client_for("coordinator").get(url(world, world.other_partner))

    assert response.status_code == 404


def test_the_profile_costs_the_same_queries_for_5_or_50_interactions(world, client_for):
    today = timezone.localdate()

    def grow(count):
        for i in range(count):
            Interaction.objects.create(
                partner=world.partner,
                date=today - timedelta(days=i),
                summary=f"Meeting {i}",
                next_step="Follow up",
                next_step_due=today - timedelta(days=1),
                recorded_by=world.users["editor"],
            )
            Harvest.objects.create(partner=world.partner, title=f"Outcome {i}", story="A story")
            HealthCheck.objects.create(
                partner=world.partner, interests=2, adaptability=2, communication=2, ownership=2
            )

    assert_queries_do_not_grow(client_for("viewer"), url(world), grow)
