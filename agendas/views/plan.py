"""The Year Round Advocacy Checklist as the ecosystem's year plan: the task list and the
month calendar (everyone), adding, editing and removing tasks (editors and up), a task's
status (editors, or the task's owner), generating the plan from a cycle (coordinators),
the printed plan and its CSV, and the calendar feed: its settings page inside the
ecosystem and the secret public address calendar apps subscribe to."""

from __future__ import annotations

from copy import copy
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from .. import ics, notices, plan
from ..models import CalendarFeed, PlanTask, TaskTemplate
from ..plan_forms import GeneratePlanForm, PlanTaskFilter, PlanTaskForm, TaskStatusForm
from ..rules import may_change_status
from .common import plan_crumbs

PAGE_SIZE = 25
# The feed leaves out tasks due more than a year ago: calendar apps fetch it every few
# hours, and last year's deadlines only make that slower.
FEED_HISTORY = timedelta(days=365)


def get_task(request: EcosystemRequest, pk: int) -> PlanTask:
    return get_object_or_404(PlanTask.objects.for_ecosystem(request.ecosystem), pk=pk)


def _plan_url(request: EcosystemRequest) -> str:
    return reverse("agendas:plan", kwargs={"ecosystem_slug": request.ecosystem.slug})


def _filtered(request: EcosystemRequest) -> PlanTaskFilter:
    queryset = (
        PlanTask.objects.for_ecosystem(request.ecosystem)
        .select_related("owner", "cycle")
        .order_by("due_date", "title", "pk")
    )
    return PlanTaskFilter(request.GET, queryset=queryset, ecosystem=request.ecosystem)


# --- The list and the calendar ---------------------------------------------------------------


def plan_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = page_of(request, filterset.qs, PAGE_SIZE)
    context = {
        "filter": filterset,
        "page": page,
        # Which rows get the status form: decided here, in one place (rules.may_change_status).
        "status_editable": {
            task.pk for task in page if may_change_status(request.membership, task)
        },
        "statuses": PlanTask.Status.choices,
        "crumbs": plan_crumbs(request),
        "overdue_count": PlanTask.objects.for_ecosystem(request.ecosystem).overdue().count(),
        "can_own_tasks": request.membership.can_contribute,
    }
    return render_list(
        request, "agendas/plan/list.html", context, fragment="agendas/plan/_results.html"
    )


def _first_weekday() -> int:
    """The locale's first day of the week, counted as Python's calendar counts (0 = Monday);
    Django's FIRST_DAY_OF_WEEK counts from Sunday."""
    return (int(get_format("FIRST_DAY_OF_WEEK")) + 6) % 7


def plan_calendar(request: EcosystemRequest) -> HttpResponse:
    today = timezone.localdate()
    month = plan.parse_month(request.GET.get("month"), today)
    first_weekday = _first_weekday()
    start, end = plan.grid_bounds(month.year, month.month, first_weekday=first_weekday)
    tasks = list(
        PlanTask.objects.for_ecosystem(request.ecosystem)
        .filter(due_date__range=(start, end))
        .select_related("owner")
        .order_by("due_date", "title", "pk")
    )
    weeks = plan.month_grid(
        month.year, month.month, tasks, today=today, first_weekday=first_weekday
    )
    return render(
        request,
        "agendas/plan/calendar.html",
        {
            "month": month,
            "weeks": weeks,
            "previous_month": plan.shift_month(month, -1),
            "next_month": plan.shift_month(month, 1),
            "this_month": today.replace(day=1),
            "month_task_count": sum(1 for task in tasks if task.due_date.month == month.month),
            "crumbs": plan_crumbs(request, _("Calendar")),
        },
    )


# --- Printed and exported -------------------------------------------------------------------


