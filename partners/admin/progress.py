"""Admin for this part of the partner tools."""
