"""The instruments: shipped content, frozen published versions, drafts, JSON documents."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from continuum import services
from continuum.content import CONTENT
from continuum.models import (
    Descriptor,
    Indicator,
    Instrument,
    InstrumentVersion,
    Level,
    Resource,
    Strand,
)
from continuum.models.instruments import FrozenVersionError
from continuum.rubric_files import reading, writing


@pytest.fixture
def continuum(db) -> InstrumentVersion:
    return Instrument.objects.get(slug="ecosystem-continuum").latest_published()


# --- What ships ------------------------------------------------------------------------------


def test_the_continuum_ships_with_four_strands_four_levels_and_every_descriptor(continuum):
    strands = list(continuum.strands.order_by("position"))
    levels = list(continuum.levels.order_by("value"))

    assert [s.name for s in strands] == [
        "Leadership",
        "Communication",
        "Collaboration",
        "Sustainability",
    ]
    assert len(levels) == 4
    for strand in strands:
        assert 4 <= strand.indicators.count() <= 6
    assert Descriptor.objects.filter(indicator__version=continuum).exclude(text="").count() == (
        continuum.indicators.count() * 4
    )
    assert services.completeness_problems(continuum) == []


def test_the_checklists_ship_published_with_yes_partly_not_yet(db):
    checklist = Instrument.objects.get(slug="self-assessment-checklist").latest_published()
    practices = Instrument.objects.get(slug="collaboration-best-practices").latest_published()

    assert 15 <= checklist.indicators.count() <= 25
    assert practices.indicators.count() == 9
    for version in (checklist, practices):
        assert [level.label for level in version.levels.order_by("-value")] == [
            "Yes",
            "Partly",
            "Not yet",
        ]


def test_the_resource_library_ships_linked_to_strands(db):
    assert Resource.objects.count() >= 10
    assert set(Resource.objects.values_list("strands__code", flat=True)) >= {
        "LEAD",
        "COMM",
        "COLLAB",
        "SUST",
    }


# --- Published versions are frozen ---------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda v: Level.objects.create(version=v, value=9, label="Extra"),
        lambda v: v.levels.first().save(),
        lambda v: v.strands.first().delete(),
        lambda v: Strand.objects.create(version=v, code="NEW", name="New"),
        lambda v: Indicator.objects.filter(version=v).first().save(),
        lambda v: Descriptor.objects.filter(indicator__version=v).first().delete(),
        lambda v: v.save(),
        lambda v: v.delete(),
    ],
)
def test_a_published_version_refuses_every_change(continuum, change):
    with pytest.raises(FrozenVersionError, match="is published, so its wording is frozen"):
        change(continuum)


def test_a_draft_with_gaps_cannot_be_published(continuum):
    draft = services.duplicate_as_draft(continuum)
    Descriptor.objects.filter(indicator__version=draft, indicator__code="LEAD-1").first().delete()
    Strand.objects.create(version=draft, code="EMPTY", name="Empty", position=9)

    with pytest.raises(services.ContinuumError) as refusal:
        services.publish(draft)

    assert "Indicator LEAD-1 has no descriptor for" in str(refusal.value)
    assert "Strand EMPTY has no indicators" in str(refusal.value)
    assert not InstrumentVersion.objects.get(pk=draft.pk).is_published


def test_duplicating_makes_an_editable_draft_with_the_same_wording(continuum):
    draft = services.duplicate_as_draft(continuum)

    assert (draft.number, draft.status) == (continuum.number + 1, "draft")
    first = writing.version_document(continuum)
    second = writing.version_document(draft)
    assert first["strands"] == second["strands"]
    assert first["levels"] == second["levels"]
    indicator = draft.indicators.get(code="LEAD-1")
    indicator.statement = "Reworded for the next edition."
    indicator.save()
    services.publish(draft)
    assert draft.indicators.get(code="LEAD-1").statement == "Reworded for the next edition."
    assert continuum.indicators.get(code="LEAD-1").statement != indicator.statement


def test_duplicating_keeps_the_resources_linked(continuum):
    resource = Resource.objects.filter(indicators__version=continuum).first()
    codes = set(resource.indicators.values_list("code", flat=True))

    draft = services.duplicate_as_draft(continuum)

    assert set(resource.indicators.filter(version=draft).values_list("code", flat=True)) == codes


# --- JSON documents -------------------------------------------------------------------------


def test_export_then_import_then_export_gives_the_same_bytes(continuum, tmp_path):
    first = tmp_path / "first.json"
    call_command("export_rubric", "ecosystem-continuum", "--output", str(first), stderr=StringIO())
    document = json.loads(first.read_text())
    document["version"]["number"] = 7
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")

    call_command("import_rubric", str(changed), stdout=StringIO())
    second = StringIO()
    call_command("export_rubric", "ecosystem-continuum", "--number", "7", stdout=second)

    assert second.getvalue() == changed.read_text()
    assert second.getvalue() == first.read_text().replace('"number": 1,', '"number": 7,')


def test_the_shipped_files_are_exactly_what_export_writes(continuum):
    out = StringIO()
    call_command("export_rubric", "ecosystem-continuum", "--number", "1", stdout=out)

    assert out.getvalue() == (CONTENT / "ecosystem-continuum.json").read_text(encoding="utf-8")


def test_an_imported_version_is_a_draft_unless_published_at_once(db, tmp_path):
    document = json.loads((CONTENT / "self-assessment-checklist.json").read_text())
    document["version"]["number"] = 2
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(document))

    call_command("import_rubric", str(path), "--publish", stdout=StringIO())

    version = InstrumentVersion.objects.get(instrument__slug="self-assessment-checklist", number=2)
    assert version.is_published
    assert version.indicators.count() == 20


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": "something-else"}', "not an instrument document"),
        (b'{"format": "workbench-instrument/1", "instrument": {}}', 'needs "slug"'),
    ],
)
def test_a_broken_document_is_refused_with_a_clear_message(tmp_path, db, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_rubric", str(path))


def test_importing_an_existing_version_number_is_refused(db, tmp_path):
    path = tmp_path / "again.json"
    path.write_bytes((CONTENT / "ecosystem-continuum.json").read_bytes())

    with pytest.raises(CommandError, match="already has a version 1"):
        call_command("import_rubric", str(path))
    assert InstrumentVersion.objects.filter(instrument__slug="ecosystem-continuum").count() == 1


def test_descriptors_for_levels_the_scale_lacks_are_refused():
    document = json.loads((CONTENT / "ecosystem-continuum.json").read_text())
    document["strands"][0]["indicators"][0]["descriptors"]["9"] = "Beyond the scale"

    with pytest.raises(reading.DocumentError, match="levels the scale does not have"):
        reading.validate(document)
