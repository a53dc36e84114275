"""Writing an instrument version as its document: the wording only (never the version's
status), in a fixed order with fixed formatting, so that export → import → export gives
the same bytes."""

from __future__ import annotations

import json
from typing import Any

from continuum.models import Descriptor
from continuum.rubric_files.reading import FORMAT


def version_document(version: Any) -> dict[str, Any]:
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
