"""The agenda tools' home, and agenda cycles: opening, changing, scoring criteria."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.models import Organization, Role
from ecosystem.notifications.outbox import notified

from .. import notices, services
from ..cycle_forms import CriteriaFormSet, CycleForm, CycleUpdateForm
from ..models import AgendaCycle, FactSheet, PlanTask, Submission
from .common import crumbs, get_cycle


def index(request: EcosystemRequest) -> HttpResponse:
    cycles = list(
        AgendaCycle.objects.for_ecosystem(request.ecosystem)
        .annotate(
            submission_count=Count("submissions", distinct=True),
            priority_count=Count("priorities", distinct=True),
        )
        .order_by("-session_start")  # Meta.ordering does not apply to GROUP BY queries
    )
    current = next((c for c in cycles if c.status != AgendaCycle.Status.ARCHIVED), None)
    tasks = PlanTask.objects.for_ecosystem(request.ecosystem)
    return render(
        request,
        "agendas/index.html",
        {
            "cycles": cycles,
            "current": current,
            "overdue_count": tasks.overdue().count(),
            "open_task_count": tasks.open().count(),
            "fact_sheet_count": FactSheet.objects.for_ecosystem(request.ecosystem).count(),
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def cycle_create(request: EcosystemRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = services.create_cycle(
            request.ecosystem, created_by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("%(title)s is open for input until %(date)s.")
            % {"title": cycle.title, "date": cycle.input_deadline},
        )
        return redirect(cycle)
    return render(
        request,
        "agendas/cycles/form.html",
        {"form": form, "crumbs": crumbs(request, _("New cycle"))},
    )


def cycle_detail(request: EcosystemRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    submissions = {
        s.organization_id: s
        for s in Submission.objects.filter(cycle=cycle).annotate(
            legislative_count=Count("legislative_issues", distinct=True),
            advocacy_count=Count("advocacy_issues", distinct=True),
        )
    }
    organizations = list(Organization.objects.for_ecosystem(request.ecosystem))
    rows = [(org, submissions.get(org.pk)) for org in organizations]
    mine = request.membership.organization
    told, told_more = (
        notified(request.ecosystem, notices.key(cycle))
        if request.membership.is_coordinator
        else ([], 0)
    )
    return render(
        request,
        "agendas/cycles/detail.html",
        {
            "notified": told,
            "notified_more": told_more,
            "cycle": cycle,
            "rows": rows,
            "crumbs": crumbs(request, cycle=cycle),
            "sent": sum(1 for s in submissions.values() if s.submitted_at),
            "my_organization": mine,
            "my_submission": submissions.get(mine.pk) if mine else None,
            "agendas": cycle.agendas.all(),
            "ranked": services.ranking(cycle) if cycle.status != cycle.Status.GATHERING else [],
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def cycle_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    form = CycleUpdateForm(request.POST or None, instance=copy(cycle))
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved.is_gathering and not cycle.is_gathering:
            # Gathering again: the organizations are asked anew, whatever they were told.
            notices.input_requested(saved, period=f"reopened:{timezone.now():%Y-%m-%dT%H:%M}")
        messages.success(request, _("The cycle was updated."))
        return redirect(cycle)
    return render(
        request,
        "agendas/cycles/form.html",
        {"form": form, "cycle": cycle, "crumbs": crumbs(request, _("Change"), cycle)},
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def criteria(request: EcosystemRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    formset = CriteriaFormSet(request.POST or None, instance=cycle)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            last = max((c.position for c in cycle.criteria.all()), default=-1)
            for criterion in formset.save(commit=False):
                if criterion.pk is None:  # new criteria go last
                    last += 1
                    criterion.position = last
                criterion.save()
            for criterion in formset.deleted_objects:
                criterion.delete()
        messages.success(request, _("The scoring criteria were saved."))
        return redirect("agendas:ranking", ecosystem_slug=request.ecosystem.slug, pk=cycle.pk)
    return render(
        request,
        "agendas/cycles/criteria.html",
        {
            "cycle": cycle,
            "formset": formset,
            "crumbs": crumbs(request, _("Scoring criteria"), cycle),
        },
    )
