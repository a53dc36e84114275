"""Consolidating the input into priorities, scoring them, publishing the One Voice agenda,
and signing on to it."""

from __future__ import annotations

from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.models import Organization, Role
from ecosystem.pdf import render_pdf

from .. import services
from ..cycle_forms import (
    ConsolidationFilter,
    MergeForm,
    PriorityForm,
    PublishForm,
    ScoreSheetForm,
    SignOnForm,
)
from ..models import AdvocacyIssue, LegislativeIssue, Priority, PublishedAgenda, Score, SignOn
from ..rules import may_sign_for
from .common import crumbs, get_cycle


def _issues(cycle: Any) -> tuple[list[LegislativeIssue], list[AdvocacyIssue]]:
    """All input of the cycle, with its organization and priorities: four queries."""
    related = ("submission__organization",)
    legislative = list(
        LegislativeIssue.objects.for_cycle(cycle)
        .select_related(*related)
        .prefetch_related("priorities")
        .order_by("submission__organization__name", "position", "pk")
    )
    public = list(
        AdvocacyIssue.objects.for_cycle(cycle)
        .select_related(*related)
        .prefetch_related("priorities")
        .order_by("submission__organization__name", "position", "pk")
    )
    return legislative, public


def _keep(issue: Any, data: dict[str, Any]) -> bool:
    organization, library_type = data.get("organization"), data.get("library_type")
    if organization and issue.submission.organization_id != organization.pk:
        return False
    return not library_type or library_type in issue.library_types


