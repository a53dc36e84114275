"""The partner tools in the Django admin, one module per part."""

from . import documents, logs, progress, records, webs  # noqa: F401 -- importing registers them
