"""Template helpers for agenda building."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``mapping[key]``, or an empty string, for tables keyed by id."""
    return mapping.get(key, "") if mapping else ""