def plan_export(request: EcosystemRequest) -> HttpResponseBase:
    header = [
        _("Task"),
        _("What it involves"),
        _("Due"),
        _("Owner"),
        _("Owner's email"),
        _("Status"),
        _("Overdue"),
        _("Done on"),
        _("Cycle"),
    ]
    rows = (
        [
            task.title,
            task.description,
            task.due_date,
            task.owner.get_full_name() if task.owner else "",
            task.owner.email if task.owner else "",
            task.get_status_display(),
            _("yes") if task.is_overdue else "",
            timezone.localdate(task.done_at) if task.done_at else "",
            task.cycle.title if task.cycle else "",
        ]
        for task in _filtered(request).qs.iterator(chunk_size=500)
    )
    filename = dated_filename(request.ecosystem.slug, "year-plan", extension="csv")
    return csv_response(filename, header, rows)


def plan_pdf(request: EcosystemRequest) -> HttpResponse:
    filterset = _filtered(request)
    tasks = list(filterset.qs)
    context = {
        "title": _("Year-round advocacy plan"),
        "months": plan.group_by_month(tasks),
        "total": len(tasks),
        "overdue": sum(1 for task in tasks if task.is_overdue),
        "done": sum(1 for task in tasks if task.status == PlanTask.Status.DONE),
        "filters": filterset.describe(),
    }
    pdf = render_pdf("agendas/pdf/plan.html", context, request=request)
    filename = dated_filename(request.ecosystem.slug, "year-plan", extension="pdf")
    return pdf_response(pdf, filename)


