"""One instrument version as a single JSON document, and back.

The document holds the wording only (never the version's status), in a fixed order with
fixed formatting, so that export → import → export gives the same bytes. The shipped
content in ``continuum/content/`` is written in this format and loaded by a migration.

The loader takes the model classes as an argument so the data migration can pass its
historical models; it never relies on custom ``save()`` behaviour.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMAT = "workbench-instrument/1"
MAX_DOCUMENT_BYTES = 1_000_000


class DocumentError(ValueError):
    """The document cannot be imported; the message says what to fix."""


@dataclass
class ContentModels:
    Instrument: Any
    InstrumentVersion: Any
    Level: Any
    Strand: Any
    Indicator: Any
    Descriptor: Any


def current_models() -> ContentModels:
    from . import models

    return ContentModels(
        models.Instrument,
        models.InstrumentVersion,
        models.Level,
        models.Strand,
        models.Indicator,
        models.Descriptor,
    )


# --- Export ----------------------------------------------------------------------------------


def version_document(version: Any) -> dict[str, Any]:
    from .models import Descriptor

    instrument = version.instrument
    levels = list(version.levels.order_by("value"))
    descriptors: dict[int, dict[str, str]] = {}
    for descriptor in Descriptor.objects.filter(indicator__version=version).select_related("level"):
        descriptors.setdefault(descriptor.indicator_id, {})[str(descriptor.level.value)] = (
            descriptor.text
        )
    indicators_by_strand: dict[int, list[Any]] = {}
    for indicator in version.indicators.order_by("position", "pk"):
        indicators_by_strand.setdefault(indicator.strand_id, []).append(indicator)
    return {
        "format": FORMAT,
        "instrument": {
            "slug": instrument.slug,
            "name": instrument.name,
            "kind": instrument.kind,
            "description": instrument.description,
        },
        "version": {"number": version.number, "notes": version.notes},
        "levels": [
            {"value": level.value, "label": level.label, "description": level.description}
            for level in levels
        ],
        "strands": [
            {
                "code": strand.code,
                "name": strand.name,
                "description": strand.description,
                "indicators": [
                    {
                        "code": indicator.code,
                        "statement": indicator.statement,
                        "guidance": indicator.guidance,
                        "descriptors": {
                            str(level.value): descriptors.get(indicator.pk, {}).get(
                                str(level.value), ""
                            )
                            for level in levels
                        },
                    }
                    for indicator in indicators_by_strand.get(strand.pk, [])
                ],
            }
            for strand in version.strands.order_by("position", "pk")
        ],
    }


def export_version(version: Any) -> str:
    return json.dumps(version_document(version), ensure_ascii=False, indent=2) + "\n"


# --- Import ----------------------------------------------------------------------------------


def parse(text: str | bytes) -> dict[str, Any]:
    if len(text) > MAX_DOCUMENT_BYTES:
        raise DocumentError(_("The file is larger than 1 MB; an instrument is far smaller."))
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DocumentError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError(
            _('This is not an instrument document (expected "format": "%(format)s").')
            % {"format": FORMAT}
        )
    validate(document)
    return document


def _require(mapping: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(mapping, dict) or not isinstance(mapping.get(key), kind):
        raise DocumentError(
            _('%(where)s needs "%(key)s" (%(kind)s).')
            % {"where": where, "key": key, "kind": kind.__name__}
        )
    return mapping[key]


def validate(document: dict[str, Any]) -> None:
    instrument = _require(document, "instrument", dict, _("The document"))
    _require(instrument, "slug", str, _("The instrument"))
    _require(instrument, "name", str, _("The instrument"))
    version = _require(document, "version", dict, _("The document"))
    _require(version, "number", int, _("The version"))
    levels = _require(document, "levels", list, _("The document"))
    if not levels:
        raise DocumentError(_("The scale needs at least one level."))
    values = [_require(level, "value", int, _("Each level")) for level in levels]
    for level in levels:
        _require(level, "label", str, _("Each level"))
    if len(set(values)) != len(values):
        raise DocumentError(_("Two levels have the same value."))
    strand_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for strand in _require(document, "strands", list, _("The document")):
        code = _require(strand, "code", str, _("Each strand"))
        _require(strand, "name", str, _("Each strand"))
        if code in strand_codes:
            raise DocumentError(_("Strand code %(code)s appears twice.") % {"code": code})
        strand_codes.add(code)
        for indicator in _require(strand, "indicators", list, _("Strand %s") % code):
            icode = _require(indicator, "code", str, _("Each indicator"))
            _require(indicator, "statement", str, _("Indicator %s") % icode)
            if icode in indicator_codes:
                raise DocumentError(_("Indicator code %(code)s appears twice.") % {"code": icode})
            indicator_codes.add(icode)
            descriptors = indicator.get("descriptors", {})
            if not isinstance(descriptors, dict) or not set(descriptors) <= {
                str(v) for v in values
            }:
                raise DocumentError(
                    _("Indicator %(code)s has descriptors for levels the scale does not have.")
                    % {"code": icode}
                )


@transaction.atomic
def import_document(
    document: dict[str, Any], models: ContentModels | None = None, *, publish: bool = False
) -> Any:
    """Create the version the document describes (a draft unless ``publish``)."""
    m = models or current_models()
    data = document["instrument"]
    instrument, _created = m.Instrument.objects.get_or_create(
        slug=data["slug"],
        defaults={"name": data["name"], "kind": data.get("kind", "rubric")},
    )
    instrument.name = data["name"]
    instrument.kind = data.get("kind", instrument.kind)
    instrument.description = data.get("description", "")
    instrument.save()
    number = document["version"]["number"]
    if m.InstrumentVersion.objects.filter(instrument=instrument, number=number).exists():
        raise DocumentError(
            _("%(name)s already has a version %(number)s. Change the number in the file.")
            % {"name": instrument.name, "number": number}
        )
    version = m.InstrumentVersion.objects.create(
        instrument=instrument, number=number, notes=document["version"].get("notes", "")
    )
    levels = {
        level["value"]: m.Level.objects.create(
            version=version,
            value=level["value"],
            label=level["label"],
            description=level.get("description", ""),
        )
        for level in document["levels"]
    }
    for strand_position, strand_data in enumerate(document["strands"]):
        strand = m.Strand.objects.create(
            version=version,
            position=strand_position,
            code=strand_data["code"],
            name=strand_data["name"],
            description=strand_data.get("description", ""),
        )
        for position, indicator_data in enumerate(strand_data["indicators"]):
            indicator = m.Indicator.objects.create(
                strand=strand,
                version=version,
                position=position,
                code=indicator_data["code"],
                statement=indicator_data["statement"],
                guidance=indicator_data.get("guidance", ""),
            )
            m.Descriptor.objects.bulk_create(
                m.Descriptor(indicator=indicator, level=levels[int(value)], text=text)
                for value, text in indicator_data.get("descriptors", {}).items()
                if text
            )
    if publish:
        # A direct update: the historical models of a migration have no publish service.
        m.InstrumentVersion.objects.filter(pk=version.pk).update(
            status="published", published_at=timezone.now()
        )
        version.refresh_from_db()
    return version


def import_text(text: str | bytes, *, publish: bool = False) -> Any:
    return import_document(parse(text), publish=publish)


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
