"""The partner list, its exports and the board cost the same number of queries for 10
partners as for 500; a partner's page does not grow with its contacts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Contact, Interaction, Partner, Phase, Sector, Stage
from tests.helpers import assert_queries_do_not_grow


@pytest.fixture
def add_partners(world):
    """More partners across sectors, stages and phases, each with a lead, two contacts and
    an interaction."""
    sectors, stages, phases = list(Sector), list(Stage), list(Phase)
    leads = [world.users["editor"], world.users["coordinator"], None]
    today = timezone.localdate()

    def add(count: int) -> None:
        start = Partner.objects.count()
        partners = Partner.objects.bulk_create(
            Partner(
                ecosystem=world.ecosystem,
                name=f"Partner {start + i:04}",
                sector=sectors[i % len(sectors)],
                stage=stages[i % len(stages)],
                phase=phases[i % len(phases)],
                library_lead=leads[i % len(leads)],
            )
            for i in range(count)
        )
        Contact.objects.bulk_create(
            Contact(partner=partner, name=f"Contact {n}") for partner in partners for n in range(2)
        )
        Interaction.objects.bulk_create(
            Interaction(partner=partner, date=today - timedelta(days=i % 90), summary="Talked")
            for i, partner in enumerate(partners)
        )

    return add


@pytest.mark.parametrize(
    "name", ["partner_list", "partner_export", "partner_directory_pdf", "partner_board"]
)
def test_partner_pages_do_not_grow_with_the_partners(world, client_for, add_partners, name):
    url = reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug})
    large = 100 if name == "partner_directory_pdf" else 500  # a 500-partner PDF is slow
    assert_queries_do_not_grow(client_for("editor"), url, add_partners, small=10, large=large)


def test_the_filtered_board_does_not_grow_with_the_partners(world, client_for, add_partners):
    url = reverse("partners:partner_board", kwargs={"ecosystem_slug": world.slug})
    lead = world.users["editor"].pk
    assert_queries_do_not_grow(
        client_for("editor"), f"{url}?lead={lead}&status=", add_partners, small=10, large=500
    )


def test_a_partners_page_does_not_grow_with_its_contacts(world, client_for):
    def add(count: int) -> None:
        Contact.objects.bulk_create(
            Contact(partner=world.partner, name=f"Contact {n}") for n in range(count)
        )

    assert_queries_do_not_grow(client_for("editor"), world.partner.get_absolute_url(), add)
