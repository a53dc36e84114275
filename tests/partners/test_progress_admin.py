"""Site administrators look up and fix progress entries in the admin."""

from __future__ import annotations

from django.urls import reverse

from partners.models import ProgressEntry


def test_the_list_shows_entries_with_their_strand_by_name(admin_client, world):
    page = admin_client.get(reverse("admin:partners_progressentry_changelist"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Collaboration" in html
    assert "Joint summer reading with the schools" in html
    assert "Test State Ecosystem" in html
    assert "Other Ecosystem" in html


def test_the_list_filters_by_strand_and_searches_partners(admin_client, world):
    ProgressEntry.objects.create(
        ecosystem=world.ecosystem, strand_code="LEAD", activity="Leadership retreat"
    )
    changelist = reverse("admin:partners_progressentry_changelist")

    by_strand = admin_client.get(changelist, {"strand": "LEAD"}).content.decode()
    by_partner = admin_client.get(changelist, {"q": "Rotary"}).content.decode()

    assert "Leadership retreat" in by_strand
    assert "Joint summer reading" not in by_strand
    assert "Joint summer reading" in by_partner
    assert "Leadership retreat" not in by_partner


def test_an_entry_cannot_name_another_ecosystems_organization(admin_client, world):
    entry = world.progress_entry
    response = admin_client.post(
        reverse("admin:partners_progressentry_change", args=[entry.pk]),
        {
            "ecosystem": world.ecosystem.pk,
            "date": "2026-01-05",
            "strand_code": "COLLAB",
            "indicator_code": "LEAD-1",
            "activity": "Changed in the admin",
            "organizations": [world.other_organization.pk],
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Not in this entry&#x27;s ecosystem: Other Town Library." in html
    assert "LEAD-1 belongs to another strand: Leadership." in html
    entry.refresh_from_db()
    assert entry.activity == "Joint summer reading with the schools"


def test_an_entrys_history_is_kept(admin_client, world):
    page = admin_client.get(
        reverse("admin:partners_progressentry_history", args=[world.progress_entry.pk])
    )

    assert page.status_code == 200
