"""The agenda tools' shipped content: the year-round task templates and the default
dollar values of the fact sheet. Loaded by the migration ``0002_toolkit_content``.

``year-round-tasks.json``: a list of {"title", "description", "timing" (month |
before_session | during_session | after_session), "month" (1-12 or null), "weeks" (or
null)}; the list order is the position.

``value-categories.json``: a list of {"name", "unit", "default_value" (a string such as
"17.00"), "explanation"}; the list order is the position.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

CONTENT = Path(__file__).resolve().parent


def read(name: str) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = json.loads((CONTENT / name).read_text(encoding="utf-8"))
    return content


def load_shipped(apps: Any) -> None:
    """Load what is missing; templates and categories already there are left alone."""
    TaskTemplate = apps.get_model("agendas", "TaskTemplate")
    ValueCategory = apps.get_model("agendas", "ValueCategory")
    for position, task in enumerate(read("year-round-tasks.json")):
        TaskTemplate.objects.get_or_create(
            title=task["title"],
            defaults={
                "description": task.get("description", ""),
                "timing": task["timing"],
                "month": task.get("month"),
                "weeks": task.get("weeks"),
                "position": position,
            },
        )
    for position, category in enumerate(read("value-categories.json")):
        ValueCategory.objects.get_or_create(
            name=category["name"],
            defaults={
                "unit": category["unit"],
                "default_value": Decimal(category["default_value"]),
                "explanation": category.get("explanation", ""),
                "position": position,
            },
        )
