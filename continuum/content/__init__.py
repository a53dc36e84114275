"""The toolkit's shipped content: the instruments (published) and the resource library.

Loaded by the migration ``0002_toolkit_content``. Tests whose database was emptied (a
browser test's flush) load it again the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONTENT = Path(__file__).resolve().parent
INSTRUMENTS = [
    "ecosystem-continuum",
    "self-assessment-checklist",
    "collaboration-best-practices",
]


def load_shipped(apps: Any) -> None:
    """Load whatever is missing; an instrument that already exists is left alone, so site
    administrators' own versions are never touched."""
    from continuum.documents import ContentModels, import_document, load_resources, validate

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
