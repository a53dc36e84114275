"""The agenda tools in the Django admin, one module per tool."""

from . import cycles, factsheets, plan  # noqa: F401 -- importing registers the ModelAdmins
