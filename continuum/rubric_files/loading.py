"""Storing an instrument document as a new version of its instrument.

The loader takes the model classes as an argument so the data migration can pass its
historical models; it never relies on custom ``save()`` behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.models import Descriptor, Indicator, Instrument, InstrumentVersion, Level, Strand
from continuum.rubric_files.reading import DocumentError, parse


@dataclass
class ContentModels:
    Instrument: Any
    InstrumentVersion: Any
    Level: Any
    Strand: Any
    Indicator: Any
    Descriptor: Any


def current_models() -> ContentModels:
    return ContentModels(Instrument, InstrumentVersion, Level, Strand, Indicator, Descriptor)


def import_document(
    document: dict[str, Any], models: ContentModels | None = None, *, publish: bool = False
) -> Any:
    """Create the version the document describes (a draft unless ``publish``). The document
    is trusted: one from outside goes through ``parse`` (or ``validate``) first."""
    try:
        with transaction.atomic():
            return _create_version(document, models or current_models(), publish)
    except IntegrityError:
        # Checked before, so only an import of the same version finishing at the same
        # moment gets here.
        raise DocumentError(
            _(
                "Version %(number)s of this instrument was saved by someone else while this "
                "one was being imported. Look at the instrument's versions, then change the "
                "number in the file if need be."
            )
            % {"number": document["version"]["number"]}
        ) from None


def _create_version(document: dict[str, Any], m: ContentModels, publish: bool) -> Any:
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
