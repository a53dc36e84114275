"""Admin for this part of the agenda tools."""
