"""The Continuum's lists, results and PDFs cost the same queries for 5 or 50 respondents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from continuum import services
from continuum.models import Resource, Round
from ecosystem.models import Organization
from tests.continuum.conftest import NOT_SURE
from tests.helpers import assert_queries_do_not_grow


@pytest.fixture
def grow_answers(world, respondents, answer_round):
    """Add respondents to the open round, each answering everything with evidence."""

    def grow(count: int) -> None:
        for index, user in enumerate(respondents(world.round, count)):
            answer_round(
                world.round, user, {"*": index % 4}, evidence="Because", next_step="Then this"
            )

    return grow


@pytest.mark.parametrize("url_name", ["results", "results_pdf", "results_export", "round_detail"])
def test_round_pages_make_the_same_queries_for_5_or_50_respondents(
    url_name, world, client_for, grow_answers
):
    url = reverse(
        f"continuum:{url_name}", kwargs={"ecosystem_slug": world.slug, "pk": world.round.pk}
    )

    assert_queries_do_not_grow(client_for("coordinator"), url, grow_answers)


@pytest.fixture
def grow_organizations(world, respondents, answer_round):
    """Add respondents to the open round in new organizations of two or three members,
    some without one, answering levels and "not sure"."""

    def grow(count: int) -> None:
        for index in range(count):
            organization = None
            if index % 3:
                organization = Organization.objects.create(
                    ecosystem=world.ecosystem, name=f"Library {Organization.objects.count()}"
                )
            for user in respondents(world.round, 1 + index % 3, organization):
                answer_round(
                    world.round, user, {"*": index % 4, "LEAD-1": NOT_SURE}, evidence="Because"
                )

    return grow


@pytest.mark.parametrize("by", ["organization", "person"])
@pytest.mark.parametrize("url_name", ["results", "results_pdf", "results_export"])
def test_results_in_either_count_make_the_same_queries_for_few_or_many_organizations(
    url_name, by, world, client_for, grow_organizations
):
    url = reverse(
        f"continuum:{url_name}", kwargs={"ecosystem_slug": world.slug, "pk": world.round.pk}
    )

    assert_queries_do_not_grow(client_for("coordinator"), f"{url}?by={by}", grow_organizations)


def test_the_consensus_page_does_not_grow_with_respondents(world, client_for, grow_answers):
    indicator = world.round.version.indicators.first()
    url = reverse(
        "continuum:consensus",
        kwargs={"ecosystem_slug": world.slug, "pk": world.round.pk, "indicator_pk": indicator.pk},
    )

    assert_queries_do_not_grow(client_for("coordinator"), url, grow_answers)


def test_comparison_does_not_grow_with_respondents(world, client_for, respondents, answer_round):
    def grow(count: int) -> None:
        for round in (world.closed_round, world.older_round):
            Round.objects.filter(pk=round.pk).update(status="open")
            for user in respondents(round, count):
                answer_round(round, user, {"*": 2})
            Round.objects.filter(pk=round.pk).update(status="closed")

    url = reverse("continuum:comparison", kwargs={"ecosystem_slug": world.slug})
    url += f"?rounds={world.closed_round.pk}&rounds={world.older_round.pk}"

    assert_queries_do_not_grow(client_for("viewer"), url, grow)


def test_the_continuum_index_does_not_grow_with_rounds(world, client_for):
    def grow(count: int) -> None:
        for i in range(count):
            services.open_round(
                world.ecosystem,
                version=world.round.version,
                title=f"Round {Round.objects.count()}-{i}",
                period="2030",
                due_date=None,
                anonymous=False,
                disagreement_threshold=2,
                invitees=[world.memberships["viewer"]],
                opened_by=world.users["coordinator"],
            )

    url = reverse("continuum:index", kwargs={"ecosystem_slug": world.slug})

    assert_queries_do_not_grow(client_for("viewer"), url, grow)


@pytest.mark.parametrize("url_name", ["resource_list", "resource_export"])
def test_the_resource_library_does_not_grow_with_resources(url_name, world, client_for):
    strand = world.round.version.strands.first()

    def grow(count: int) -> None:
        for i in range(count):
            resource = Resource.objects.create(
                title=f"Extra {Resource.objects.count()} {i}", kind="guide", summary="More"
            )
            resource.strands.add(strand)

    url = reverse(f"continuum:{url_name}", kwargs={"ecosystem_slug": world.slug})

    assert_queries_do_not_grow(client_for("viewer"), url, grow)


def test_the_continuum_index_does_not_grow_with_adapted_instruments(world, client_for):
    continuum = world.round.version

    def grow(count: int) -> None:
        for _ in range(count):
            draft = services.adapt(continuum, world.ecosystem)
            services.publish(draft)
            services.start_draft(draft.instrument)

    url = reverse("continuum:index", kwargs={"ecosystem_slug": world.slug})

    assert_queries_do_not_grow(client_for("coordinator"), url, grow, small=2, large=8)


@pytest.mark.parametrize("url_name", ["resource_list", "resource_export"])
def test_the_resource_library_does_not_grow_with_own_resources_and_adaptations(
    url_name, world, client_for
):
    continuum = world.round.version
    adapted_strands = list(world.adapted.latest_published().strands.all())

    def grow(count: int) -> None:
        for i in range(count):
            resource = Resource.objects.create(
                ecosystem=world.ecosystem,
                title=f"Own {Resource.objects.count()} {i}",
                kind="guide",
                source="Our shared drive",
                summary="More",
            )
            resource.strands.add(*adapted_strands)
            if i % 5 == 0:
                services.publish(services.adapt(continuum, world.ecosystem))

    url = reverse(f"continuum:{url_name}", kwargs={"ecosystem_slug": world.slug})

    assert_queries_do_not_grow(client_for("coordinator"), url, grow)


@pytest.mark.parametrize("url_name", ["draft_edit", "draft_strand"])
def test_the_draft_editor_does_not_grow_with_other_adaptations(url_name, world, client_for):
    continuum = world.round.version

    def grow(count: int) -> None:
        for _ in range(count):
            services.adapt(continuum, world.ecosystem)

    kwargs = {"ecosystem_slug": world.slug, "instrument": world.adapted.slug}
    if url_name == "draft_strand":
        kwargs["code"] = "LEAD"
    url = reverse(f"continuum:{url_name}", kwargs=kwargs)

    assert_queries_do_not_grow(client_for("coordinator"), url, grow, small=1, large=4)


def test_the_one_page_consensus_does_not_grow_with_respondents(world, client_for, grow_answers):
    url = reverse(
        "continuum:consensus_all", kwargs={"ecosystem_slug": world.slug, "pk": world.round.pk}
    )

    assert_queries_do_not_grow(client_for("coordinator"), url, grow_answers)


@pytest.mark.parametrize("url_name", ["results", "results_pdf", "results_export"])
def test_results_on_a_strand_subset_do_not_grow_with_respondents(
    url_name, world, client_for, grow_answers
):
    services.set_strands(world.round, world.round.version.strands.filter(code="COMM"))
    url = reverse(
        f"continuum:{url_name}", kwargs={"ecosystem_slug": world.slug, "pk": world.round.pk}
    )

    assert_queries_do_not_grow(client_for("coordinator"), url, grow_answers)
