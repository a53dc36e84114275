"""How agenda views find their records: always through the request's ecosystem."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.crumbs import Crumb, trail
from ecosystem.models import Organization

from ..models import AgendaCycle, FactSheet, Submission
from ..rules import may_edit_input


def _tool(request: EcosystemRequest) -> Crumb:
    return (_("Agenda building"), reverse("agendas:index", args=[request.ecosystem.slug]))


def crumbs(
    request: EcosystemRequest,
    current: str | Promise | None = None,
    cycle: AgendaCycle | None = None,
) -> list[Crumb]:
    """Agenda building's trail: the tool, the cycle if the page belongs to one, the page."""
    slug = request.ecosystem.slug
    return trail(
        _tool(request),
        (cycle.title, reverse("agendas:cycle_detail", args=[slug, cycle.pk])) if cycle else None,
        current=current,
    )


def plan_crumbs(request: EcosystemRequest, current: str | Promise | None = None) -> list[Crumb]:
    """The year plan's trail: the tool, the plan, the page."""
    plan = (
        _("Year Round Advocacy Checklist"),
        reverse("agendas:plan", args=[request.ecosystem.slug]),
    )
    return trail(_tool(request), plan, current=current)


def factsheet_crumbs(
    request: EcosystemRequest, current: str | Promise | None = None, sheet: FactSheet | None = None
) -> list[Crumb]:
    """The fact sheets' trail: the tool, the list, the sheet, the page."""
    slug = request.ecosystem.slug
    return trail(
        _tool(request),
        (_("Value fact sheets"), reverse("agendas:factsheet_list", args=[slug])),
        (sheet.title, reverse("agendas:factsheet_detail", args=[slug, sheet.pk]))
        if sheet
        else None,
        current=current,
    )


def get_cycle(request: EcosystemRequest, pk: int) -> AgendaCycle:
    return get_object_or_404(AgendaCycle.objects.for_ecosystem(request.ecosystem), pk=pk)


def get_organization(request: EcosystemRequest, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.for_ecosystem(request.ecosystem), pk=pk)


def check_may_edit_input(request: EcosystemRequest, submission: Submission) -> None:
    """Refuse (403) changes by people who don't speak for the organization, and changes
    after the deadline (unless a coordinator reopened this organization's input)."""
    if not may_edit_input(request.membership, submission.organization):
        raise PermissionDenied(
            _("Only people who speak for %(org)s, editors and coordinators change its input.")
            % {"org": submission.organization.name}
        )
    if not submission.accepts_changes:
        raise PermissionDenied(closed_message(submission))


def closed_message(submission: Submission) -> str:
    cycle = submission.cycle
    if not cycle.is_gathering:
        return _("Input for %(cycle)s is closed: the agenda is being put together.") % {
            "cycle": cycle.title
        }
    return _(
        "Input for %(cycle)s closed on %(date)s. A coordinator can reopen it for your "
        "organization if you still need to change something."
    ) % {"cycle": cycle.title, "date": date_format(cycle.input_deadline)}
