"""Rows for the promotional one-pagers: made to be handed out, so every member prints them."""

from __future__ import annotations

from tests.matrix import Row, in_ecosystem

ROWS: list[Row] = [
    in_ecosystem("ecosystem:onepager_pdf", "viewer", kwargs=lambda world: {"slug": "recipe"}),
    in_ecosystem("ecosystem:onepager_pdf", "viewer", kwargs=lambda world: {"slug": "one-voice"}),
]
