"""A partner's log, harvests, health and reflections: what the partner page shows of them.

(Placeholder: the progress-logs helper fills this in.)"""

from __future__ import annotations

from typing import Any

from .models import Partner


def detail_context(partner: Partner) -> dict[str, Any]:
    """What the log, harvest, health and reflection partials need, in a fixed number of
    queries."""
    return {}
