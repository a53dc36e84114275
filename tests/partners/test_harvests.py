"""Harvests: recording what a partnership yielded, the partner page's totals, and the
ecosystem's harvest list (filters, totals, CSV) that reports draw from."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.log.harvests import harvest_totals, shared_harvests
from partners.models import Harvest, Partner, Sector
from tests.helpers import assert_queries_do_not_grow


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def museum(world):
    """A second partner in another sector, with one shared and one unshared harvest."""
    partner = Partner.objects.create(
        ecosystem=world.ecosystem, name="City Museum", sector=Sector.EDUCATION
    )
    Harvest.objects.create(
        partner=partner,
        date=date(2024, 6, 1),
        title="Museum passes at the library",
        people_reached=300,
        dollars_raised=Decimal("1500.50"),
        share_in_reports=True,
        story="Families borrowed museum passes like books.",
    )
    Harvest.objects.create(
        partner=partner,
        date=date(2025, 3, 1),
        title="Pilot that fizzled",
        people_reached=4,
        sessions_held=2,
    )
    return partner


# --- Recording ----------------------------------------------------------------------------


def test_an_editor_records_a_harvest_with_numbers_typed_as_people_write_them(world, client_for):
    client = client_for("editor")

    response = client.post(
        url(world, "harvest_create", pk=world.partner.pk),
        {
            "date": "2026-05-10",
            "title": "Autumn tutoring series",
            "people_reached": "1,200",
            "sessions_held": "30",
            "dollars_raised": "$2,500.00",
            "story": "Ms. Diaz read her first lease.",
            "share_in_reports": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#harvest")
    harvest = world.partner.harvests.get(title="Autumn tutoring series")
    assert (harvest.people_reached, harvest.sessions_held, harvest.dollars_raised) == (
        1200,
        30,
        Decimal("2500.00"),
    )
    assert harvest.share_in_reports
    assert harvest.recorded_by == world.users["editor"]


def test_negative_numbers_are_refused_with_a_clear_message_next_to_the_field(world, client_for):
    response = client_for("editor").post(
        url(world, "harvest_create", pk=world.partner.pk),
        {
            "date": "2026-05-10",
            "title": "Backwards",
            "people_reached": "-5",
            "sessions_held": "-1",
            "dollars_raised": "-20",
        },
    )

    form = response.context["form"]
    html = response.content.decode()
    assert response.status_code == 422
    assert form.errors["people_reached"] == ["Enter zero or more: a count cannot be negative."]
    assert form.errors["sessions_held"] == ["Enter zero or more: a count cannot be negative."]
    assert form.errors["dollars_raised"] == ["Enter $0 or more: a value cannot be negative."]
    assert '<div id="id_people_reached_error" class="invalid-feedback">' in html
    assert 'value="Backwards"' in html
    assert not Harvest.objects.filter(title="Backwards").exists()


def test_the_partner_page_shows_the_harvest_totals_and_entries(world, client_for):
    Harvest.objects.create(
        partner=world.partner, title="Book drive", people_reached=80, dollars_raised=500
    )

    html = client_for("viewer").get(url(world, "partner_detail", pk=world.partner.pk))
    html = html.content.decode()

    assert "Spring tutoring series" in html
    assert "Book drive" in html
    assert "200" in html  # 120 + 80 people
    assert "$500.00" in html
    assert "Shared in reports" in html
    assert "Record a harvest" not in html  # a viewer reads only


def test_totals_count_empty_figures_as_nothing(world):
    Harvest.objects.create(partner=world.partner, title="No numbers")

    totals = harvest_totals(world.partner.harvests.all())

    assert (totals.count, totals.people_reached, totals.sessions_held) == (2, 120, 12)
    assert totals.dollars_raised == Decimal("0")


def test_concurrent_harvest_edits_show_the_conflict(world, client_for):
    harvest = world.harvest
    Harvest.objects.filter(pk=harvest.pk).update(title="Their title", version=harvest.version + 1)

    response = client_for("editor").post(
        url(world, "harvest_update", pk=world.partner.pk, harvest_pk=harvest.pk),
        {"date": "2026-01-01", "title": "My title", "version": harvest.version},
    )

    assert response.status_code == 422
    assert "Someone else saved this while you were editing" in response.content.decode()
    assert Harvest.objects.get(pk=harvest.pk).title == "Their title"


def test_another_ecosystems_harvest_is_not_found_through_your_partner(world, client_for):
    theirs = world.other_partner.harvests.get()

    response = client_for("coordinator").post(
        url(world, "harvest_delete", pk=world.partner.pk, harvest_pk=theirs.pk)
    )

    assert response.status_code == 404
    assert Harvest.objects.filter(pk=theirs.pk).exists()


# --- The ecosystem's harvest list ----------------------------------------------------------


def test_shared_harvests_are_the_ecosystems_shared_ones_optionally_of_one_year(world, museum):
    assert [h.title for h in shared_harvests(world.ecosystem)] == [
        "Spring tutoring series",
        "Museum passes at the library",
    ]
    assert [h.title for h in shared_harvests(world.ecosystem, year=2024)] == [
        "Museum passes at the library"
    ]
    assert world.other_partner.harvests.get() not in shared_harvests(world.ecosystem)


def test_the_list_shows_every_harvest_with_totals(world, client_for, museum):
    response = client_for("viewer").get(url(world, "harvest_list"))

    html = response.content.decode()
    totals = response.context["totals"]
    assert (totals.count, totals.people_reached, totals.sessions_held) == (3, 424, 14)
    assert totals.dollars_raised == Decimal("1500.50")
    assert "3 harvests" in html
    assert "Rotary" not in html  # the other ecosystem's partner


def test_the_list_filters_shared_only_by_year_and_by_sector(world, client_for, museum):
    client = client_for("viewer")

    def titles(**params):
        return [h.title for h in client.get(url(world, "harvest_list"), params).context["page"]]

    assert titles(shared="true") == ["Spring tutoring series", "Museum passes at the library"]
    assert titles(year="2024") == ["Museum passes at the library"]
    assert titles(sector="education", shared="true") == ["Museum passes at the library"]
    assert titles(partner=str(museum.pk)) == ["Pilot that fizzled", "Museum passes at the library"]
    filtered = client.get(url(world, "harvest_list"), {"shared": "true"})
    assert filtered.context["totals"].people_reached == 420
    assert "2 harvests match the filter" in filtered.content.decode()


def test_the_year_filter_offers_the_years_that_have_harvests(world, client_for, museum):
    # The world's harvest is dated relative to today: pin it, so the years are known.
    Harvest.objects.filter(pk=world.harvest.pk).update(date=date(2026, 5, 10))

    response = client_for("viewer").get(url(world, "harvest_list"))

    choices = [value for value, _label in response.context["filter"].form.fields["year"].choices]
    assert choices == ["", "2026", "2025", "2024"]


def test_the_csv_export_follows_the_filter(world, client_for, museum):
    response = client_for("viewer").get(url(world, "harvest_export"), {"shared": "true"})

    rows = read_csv(response)
    assert rows[0][:4] == ["Date", "Partner", "Sector", "What was achieved"]
    assert [row[3] for row in rows[1:]] == [
        "Spring tutoring series",
        "Museum passes at the library",
    ]
    assert rows[2][1:9] == [
        "City Museum",
        "Education",
        "Museum passes at the library",
        "300",
        "",
        "1500.50",
        "Yes",
        "Families borrowed museum passes like books.",
    ]


@pytest.mark.parametrize("url_name", ["harvest_list", "harvest_export"])
def test_the_list_and_export_make_the_same_queries_for_5_or_50_harvests(
    world, client_for, url_name
):
    def grow(count):
        start = Partner.objects.count()
        partners = Partner.objects.bulk_create(
            Partner(ecosystem=world.ecosystem, name=f"Partner {start + i}", sector=Sector.HEALTH)
            for i in range(count)
        )
        Harvest.objects.bulk_create(
            Harvest(partner=partner, title=f"Outcome {partner.name}", people_reached=3)
            for partner in partners
        )

    assert_queries_do_not_grow(client_for("viewer"), url(world, url_name), grow)
