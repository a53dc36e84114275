"""Partnership documents: checking uploads and what the partner page shows of them.

(Placeholder: the documents helper fills this in.)"""

from __future__ import annotations

from typing import Any

from .models import Partner


def detail_context(partner: Partner) -> dict[str, Any]:
    """What ``templates/partners/partials/_documents.html`` needs, in a fixed number of queries."""
    return {"documents": list(partner.documents.select_related("uploaded_by"))}
