"""Breadcrumbs: views put a trail in the context as ``crumbs``, and
``templates/includes/breadcrumbs.html`` (included by base.html) prints it."""

from __future__ import annotations

from django.utils.functional import Promise

# (label, url) from the top down; the last one is the page itself and is not linked.
Crumb = tuple[str | Promise, str]


def trail(*crumbs: Crumb | None, current: str | Promise | None = None) -> list[Crumb]:
    """The crumbs that apply (None for a step the page does not have), then ``current``."""
    steps = [crumb for crumb in crumbs if crumb is not None]
    if current:
        steps.append((current, ""))
    return steps
