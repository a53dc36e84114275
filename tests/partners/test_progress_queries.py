"""The progress record's timeline, CSV and PDF cost the same number of queries however many
entries (each naming organizations and partners) the record holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ecosystem.models import Organization
from partners.models import Partner, ProgressEntry, Sector
from tests.helpers import assert_queries_do_not_grow

STRANDS = ["LEAD", "COMM", "COLLAB", "SUST"]


@pytest.fixture
def add_entries(world):
    """More entries over several years, each naming two organizations and a partner."""
    organizations = [world.organization] + [
        Organization.objects.create(
            ecosystem=world.ecosystem, name=f"Branch {i}", kind=Organization.Kind.PUBLIC_LIBRARY
        )
        for i in range(3)
    ]
    partners = [world.partner] + [
        Partner.objects.create(ecosystem=world.ecosystem, name=f"Partner {i}", sector=Sector.MEDIA)
        for i in range(2)
    ]

    def add(count: int) -> None:
        start = ProgressEntry.objects.count()
        entries = ProgressEntry.objects.bulk_create(
            ProgressEntry(
                ecosystem=world.ecosystem,
                date=date(2020, 1, 1) + timedelta(days=40 * (start + i)),
                strand_code=STRANDS[i % 4],
                indicator_code=f"{STRANDS[i % 4]}-{i % 5 + 1}" if i % 2 else "",
                activity=f"Step {start + i}",
            )
            for i in range(count)
        )
        ProgressEntry.organizations.through.objects.bulk_create(
            ProgressEntry.organizations.through(
                progressentry_id=entry.pk, organization_id=organization.pk
            )
            for i, entry in enumerate(entries)
            for organization in (organizations[i % 4], organizations[(i + 1) % 4])
        )
        ProgressEntry.partners.through.objects.bulk_create(
            ProgressEntry.partners.through(progressentry_id=entry.pk, partner_id=partners[i % 3].pk)
            for i, entry in enumerate(entries)
        )

    return add


@pytest.mark.parametrize("query", ["", "?strand=COMM", "?q=step", "?year=2021"])
@pytest.mark.parametrize("url_name", ["partners:progress_list", "partners:progress_export"])
def test_the_timeline_and_csv_make_the_same_queries_for_10_or_200_entries(
    url_name, query, world, client_for, add_entries
):
    url = reverse(url_name, args=[world.slug]) + query

    assert_queries_do_not_grow(client_for("viewer"), url, add_entries, small=10, large=200)


def test_the_printed_record_makes_the_same_queries_for_10_or_100_entries(
    world, client_for, add_entries
):
    url = reverse("partners:progress_pdf", args=[world.slug])

    assert_queries_do_not_grow(client_for("viewer"), url, add_entries, small=10, large=100)


def test_the_timeline_stays_within_a_small_fixed_number_of_queries(
    world, client_for, add_entries, django_assert_max_num_queries
):
    add_entries(60)
    client = client_for("viewer")
    url = reverse("partners:progress_list", args=[world.slug])
    client.get(url)

    # Session, user, membership; the Continuum (version, strands, indicators); the years;
    # the page count and the page; its organizations and partners; the per-strand counts.
    with django_assert_max_num_queries(13):
        client.get(url)


def test_an_entrys_page_makes_the_same_queries_however_long_its_history(world, client_for):
    entry = world.progress_entry
    url = reverse("partners:progress_detail", args=[world.slug, entry.pk])
    client = client_for("viewer")

    def edit(count: int) -> None:
        for i in range(count):
            entry.activity = f"Wording {ProgressEntry.history.count()} {i}"
            entry.save()

    assert_queries_do_not_grow(client, url, edit, small=2, large=12)