@role_required(Role.COORDINATOR)
def consolidate(request: EcosystemRequest, pk: int) -> HttpResponse:
    """Every organization's issues side by side, to merge duplicates into priorities."""
    cycle = get_cycle(request, pk)
    legislative, public = _issues(cycle)
    filters = ConsolidationFilter(request.GET or None, ecosystem=request.ecosystem)
    data = filters.cleaned_data if filters.is_valid() else {}
    kind = data.get("kind")
    legislative = [i for i in legislative if kind in ("", None, "legislative") and _keep(i, data)]
    public = [i for i in public if kind in ("", None, "public") and _keep(i, data)]
    return render(
        request,
        "agendas/consolidate.html",
        {
            "cycle": cycle,
            "filter": filters,
            "legislative": legislative,
            "public": public,
            "merge_form": MergeForm(cycle=cycle),
            "crumbs": crumbs(request, _("Consolidating the input"), cycle),
            "priorities": services.ranking(cycle),
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def merge(request: EcosystemRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    form = MergeForm(request.POST, cycle=cycle)
    if form.is_valid():
        priority = services.merge(
            cycle,
            legislative=list(form.cleaned_data["legislative"]),
            advocacy=list(form.cleaned_data["advocacy"]),
            priority=form.cleaned_data["priority"],
            title=form.cleaned_data["title"],
        )
        messages.success(
            request,
            _("The selected input is now part of the priority “%(title)s”.")
            % {"title": priority.title},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("agendas:consolidate", ecosystem_slug=request.ecosystem.slug, pk=cycle.pk)


def _priority(request: EcosystemRequest, pk: int, priority_pk: int) -> Priority:
    cycle = get_cycle(request, pk)
    return get_object_or_404(Priority.objects.filter(cycle=cycle), pk=priority_pk)


def priority_detail(request: EcosystemRequest, pk: int, priority_pk: int) -> HttpResponse:
    priority = _priority(request, pk, priority_pk)
    cycle = priority.cycle
    ranked = next(r for r in services.ranking(cycle) if r.priority.pk == priority.pk)
    members = services.voices_of_members(cycle.ecosystem_id)
    scores = (
        Score.objects.filter(priority=priority)
        .select_related("user", "criterion")
        .order_by("user__full_name", "criterion__position")
    )
    # Each person's sheet, with the voice it counts for; grouped by organization, as ranked.
    by_person: dict[Any, dict[int, int]] = {}
    for score in scores:
        by_person.setdefault(score.user, {})[score.criterion_id] = score.value
    people = sorted(
        (
            (services.voice_of(person.pk, person.get_full_name(), members), person, values)
            for person, values in by_person.items()
        ),
        key=lambda row: (not row[0].is_organization, row[0].name, row[1].get_full_name()),
    )
    return render(
        request,
        "agendas/priority_detail.html",
        {
            "cycle": cycle,
            "priority": priority,
            "ranked": ranked,
            "criteria": list(cycle.criteria.all()),
            "people": people,
            "crumbs": crumbs(request, priority.title, cycle),
            "legislative": ranked.priority.legislative_issues.all(),
            "public": ranked.priority.advocacy_issues.all(),
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def priority_update(request: EcosystemRequest, pk: int, priority_pk: int) -> HttpResponse:
    priority = _priority(request, pk, priority_pk)
    form = PriorityForm(request.POST or None, instance=copy(priority))
    if request.method == "POST" and form.is_valid() and (saved := form.save_checked()):
        messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
        return redirect(
            "agendas:priority_detail",
            ecosystem_slug=request.ecosystem.slug,
            pk=priority.cycle_id,
            priority_pk=priority.pk,
        )
    return render(
        request,
        "agendas/priority_form.html",
        {
            "cycle": priority.cycle,
            "priority": priority,
            "form": form,
            "crumbs": crumbs(request, priority.title, priority.cycle),
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def priority_delete(request: EcosystemRequest, pk: int, priority_pk: int) -> HttpResponse:
    priority = _priority(request, pk, priority_pk)
    if request.method == "POST":
        priority.delete()
        messages.success(
            request,
            _("“%(title)s” was removed; the organizations' input is still there to merge again.")
            % {"title": priority.title},
        )
        return redirect(
            "agendas:consolidate", ecosystem_slug=request.ecosystem.slug, pk=priority.cycle_id
        )
    return render(
        request, "agendas/priority_delete.html", {"cycle": priority.cycle, "priority": priority}
    )


@role_required(Role.CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def scoring(request: EcosystemRequest, pk: int) -> HttpResponse:
    """A member's own score sheet for every priority of the cycle."""
    cycle = get_cycle(request, pk)
    priorities = list(cycle.priorities.all())
    criteria = list(cycle.criteria.all())
    mine = {
        (s.priority_id, s.criterion_id): s.value
        for s in Score.objects.filter(priority__cycle=cycle, user=request.user)
    }
    form = ScoreSheetForm(request.POST or None, priorities=priorities, criteria=criteria, mine=mine)
    if request.method == "POST":
        if cycle.status != cycle.Status.CONSOLIDATING:
            raise PermissionDenied(_("Scores are given while the input is being consolidated."))
        if form.is_valid():
            services.save_scores(
                request.user,
                {c.pk: c for c in criteria},
                {p.pk: p for p in priorities},
                form.scores(),
            )
            messages.success(request, _("Your scores are saved."))
            return redirect("agendas:ranking", ecosystem_slug=request.ecosystem.slug, pk=cycle.pk)
    return render(
        request,
        "agendas/scoring.html",
        {
            "cycle": cycle,
            "form": form,
            "criteria": criteria,
            "crumbs": crumbs(request, _("Your scores"), cycle),
        },
    )


def ranking(request: EcosystemRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    return render(
        request,
        "agendas/ranking.html",
        {
            "cycle": cycle,
            "ranked": services.ranking(cycle, request.user),
            "crumbs": crumbs(request, _("Ranking"), cycle),
            "criteria": list(cycle.criteria.all()),
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def publish(request: EcosystemRequest, pk: int) -> HttpResponse:
    """Publishing shows what each priority still lacks; with gaps, it takes a tick."""
    cycle = get_cycle(request, pk)
    ranked = services.ranking(cycle)
    posted = request.POST if request.method == "POST" else None  # bound even when empty
    form = PublishForm(posted, gaps=services.agenda_gaps(ranked))
    if request.method == "POST" and form.is_valid():
        try:
            agenda = services.publish_agenda(
                cycle, request.user, accept_gaps=form.cleaned_data.get("accept_gaps", False)
            )
        except services.IncompleteAgenda:
            # Someone removed talking points or an ask since the page was shown.
            messages.error(request, _("The agenda changed: check the gaps again."))
            return redirect("agendas:publish", ecosystem_slug=request.ecosystem.slug, pk=cycle.pk)
        except services.AgendaError as error:
            messages.error(request, str(error))
            return redirect(cycle)
        messages.success(
            request,
            _("Version %(number)s of the agenda is published; organizations can now sign on.")
            % {"number": agenda.number},
        )
        return redirect(
            "agendas:agenda_detail",
            ecosystem_slug=request.ecosystem.slug,
            pk=cycle.pk,
            number=agenda.number,
        )
    return render(
        request,
        "agendas/publish.html",
        {
            "cycle": cycle,
            "ranked": ranked,
            "form": form,
            "previous": cycle.agendas.first(),
            "crumbs": crumbs(request, _("Publish"), cycle),
        },
    )


def _agenda(request: EcosystemRequest, pk: int, number: int) -> PublishedAgenda:
    cycle = get_cycle(request, pk)
    return get_object_or_404(
        PublishedAgenda.objects.filter(cycle=cycle)
        .select_related("cycle", "published_by")
        .prefetch_related(
            Prefetch(
                "sign_ons",
                queryset=SignOn.objects.select_related("organization", "signed_by"),
            )
        ),
        number=number,
    )


def agenda_detail(request: EcosystemRequest, pk: int, number: int) -> HttpResponse:
    agenda = _agenda(request, pk, number)
    signed = {sign_on.organization_id for sign_on in agenda.sign_ons.all()}
    can_sign_for = may_sign_for(request.membership).exclude(pk__in=signed)
    return render(
        request,
        "agendas/agenda_detail.html",
        {
            "cycle": agenda.cycle,
            "agenda": agenda,
            "newest": agenda.cycle.agendas.first(),
            "crumbs": crumbs(request, _("The agenda"), agenda.cycle),
            "sign_on_form": SignOnForm(organizations=can_sign_for)
            if can_sign_for.exists()
            else None,
        },
    )


@role_required(Role.CONTRIBUTOR)
@require_POST
def sign_on(request: EcosystemRequest, pk: int, number: int) -> HttpResponse:
    """An organization signs on: its own representatives do; coordinators may record a
    sign-on they received another way."""
    agenda = _agenda(request, pk, number)
    form = SignOnForm(request.POST, organizations=may_sign_for(request.membership))
    if not form.is_valid():
        raise PermissionDenied(_("You can sign on only for the organization you speak for."))
    organization = form.cleaned_data["organization"]
    if services.sign_on(agenda, organization, request.user):
        messages.success(
            request, _("%(org)s now stands behind this agenda.") % {"org": organization.name}
        )
    else:
        messages.info(request, _("%(org)s had already signed on.") % {"org": organization.name})
    return redirect(
        "agendas:agenda_detail", ecosystem_slug=request.ecosystem.slug, pk=pk, number=number
    )


def agenda_pdf(request: EcosystemRequest, pk: int, number: int, layout: str) -> HttpResponse:
    """The agenda for legislators and partners: on one page (to hand over) or in full.
    Both show each priority's ask and talking points and who signed on; neither shows
    scores, ranks or what an organization wrote in its own input."""
    if layout not in ("one-page", "full"):
        raise Http404("No such layout.")
    agenda = _agenda(request, pk, number)
    context = {
        "title": _("One Voice agenda: %(title)s") % {"title": agenda.cycle.title},
        "tagline": agenda.content.get("introduction", ""),
        "agenda": agenda,
        "cycle": agenda.cycle,
        # "N of M signed on": M is every organization taking part today.
        "organization_count": Organization.objects.for_ecosystem(request.ecosystem).count(),
        "records_date": timezone.localdate(),
    }
    template = (
        "agendas/pdf/agenda_onepage.html" if layout == "one-page" else "agendas/pdf/agenda.html"
    )
    pdf = render_pdf(template, context, request=request)
    filename = dated_filename(
        request.ecosystem.slug,
        agenda.cycle.title,
        f"agenda-v{agenda.number}",
        layout,
        extension="pdf",
    )
    return pdf_response(pdf, filename)


def issues_export(request: EcosystemRequest, pk: int) -> HttpResponseBase:
    cycle = get_cycle(request, pk)
    legislative, public = _issues(cycle)
    header = [
        _("Organization"),
        _("Worksheet"),
        _("Issue"),
        _("Library types affected"),
        _("Level of government"),
        _("The ask"),
        _("Urgency"),
        _("Details"),
        _("Merged into"),
    ]
    rows = [
        [
            issue.submission.organization.name,
            _("Legislative"),
            issue.title,
            "; ".join(issue.library_type_labels()),
            issue.get_government_level_display(),
            f"{issue.get_ask_kind_display()}: {issue.ask}"
            if issue.ask
            else issue.get_ask_kind_display(),
            issue.get_urgency_display(),
            issue.description,
            "; ".join(p.title for p in issue.priorities.all()),
        ]
        for issue in legislative
    ] + [
        [
            issue.submission.organization.name,
            _("Public-facing"),
            issue.title,
            "; ".join(issue.library_type_labels()),
            "",
            "",
            "",
            issue.message,
            "; ".join(p.title for p in issue.priorities.all()),
        ]
        for issue in public
    ]
    return csv_response(
        dated_filename(request.ecosystem.slug, cycle.title, "issues", extension="csv"), header, rows
    )
