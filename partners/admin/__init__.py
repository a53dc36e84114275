"""The partner tools in the Django admin, one module per part."""

from ..progress import admin as progress_admin  # noqa: F401 -- importing registers them
from ..webs import admin as webs_admin  # noqa: F401
from . import documents, logs, records  # noqa: F401
