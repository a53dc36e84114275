"""The resource library: every shipped resource says where to find it, no link is dead, and
coordinators keep their own ecosystem's resources."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.html import escape

from continuum.models import Resource


def url(world, name, **kwargs):
    return reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def test_every_shipped_resource_names_where_to_find_it(db):
    shipped = Resource.objects.filter(ecosystem=None)

    assert shipped.exists()
    assert not shipped.filter(source="").exists()


def test_the_library_has_no_link_without_an_address(world, client_for):
    page = client_for("viewer").get(url(world, "resource_list") + "?page=1")

    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', page.content.decode())
    assert "" not in hrefs
    assert not any(href in ("#", "None") for href in hrefs)


def test_a_resource_without_an_address_shows_its_source_as_text(world, client_for):
    resource = Resource.objects.filter(ecosystem=None, url="").first()

    page = client_for("viewer").get(url(world, "resource_list"), {"q": resource.title})

    text = page.content.decode()
    assert f"Where to find it: {escape(resource.source)}" in text
    assert f">{escape(resource.title)}</a>" not in text


def test_the_library_credits_its_summaries(world, client_for):
    page = client_for("viewer").get(url(world, "resource_list"))

    assert "names who published the original" in page.content.decode()


def test_the_library_shows_the_ecosystems_own_resources_and_not_anothers(world, client_for):
    page = client_for("viewer").get(url(world, "resource_list"), {"q": "meeting notes"})

    text = page.content.decode()
    assert world.own_resource.title in text
    assert world.other_resource.title not in text


def test_the_export_leaves_out_another_ecosystems_resources(world, client_for):
    export = client_for("viewer").get(url(world, "resource_export"))

    text = b"".join(export.streaming_content).decode()
    assert world.own_resource.title in text
    assert world.other_resource.title not in text


def test_the_strand_filter_never_shows_another_ecosystems_strand_names(world, client_for):
    page = client_for("viewer").get(url(world, "resource_list")).content.decode()

    assert "Leading together in Other Ecosystem" not in page


def test_a_coordinator_adds_a_resource_with_its_source_and_strands(world, client_for):
    response = client_for("coordinator").post(
        url(world, "resource_create"),
        {
            "title": "Our partnership map",
            "kind": "guide",
            "source": "County library board",
            "summary": "Who works with whom.",
            "strand_codes": ["COLLAB"],
        },
    )

    resource = Resource.objects.get(title="Our partnership map")
    assert response.status_code == 302
    assert resource.ecosystem == world.ecosystem
    assert {strand.code for strand in resource.strands.all()} == {"COLLAB"}
    assert not resource.strands.filter(version__instrument=world.other_adapted).exists()


def test_an_invalid_resource_is_refused_next_to_the_field_keeping_what_was_typed(world, client_for):
    response = client_for("coordinator").post(
        url(world, "resource_create"),
        {"title": "Half done", "kind": "guide", "url": "not a link", "summary": "Kept text"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid URL" in page
    assert 'value="Half done"' in page
    assert not Resource.objects.filter(title="Half done").exists()


def test_editing_over_someone_elses_save_shows_both_and_saves_nothing(world, client_for):
    resource = world.own_resource
    stale_version = resource.version
    resource.title = "Renamed by someone else"
    resource.version += 1
    resource.save()

    response = client_for("coordinator").post(
        url(world, "resource_update", pk=resource.pk),
        {"title": "Mine", "kind": "guide", "summary": "Mine", "version": stale_version},
    )

    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    resource.refresh_from_db()
    assert resource.title == "Renamed by someone else"


def test_a_coordinator_removes_an_own_resource(world, client_for):
    pk = world.own_resource.pk

    response = client_for("coordinator").post(url(world, "resource_delete", pk=pk))

    assert response.status_code == 302
    assert not Resource.objects.filter(pk=pk).exists()


def test_shipped_resources_have_no_edit_links(world, client_for):
    page = client_for("coordinator").get(url(world, "resource_list"), {"page": 1})

    text = page.content.decode()
    edit_links = re.findall(r"/resources/(\d+)/edit/", text)
    assert edit_links == [str(world.own_resource.pk)]


def test_results_suggest_no_resource_of_another_ecosystem(world):
    from continuum.results import StrandResult, suggested_resources

    strands = [StrandResult(strand, []) for strand in world.round.version.strands.all()]
    Resource.objects.filter(pk=world.other_resource.pk).update(title="Theirs")
    world.other_resource.strands.set(world.round.version.strands.all())

    suggested = suggested_resources(strands, world.ecosystem)

    assert world.other_resource not in suggested