# --- Tasks --------------------------------------------------------------------------------


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def task_create(request: EcosystemRequest) -> HttpResponse:
    form = PlanTaskForm(request.POST or None, ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid() and (task := form.save_checked()):
        notices.task_assigned(task, by=request.user)
        messages.success(request, _("“%(task)s” was added to the plan.") % {"task": task.title})
        return redirect(_plan_url(request))
    return render(
        request,
        "agendas/plan/task_form.html",
        {"form": form, "crumbs": plan_crumbs(request, _("Add a task"))},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def task_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    task = get_task(request, pk)
    # The form edits a copy, so the page heading keeps the saved title while the user types.
    form = PlanTaskForm(request.POST or None, instance=copy(task), ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid() and (saved := form.save_checked()):
        if saved.owner_id != task.owner_id:
            notices.task_assigned(saved, by=request.user)
        messages.success(
            request, _("Your changes to “%(task)s” were saved.") % {"task": saved.title}
        )
        return redirect(_plan_url(request))
    return render(
        request,
        "agendas/plan/task_form.html",
        {"form": form, "task": task, "crumbs": plan_crumbs(request, _("Edit a task"))},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def task_delete(request: EcosystemRequest, pk: int) -> HttpResponse:
    task = get_task(request, pk)
    if request.method == "POST":
        task.delete()
        messages.success(request, _("“%(task)s” was removed from the plan.") % {"task": task.title})
        return redirect(_plan_url(request))
    return render(
        request,
        "agendas/plan/task_delete.html",
        {"task": task, "crumbs": plan_crumbs(request, _("Remove a task"))},
    )


@role_required(Role.CONTRIBUTOR)
@require_POST
def task_status(request: EcosystemRequest, pk: int) -> HttpResponse:
    task = get_task(request, pk)
    if not may_change_status(request.membership, task):
        raise PermissionDenied(_("Only the task's owner or an editor can change its status."))
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        plan.set_status(task, form.cleaned_data["status"])
        messages.success(
            request,
            _("“%(task)s” is now marked: %(status)s.")
            % {"task": task.title, "status": task.get_status_display()},
        )
    else:
        messages.error(request, _("The status was not changed: choose one of those offered."))
    return redirect(f"{_back_to_list(request)}#task-{task.pk}")


def _back_to_list(request: EcosystemRequest) -> str:
    """The list page the form was sent from, filters and page included; never elsewhere."""
    back = request.POST.get("next", "")
    plan_url = _plan_url(request)
    if back.startswith(plan_url) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return plan_url


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def plan_generate(request: EcosystemRequest) -> HttpResponse:
    form = GeneratePlanForm(request.POST or None, ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid():
        cycle = form.cleaned_data["cycle"]
        added = plan.generate_plan(cycle, owner=form.cleaned_data["owner"])
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)s task from the checklist was added to the plan for %(cycle)s.",
                    "%(count)s tasks from the checklist were added to the plan for %(cycle)s.",
                    added,
                )
                % {"count": added, "cycle": cycle.title},
            )
        else:
            messages.info(
                request,
                _(
                    "The plan for %(cycle)s already has every task of the checklist, so "
                    "nothing was added."
                )
                % {"cycle": cycle.title},
            )
        return redirect(f"{_plan_url(request)}?cycle={cycle.pk}")
    templates = [
        (template, plan.describe_timing(template))
        for template in TaskTemplate.objects.filter(active=True)
    ]
    return render(
        request,
        "agendas/plan/generate.html",
        {
            "form": form,
            "templates": templates,
            "crumbs": plan_crumbs(request, _("Plan from a cycle")),
        },
    )


# --- The calendar feed ---------------------------------------------------------------------


def _feed_urls(request: HttpRequest, feed: CalendarFeed) -> tuple[str, str]:
    """The feed's address, and the same with webcal://, which opens a calendar app."""
    url = request.build_absolute_uri(reverse("feeds:calendar", kwargs={"token": feed.token}))
    return url, "webcal://" + url.split("://", 1)[1]


def feed_settings(request: EcosystemRequest) -> HttpResponse:
    # Every member may see and use the address: the calendar holds only what each of them
    # already reads in the plan. Only coordinators create, replace or revoke it.
    feed = (
        CalendarFeed.objects.filter(ecosystem=request.ecosystem)
        .select_related("created_by")
        .first()
    )
    feed_url, webcal_url = _feed_urls(request, feed) if feed else ("", "")
    return render(
        request,
        "agendas/plan/feed.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "crumbs": plan_crumbs(request, _("Calendar feed")),
        },
    )


def _feed_settings_url(request: EcosystemRequest) -> str:
    return reverse("agendas:feed_settings", kwargs={"ecosystem_slug": request.ecosystem.slug})


@role_required(Role.COORDINATOR)
@require_POST
def feed_create(request: EcosystemRequest) -> HttpResponse:
    if CalendarFeed.objects.filter(ecosystem=request.ecosystem).exists():
        messages.info(request, _("The calendar already has an address; it is shown below."))
    else:
        plan.issue_feed(request.ecosystem, request.user)
        messages.success(
            request, _("The calendar address is ready. Share it with your members below.")
        )
    return redirect(_feed_settings_url(request))


@role_required(Role.COORDINATOR)
@require_POST
def feed_regenerate(request: EcosystemRequest) -> HttpResponse:
    plan.issue_feed(request.ecosystem, request.user)
    messages.success(
        request,
        _(
            "The calendar has a new address. The old one no longer works: calendars "
            "subscribed to it stop updating until they subscribe to the new one."
        ),
    )
    return redirect(_feed_settings_url(request))


@role_required(Role.COORDINATOR)
@require_POST
def feed_revoke(request: EcosystemRequest) -> HttpResponse:
    if plan.revoke_feed(request.ecosystem):
        messages.success(
            request,
            _("The calendar address no longer works. Subscribed calendars stop updating."),
        )
    else:
        messages.info(request, _("The calendar had no address to turn off."))
    return redirect(_feed_settings_url(request))


@login_not_required  # calendar apps cannot sign in: the secret token is the key
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.select_related("ecosystem"), token=token)
    ecosystem = feed.ecosystem
    tasks = (
        PlanTask.objects.for_ecosystem(ecosystem)
        .filter(due_date__gte=timezone.localdate() - FEED_HISTORY)
        .select_related("owner")
        .order_by("due_date", "title", "pk")
    )
    plan_url = request.build_absolute_uri(
        reverse("agendas:plan", kwargs={"ecosystem_slug": ecosystem.slug})
    )
    domain, _port = split_domain_port(request.get_host())
    body = ics.plan_calendar(ecosystem, tasks, domain=domain, plan_url=plan_url)
    filename = f"{ecosystem.slug}-year-plan.ics"
    return HttpResponse(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(False, filename) or "",
            # The address is a secret: no shared cache keeps a copy, no search engine lists it.
            "Cache-Control": "private, max-age=900",
            "X-Robots-Tag": "noindex, nofollow",
        },
    )
