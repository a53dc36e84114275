"""The partners app's models, one module per subject; Django finds them all here.

Partners and their records live in this package; the progress record's and the Webs of
Connection's models live in their own packages (``partners/progress/``, ``partners/webs/``).
"""

# Migration 0001 names partners.models.private_storage (now the foundation's storage).
from ecosystem.storage import private_storage

from ..progress.models import ProgressEntry, ProgressEntryQuerySet
from ..webs.models import Connection, ConnectionQuerySet, WebSnapshot
from .documents import PartnerDocument, document_path
from .garden import GardenReflection, GardenReflectionQuerySet
from .imports import PartnerImport, PartnerImportQuerySet
from .log import (
    HEALTH_ELEMENTS,
    MAX_COUNT,
    MAX_DOLLARS,
    Harvest,
    HealthCheck,
    Interaction,
    InteractionQuerySet,
    Rating,
    Reflection,
)
from .records import (
    PHASE_EXPLANATIONS,
    STAGE_EXPLANATIONS,
    Contact,
    Formalization,
    Partner,
    PartnerQuerySet,
    Phase,
    Sector,
    Stage,
)

__all__ = [
    "HEALTH_ELEMENTS",
    "MAX_COUNT",
    "MAX_DOLLARS",
    "PHASE_EXPLANATIONS",
    "STAGE_EXPLANATIONS",
    "Connection",
    "ConnectionQuerySet",
    "Contact",
    "Formalization",
    "GardenReflection",
    "GardenReflectionQuerySet",
    "Harvest",
    "HealthCheck",
    "Interaction",
    "InteractionQuerySet",
    "Partner",
    "PartnerDocument",
    "PartnerImport",
    "PartnerImportQuerySet",
    "PartnerQuerySet",
    "Phase",
    "ProgressEntry",
    "ProgressEntryQuerySet",
    "Rating",
    "Reflection",
    "Sector",
    "Stage",
    "WebSnapshot",
    "document_path",
    "private_storage",
]
