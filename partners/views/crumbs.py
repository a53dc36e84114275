"""The trails above the partners app's pages: the partners (and one partner), the
whole-garden reflections, the CSV import, the progress record, the Webs of Connection."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.crumbs import Crumb, trail

from ..models import Partner, ProgressEntry

Label = str | Promise | None


def _partners(request: EcosystemRequest) -> Crumb:
    return (_("Partners"), reverse("partners:partner_list", args=[request.ecosystem.slug]))


def partner_crumbs(
    request: EcosystemRequest, partner: Partner | None = None, current: Label = None
) -> list[Crumb]:
    """Partners > the partner > the page."""
    return trail(
        _partners(request),
        (partner.name, partner.get_absolute_url()) if partner else None,
        current=current,
    )


def garden_crumbs(request: EcosystemRequest, current: Label) -> list[Crumb]:
    """Partners > Whole-garden reflections > the page."""
    reflections = reverse("partners:garden_reflection_list", args=[request.ecosystem.slug])
    return trail(_partners(request), (_("Whole-garden reflections"), reflections), current=current)


def import_crumbs(request: EcosystemRequest, checking: bool) -> list[Crumb]:
    """Partners > Import from CSV > Check the rows (when an upload waits for a check)."""
    upload = (
        _("Import from CSV"),
        reverse("partners:partner_import", args=[request.ecosystem.slug]),
    )
    if checking:
        return trail(_partners(request), upload, current=_("Check the rows"))
    return trail(_partners(request), upload)


def progress_crumbs(
    request: EcosystemRequest,
    current: Label = None,
    entry: ProgressEntry | None = None,
    entry_name: str = "",
) -> list[Crumb]:
    """The ecosystem > Progress record > the entry > the page."""
    slug = request.ecosystem.slug
    return trail(
        (request.ecosystem.name, reverse("ecosystem:home", args=[slug])),
        (_("Progress record"), reverse("partners:progress_list", args=[slug])),
        (entry_name, reverse("partners:progress_detail", args=[slug, entry.pk])) if entry else None,
        current=current,
    )


def webs_crumbs(request: EcosystemRequest, current: Label) -> list[Crumb]:
    """Webs of Connection > the page."""
    webs = (_("Webs of Connection"), reverse("partners:webs", args=[request.ecosystem.slug]))
    return trail(webs, current=current)
