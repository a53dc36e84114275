"""The partner tools in the Django admin, one module per part."""

from ..webs import admin as webs_admin  # noqa: F401 -- importing registers them
from . import documents, logs, progress, records  # noqa: F401
