"""The toolkit's shipped content: the instruments (published) and the resource library.

Loaded by the migration ``0002_toolkit_content``. Tests whose database was emptied (a
browser test's flush) load it again the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from continuum.rubric_files.loading import ContentModels, import_document
from continuum.rubric_files.reading import validate

CONTENT = Path(__file__).resolve().parent
INSTRUMENTS = [
    "ecosystem-continuum",
    "self-assessment-checklist",
    "collaboration-best-practices",
]
ALA_TOOLKIT = "the American Library Association's Strong Library Ecosystems toolkit"
# What each shipped instrument's wording draws on, for the credit line on its pages and
# PDFs. The wording itself is this project's own.
BASED_ON = {
    "ecosystem-continuum": ALA_TOOLKIT,
    "self-assessment-checklist": ALA_TOOLKIT,
    "collaboration-best-practices": (
        "the nine best practices of collaboration for advocacy gathered by IFLA "
        "(International Federation of Library Associations and Institutions)"
    ),
}


def apply_credits(apps: Any) -> None:
    """Name the sources of the shipped instruments and resources (left alone where a site
    administrator already wrote one)."""
    Instrument = apps.get_model("continuum", "Instrument")
    Resource = apps.get_model("continuum", "Resource")
    for slug, based_on in BASED_ON.items():
        Instrument.objects.filter(slug=slug, ecosystem=None, based_on="").update(based_on=based_on)
    for entry in json.loads((CONTENT / "resources.json").read_text(encoding="utf-8")):
        Resource.objects.filter(title=entry["title"], ecosystem=None, source="").update(
            source=entry.get("source", "")
        )


def load_shipped(apps: Any) -> None:
    """Load whatever is missing; an instrument that already exists is left alone, so site
    administrators' own versions are never touched."""
    models = ContentModels(
        *(
            apps.get_model("continuum", name)
            for name in (
                "Instrument",
                "InstrumentVersion",
                "Level",
                "Strand",
                "Indicator",
                "Descriptor",
            )
        )
    )
    for position, name in enumerate(INSTRUMENTS):
        document = json.loads((CONTENT / f"{name}.json").read_text(encoding="utf-8"))
        validate(document)
        if models.Instrument.objects.filter(slug=document["instrument"]["slug"]).exists():
            continue
        version = import_document(document, models, publish=True)
        models.Instrument.objects.filter(pk=version.instrument_id).update(position=position)
    load_resources(json.loads((CONTENT / "resources.json").read_text(encoding="utf-8")), apps)
    if any(field.name == "based_on" for field in models.Instrument._meta.get_fields()):
        # Loaded again after a flush: the credits' fields exist by now.
        apply_credits(apps)


def load_resources(document: list[dict[str, Any]], apps: Any) -> None:
    """Load the shipped resource library (a list of resources) with the given app registry."""
    Resource = apps.get_model("continuum", "Resource")
    Topic = apps.get_model("continuum", "Topic")
    Strand = apps.get_model("continuum", "Strand")
    Indicator = apps.get_model("continuum", "Indicator")
    for entry in document:
        resource, created = Resource.objects.get_or_create(
            title=entry["title"],
            defaults={
                "kind": entry["kind"],
                "url": entry.get("url", ""),
                "summary": entry["summary"],
                "published_on": entry.get("published_on"),
            },
        )
        if not created:
            continue
        resource.topics.set(
            Topic.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            for name in entry.get("topics", [])
        )
        resource.strands.set(Strand.objects.filter(code__in=entry.get("strands", [])))
        resource.indicators.set(Indicator.objects.filter(code__in=entry.get("indicators", [])))
