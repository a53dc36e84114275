"""A partner's health checks, each beside the one before it for the trend. Every member
reads; editors and coordinators write."""

from __future__ import annotations

from copy import copy

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.models import Role

from ...log.forms import HealthCheckForm
from ...log.health import elements
from ...models import HealthCheck, Partner
from ..crumbs import partner_crumbs
from .common import delete_child, edit_child, get_partner


def health_list(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    checks = list(partner.health_checks.select_related("checked_by"))
    # Each check beside the one before it, for the trend.
    rows = [
        (check, elements(check, checks[index + 1] if index + 1 < len(checks) else None))
        for index, check in enumerate(checks)
    ]
    crumbs = partner_crumbs(request, partner, _("Health checks"))
    context = {"partner": partner, "rows": rows, "crumbs": crumbs}
    return render(request, "partners/logs/health_list.html", context)


def get_check(partner: Partner, pk: int) -> HealthCheck:
    return get_object_or_404(partner.health_checks, pk=pk)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def health_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = HealthCheckForm(request.POST or None, partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/health_form.html",
        context={},
        current=_("Health check"),
        anchor="health",
        saved=_("The health check was saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def health_update(request: EcosystemRequest, pk: int, check_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    check = get_check(partner, check_pk)
    form = HealthCheckForm(request.POST or None, instance=copy(check), partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/health_form.html",
        context={"check": check},
        current=_("Edit a health check"),
        anchor="health",
        saved=_("Your changes to the health check were saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def health_delete(request: EcosystemRequest, pk: int, check_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    check = get_check(partner, check_pk)
    return delete_child(
        request,
        partner,
        check,
        anchor="health",
        context={
            "heading": _("Delete the health check of %(date)s?")
            % {"date": date_format(check.date)},
            "what": check.notes,
            "consequence": _(
                "Its ratings and notes are deleted for everyone in the ecosystem; the trend "
                "is then taken from the check before it. This cannot be undone."
            ),
            "button": _("Delete the health check"),
        },
        current=_("Delete a health check"),
        deleted=_("The health check was deleted."),
    )
