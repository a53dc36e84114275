"""Agenda building, the year-round advocacy checklist and the value fact sheet (issue 4)."""
