"""The whole-garden reflection: once a year the ecosystem looks at all its partnerships
together, writing beside what the data already says (partners per lead, sectors with no
active partner), safely with several people editing."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partners import garden
from partners.models import GardenReflection, Partner, Sector
from tests.helpers import assert_queries_do_not_grow

LAST_YEAR = timezone.localdate().year - 1


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def reflection(world, year=LAST_YEAR, **answers):
    return GardenReflection.objects.create(ecosystem=world.ecosystem, year=year, **answers)


def add_partner(world, name, sector, lead=None, status=Partner.Status.ACTIVE):
    return Partner.objects.create(
        ecosystem=world.ecosystem, name=name, sector=sector, library_lead=lead, status=status
    )


# --- What the data says ------------------------------------------------------------------------


def test_gardeners_counts_active_partners_per_lead_and_those_nobody_leads(world):
    editor, coordinator = world.users["editor"], world.users["coordinator"]
    add_partner(world, "Clinic", Sector.HEALTH, coordinator)
    add_partner(world, "Radio", Sector.MEDIA, editor)
    add_partner(world, "Church", Sector.FAITH)
    add_partner(world, "Ended Bank", Sector.BUSINESS, editor, status=Partner.Status.ENDED)

    found = garden.gardeners(world.ecosystem)

    # The world's literacy council is the editor's too.
    assert [(load.name, load.partners) for load in found.loads] == [
        ("Editor Person", 2),
        ("Coordinator Person", 1),
        ("", 1),
    ]
    assert (found.leads, found.partners, found.unled) == (2, 4, 1)
    assert found.per_lead == 2.0


def test_with_no_lead_at_all_there_are_zero_partners_per_lead(world):
    Partner.objects.filter(ecosystem=world.ecosystem).update(library_lead=None)

    found = garden.gardeners(world.ecosystem)

    assert (found.leads, found.unled, found.per_lead) == (0, 1, 0.0)


def test_missing_sectors_are_those_with_no_active_partner(world):
    add_partner(world, "Clinic", Sector.HEALTH)
    add_partner(world, "Paused Paper", Sector.MEDIA, status=Partner.Status.PAUSED)

    missing = garden.missing_sectors(world.ecosystem)

    assert Sector.NONPROFIT not in missing  # the literacy council
    assert Sector.HEALTH not in missing
    assert Sector.MEDIA in missing  # paused: not tending anything this year
    assert Sector.OTHER not in missing  # "other" is no gap
    assert missing[0] == Sector.GOVERNMENT


# --- The pages ---------------------------------------------------------------------------------


def test_the_partners_index_links_to_the_whole_garden_reflection(world, client_for):
    html = client_for("viewer").get(url(world, "partner_list")).content.decode()

    assert f'href="{url(world, "garden_reflection_list")}">Whole-garden reflection' in html


def test_the_list_shows_the_years_newest_first_and_the_garden_today(world, client_for):
    reflection(world, LAST_YEAR - 1)
    reflection(world, LAST_YEAR)

    response = client_for("viewer").get(url(world, "garden_reflection_list"))

    years = [item.year for item in response.context["reflections"]]
    assert years == [LAST_YEAR, LAST_YEAR - 1]
    html = response.content.decode()
    assert "1 active partner" in html
    assert "no active partner in Government" in html


def test_an_editor_writes_the_reflection_and_it_is_shown_with_the_facts(world, client_for):
    client = client_for("editor")

    response = client.post(
        url(world, "garden_reflection_create"),
        {
            "year": str(LAST_YEAR),
            "enough_gardeners": "Not quite: we need one more lead.",
            "missing_sectors": "Faith communities.",
            "community_needs": "Job help.",
            "plant_next": "A clinic partnership.",
        },
    )

    saved = GardenReflection.objects.get(ecosystem=world.ecosystem, year=LAST_YEAR)
    assert response.status_code == 302
    assert response["Location"] == saved.get_absolute_url()
    assert saved.written_by == world.users["editor"]
    html = client.get(saved.get_absolute_url()).content.decode()
    assert "Do we have enough gardeners for our partners?" in html
    assert "Not quite: we need one more lead." in html
    assert "1.0 partners per lead" in html
    assert "no active partner in Government" in html


def test_the_form_shows_the_facts_beside_the_questions_and_suggests_last_year(world, client_for):
    response = client_for("editor").get(url(world, "garden_reflection_create"))

    html = response.content.decode()
    assert response.context["form"].initial["year"] == LAST_YEAR
    gardeners = html.index('<legend class="h5">Do we have enough gardeners')
    assert gardeners < html.index("1.0 partners per lead") < html.index('name="enough_gardeners"')
    assert html.index("no active partner in Government") < html.index('name="missing_sectors"')


def test_a_year_already_written_is_refused_next_to_the_year_and_the_text_kept(world, client_for):
    reflection(world, LAST_YEAR)

    response = client_for("editor").post(
        url(world, "garden_reflection_create"),
        {"year": str(LAST_YEAR), "plant_next": "Kept as typed"},
    )

    assert response.status_code == 422
    assert "already has its reflection on" in str(response.context["form"].errors["year"])
    assert "Kept as typed" in response.content.decode()
    assert GardenReflection.objects.filter(ecosystem=world.ecosystem).count() == 1


def test_two_people_editing_never_overwrite_each_other(world, client_for):
    current = reflection(world, plant_next="First idea")
    edit = url(world, "garden_reflection_update", pk=current.pk)
    first, second = client_for("editor"), client_for("coordinator")

    first.post(edit, {"year": str(LAST_YEAR), "plant_next": "The editor plan", "version": 1})
    response = second.post(
        edit, {"year": str(LAST_YEAR), "plant_next": "The coordinator plan", "version": 1}
    )

    current.refresh_from_db()
    assert response.status_code == 422
    assert current.plant_next == "The editor plan"
    assert "The coordinator plan" in response.content.decode()  # what they typed is kept


def test_editing_autosaves_a_draft_when_htmx_posts(world, client_for):
    current = reflection(world)

    response = client_for("editor").post(
        url(world, "garden_reflection_update", pk=current.pk),
        {"year": str(LAST_YEAR), "community_needs": "Half-written", "version": 1},
        HTTP_HX_REQUEST="true",
    )

    current.refresh_from_db()
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert (current.community_needs, current.version) == ("Half-written", 2)


def test_another_ecosystems_reflection_is_not_found_even_for_a_coordinator(world, client_for):
    theirs = GardenReflection.objects.create(ecosystem=world.other, year=LAST_YEAR)

    for name in ("garden_reflection_detail", "garden_reflection_update", "garden_reflection_pdf"):
        response = client_for("coordinator").get(url(world, name, pk=theirs.pk))
        assert response.status_code == 404, name


def test_the_pdf_prints_the_answers_and_the_facts(world, client_for):
    current = reflection(world, community_needs="Job help in the rural counties")

    response = client_for("viewer").get(url(world, "garden_reflection_pdf", pk=current.pk))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"The whole garden in {LAST_YEAR}" in text
    assert "Job help in the rural counties" in text
    assert "1.0 partners per lead" in text
    assert "Which sectors are missing?" in text


# --- Queries -----------------------------------------------------------------------------------


def _grow(world):
    def grow(count):
        start = Partner.objects.count()
        leads = [world.users["editor"], world.users["coordinator"], None]
        Partner.objects.bulk_create(
            Partner(
                ecosystem=world.ecosystem,
                name=f"Seedling {start + i}",
                sector=list(Sector)[i % len(Sector)],
                library_lead=leads[i % 3],
            )
            for i in range(count)
        )
        taken = set(GardenReflection.objects.values_list("year", flat=True))
        years = [year for year in range(1990, 2100) if year not in taken][: count // 5 + 1]
        GardenReflection.objects.bulk_create(
            GardenReflection(ecosystem=world.ecosystem, year=year, plant_next="More")
            for year in years
        )

    return grow


def test_the_list_costs_the_same_queries_however_many_years_and_partners(world, client_for):
    assert_queries_do_not_grow(
        client_for("viewer"), url(world, "garden_reflection_list"), _grow(world), 5, 60
    )


def test_a_reflection_and_its_pdf_cost_the_same_queries_however_many_partners(world, client_for):
    current = reflection(world)
    for name in ("garden_reflection_detail", "garden_reflection_pdf", "garden_reflection_update"):
        assert_queries_do_not_grow(
            client_for("editor"), url(world, name, pk=current.pk), _grow(world), 5, 60
        )
