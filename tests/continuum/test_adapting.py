"""An ecosystem adapts an instrument: its own copy, edited in the app, seen by nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from continuum import services
from continuum.forms import RoundForm
from continuum.models import Instrument, InstrumentVersion, Level, Strand
from ecosystem.concurrency import StaleEditError


@pytest.fixture
def continuum(db):
    return Instrument.objects.get(slug="ecosystem-continuum").latest_published()


def url(world, name, **kwargs):
    return reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def overview_data(draft, **changes):
    data = {"revision": draft.revision}
    for level in draft.levels.all():
        data[f"level-{level.pk}-label"] = level.label
        data[f"level-{level.pk}-description"] = level.description
    for strand in draft.strands.all():
        data[f"strand-{strand.pk}-name"] = strand.name
        data[f"strand-{strand.pk}-description"] = strand.description
    return data | changes


# --- the service ------------------------------------------------------------------------------


def test_adapting_copies_a_published_version_into_a_draft_the_ecosystem_owns(world, continuum):
    draft = services.adapt(continuum, world.other)

    assert draft.instrument.ecosystem == world.other
    assert draft.instrument.adapted_from == continuum
    assert draft.number == 1
    assert not draft.is_published
    assert draft.instrument.based_on == continuum.instrument.based_on
    assert sorted(draft.indicators.values_list("code", flat=True)) == sorted(
        continuum.indicators.values_list("code", flat=True)
    )
    assert continuum.instrument.ecosystem is None, "the site-wide instrument is untouched"


def test_an_adapted_instrument_cannot_be_adapted_again(world):
    version = world.adapted.latest_published()

    with pytest.raises(services.ContinuumError):
        services.adapt(version, world.other)


def test_saving_wording_over_someone_elses_save_is_refused(world):
    draft = world.adapted.versions.get(status="draft")
    level = draft.levels.order_by("value").first()
    wording = services.Wording({level.pk: ("Ours", "")}, {}, {}, {})
    services.save_wording(draft, draft.revision, wording)

    with pytest.raises(StaleEditError):
        services.save_wording(draft, draft.revision, services.Wording({}, {}, {}, {}))
    assert Level.objects.get(pk=level.pk).label == "Ours"


def test_the_ecosystem_sees_site_wide_instruments_and_its_own_only(world):
    seen = {v.instrument for v in InstrumentVersion.objects.latest_per_instrument(world.ecosystem)}
    site_wide = {v.instrument for v in InstrumentVersion.objects.latest_per_instrument()}

    assert world.adapted in seen
    assert world.other_adapted not in seen
    assert all(instrument.ecosystem is None for instrument in site_wide)
    assert site_wide < seen


def test_the_round_form_offers_the_ecosystems_adapted_version_but_not_anothers(world):
    choices = set(RoundForm(ecosystem=world.ecosystem).fields["version"].queryset)

    assert world.adapted.latest_published() in choices
    assert world.other_adapted.latest_published() not in choices
    assert not any(version.status == "draft" for version in choices)


def test_publishing_names_the_open_rounds_that_keep_the_old_wording(world, continuum):
    draft = services.duplicate_as_draft(continuum)
    services.publish(draft)

    keeping = services.rounds_keeping_old_wording(draft)

    assert world.round in keeping
    assert world.other_round in keeping
    assert world.closed_round not in keeping, "closed rounds are not at issue"


# --- the pages --------------------------------------------------------------------------------


def test_a_coordinator_adapts_the_continuum_from_its_page(world, client_for, continuum):
    existing = world.adapted.pk

    response = client_for("coordinator").post(
        url(world, "draft_start", instrument="ecosystem-continuum")
    )

    new = Instrument.objects.filter(ecosystem=world.ecosystem).exclude(pk=existing).get()
    assert response["Location"] == url(world, "draft_edit", instrument=new.slug)


def test_the_instrument_page_offers_adapting_to_coordinators_only(world, client_for):
    page = url(world, "instrument_detail", instrument="ecosystem-continuum")

    coordinator = client_for("coordinator").get(page).content.decode()
    editor = client_for("editor").get(page).content.decode()

    assert "Adapt for our ecosystem" in coordinator
    assert "Adapt for our ecosystem" not in editor


def test_the_editor_saves_new_wording(world, client_for):
    draft = world.adapted.versions.get(status="draft")
    lead = draft.strands.get(code="LEAD")

    response = client_for("coordinator").post(
        url(world, "draft_edit", instrument=world.adapted.slug),
        overview_data(draft, **{f"strand-{lead.pk}-name": "Leading as one"}),
    )

    assert response.status_code == 302
    assert Strand.objects.get(pk=lead.pk).name == "Leading as one"
    draft.refresh_from_db()
    assert draft.revision == 1


def test_a_stale_save_keeps_what_was_typed_and_saves_nothing(world, client_for):
    draft = world.adapted.versions.get(status="draft")
    lead = draft.strands.get(code="LEAD")
    stale = overview_data(draft, **{f"strand-{lead.pk}-name": "Mine"})
    services.save_wording(draft, draft.revision, services.Wording({}, {}, {}, {}))

    response = client_for("coordinator").post(
        url(world, "draft_edit", instrument=world.adapted.slug), stale
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this draft" in page
    assert 'value="Mine"' in page
    assert Strand.objects.get(pk=lead.pk).name != "Mine"


def test_an_empty_label_is_refused_next_to_the_field_keeping_the_rest(world, client_for):
    draft = world.adapted.versions.get(status="draft")
    level = draft.levels.order_by("value").first()
    lead = draft.strands.get(code="LEAD")
    data = overview_data(draft, **{f"level-{level.pk}-label": "", f"strand-{lead.pk}-name": "Kept"})

    response = client_for("coordinator").post(
        url(world, "draft_edit", instrument=world.adapted.slug), data
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" in page
    assert 'value="Kept"' in page
    assert Strand.objects.get(pk=lead.pk).name != "Kept"


def test_the_strand_page_edits_statements_and_descriptors(world, client_for):
    draft = world.adapted.versions.get(status="draft")
    indicators = list(draft.indicators.filter(strand__code="COMM"))
    levels = list(draft.levels.all())
    data = {"revision": draft.revision}
    for indicator in indicators:
        data[f"indicator-{indicator.pk}-statement"] = indicator.statement
        data[f"indicator-{indicator.pk}-guidance"] = indicator.guidance
        for level in levels:
            text = indicator.descriptors.get(level=level).text
            data[f"descriptor-{indicator.pk}-{level.pk}"] = text
    first = indicators[0]
    data[f"indicator-{first.pk}-statement"] = "We speak with one voice."
    data[f"descriptor-{first.pk}-{levels[0].pk}"] = "Nobody has tried yet."

    response = client_for("coordinator").post(
        url(world, "draft_strand", instrument=world.adapted.slug, code="COMM"), data
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.statement == "We speak with one voice."
    assert first.descriptors.get(level=levels[0]).text == "Nobody has tried yet."


def test_publishing_the_draft_makes_it_the_instruments_current_version(world, client_for):
    draft = world.adapted.versions.get(status="draft")

    response = client_for("coordinator").post(
        url(world, "draft_publish", instrument=world.adapted.slug), follow=True
    )

    draft.refresh_from_db()
    assert draft.is_published
    assert "is published for your ecosystem" in response.content.decode()


def test_publishing_names_the_ecosystems_open_rounds_on_the_older_version(world, client_for):
    services.open_round(
        world.ecosystem,
        version=world.adapted.latest_published(),
        title="Pilot of our wording",
        period="2027",
        due_date=None,
        anonymous=False,
        disagreement_threshold=2,
        invitees=[],
        opened_by=world.users["coordinator"],
    )

    response = client_for("coordinator").post(
        url(world, "draft_publish", instrument=world.adapted.slug), follow=True
    )

    assert "keep the wording they were opened with: Pilot of our wording" in (
        response.content.decode()
    )


def test_the_adapted_instrument_page_credits_the_ecosystem_and_the_original(world, client_for):
    page = client_for("viewer").get(url(world, "instrument_detail", instrument=world.adapted.slug))

    text = page.content.decode()
    assert f"Adapted by {world.ecosystem.name} from Ecosystem Continuum" in text
    assert "Strong Library Ecosystems" in text


def test_the_index_lists_the_ecosystems_adapted_instrument_and_not_anothers(world, client_for):
    page = client_for("viewer").get(url(world, "index")).content.decode()

    assert world.adapted.name in page
    assert world.other_adapted.name not in page


def test_the_index_lists_own_drafts_for_coordinators_only(world, client_for):
    edit = url(world, "draft_edit", instrument=world.adapted.slug)

    assert edit in client_for("coordinator").get(url(world, "index")).content.decode()
    assert edit not in client_for("editor").get(url(world, "index")).content.decode()


def test_a_round_can_be_opened_on_the_adapted_version(world, client_for):
    version = world.adapted.latest_published()

    response = client_for("coordinator").post(
        url(world, "round_create"),
        {
            "version": version.pk,
            "title": "Our own wording",
            "period": "2028",
            "disagreement_threshold": 2,
            "invitees": [world.memberships["contributor"].pk],
            "strands": [strand.pk for strand in version.strands.all()],
        },
    )

    assert response.status_code == 302
    assert world.ecosystem.rounds.get(title="Our own wording").version == version


def test_a_round_cannot_be_opened_on_another_ecosystems_version(world, client_for):
    response = client_for("coordinator").post(
        url(world, "round_create"),
        {
            "version": world.other_adapted.latest_published().pk,
            "title": "Borrowed wording",
            "period": "2028",
            "disagreement_threshold": 2,
            "invitees": [world.memberships["contributor"].pk],
            "strands": [s.pk for s in world.other_adapted.latest_published().strands.all()],
        },
    )

    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert not world.ecosystem.rounds.filter(title="Borrowed wording").exists()
