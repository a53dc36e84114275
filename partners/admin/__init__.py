"""The partner tools in the Django admin: one module per part here, the progress record's
and the webs' in their own packages. Importing them registers them."""

from ..progress import admin as progress_admin  # noqa: F401
from ..webs import admin as webs_admin  # noqa: F401
from . import documents, logs, records  # noqa: F401
