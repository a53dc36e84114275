"""The worksheets of the agenda-building process that print blank, for a meeting on paper."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

BLANK_WORKSHEETS = {
    "information-gathering": gettext_lazy("Information Gathering Template"),
    "legislative-issues": gettext_lazy("Legislative Issues worksheet"),
    "public-facing-issues": gettext_lazy("Public-Facing Advocacy Issues worksheet"),
    "consolidating-the-input": gettext_lazy("Consolidating the Input worksheet"),
}
