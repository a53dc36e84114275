"""The printed reports page, and the background jobs that render the long PDFs.

Asking for the workshop kit or the coordinator's report only records a job; the worker
renders it and this page follows its progress (htmx polls the job while it runs).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.crumbs import trail
from ecosystem.downloads import stored_file_response
from ecosystem.models import OnePager, ReportJob, Role

from ..reports import jobs
from ..reports.report import ReportForm, describe_options
from ..rules import may_request

RECENT_JOBS = 12


def _index_context(request: EcosystemRequest, form: ReportForm | None = None) -> dict[str, object]:
    recent = list(
        ReportJob.objects.for_ecosystem(request.ecosystem).select_related("requested_by")[
            :RECENT_JOBS
        ]
    )
    return {
        "form": form or ReportForm(),
        "jobs": [(job, describe_options(job.options)) for job in recent],
        # The person's own jobs still on their way, by kind: the page links to them
        # instead of offering to ask again (a stale one may be asked for again).
        "mine_pending": jobs.pending_by_kind(request.ecosystem, request.user),
        "one_pagers": OnePager.Name.choices,
    }


def report_index(request: EcosystemRequest) -> HttpResponse:
    return render(request, "ecosystem/reports/index.html", _index_context(request))


def _follow(request: EcosystemRequest, requested: jobs.Requested) -> HttpResponse:
    """To the job's page; if nothing new was queued, say why."""
    if not requested.queued:
        messages.info(
            request,
            _(
                "This document is already being prepared; its progress is below. You can "
                "ask for another once it is ready."
            ),
        )
    return redirect(requested.job.get_absolute_url())


@require_POST
def kit_create(request: EcosystemRequest) -> HttpResponse:
    # Every member may print the blank kit: board members run workshops too.
    return _follow(request, jobs.request_job(request.ecosystem, ReportJob.Kind.KIT, request.user))


@role_required(Role.EDITOR)
@require_http_methods(["POST"])
def report_create(request: EcosystemRequest) -> HttpResponse:
    form = ReportForm(request.POST)
    if not form.is_valid():
        context = _index_context(request, form)
        return render(request, "ecosystem/reports/index.html", context, status=422)
    requested = jobs.request_job(
        request.ecosystem, ReportJob.Kind.REPORT, request.user, form.options()
    )
    return _follow(request, requested)


def _job(request: EcosystemRequest, pk: int) -> ReportJob:
    return get_object_or_404(
        ReportJob.objects.for_ecosystem(request.ecosystem).select_related("requested_by"),
        pk=pk,
    )


def report_job(request: EcosystemRequest, pk: int) -> HttpResponse:
    job, slug = _job(request, pk), request.ecosystem.slug
    context = {
        "job": job,
        "asked": describe_options(job.options),
        "can_retry": jobs.can_retry(job) and may_request(request.membership, job.kind),
        "crumbs": trail(
            (_("Printable toolkit and reports"), reverse("ecosystem:reports", args=[slug])),
            current=job.get_kind_display(),
        ),
    }
    # While the job runs, htmx asks for the status panel alone every two seconds.
    polling = request.htmx
    template = "ecosystem/reports/_job_status.html" if polling else "ecosystem/reports/job.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def report_job_retry(request: EcosystemRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not may_request(request.membership, job.kind):
        raise PermissionDenied(_("Only editors and coordinators can prepare the report."))
    if not jobs.can_retry(job):
        messages.info(request, _("This document is not stuck or failed, so it was left as it is."))
        return redirect(job.get_absolute_url())
    return _follow(request, jobs.retry(job))


def report_job_download(request: EcosystemRequest, pk: int) -> FileResponse:
    """The file is found through the request's ecosystem: another ecosystem's job, or a
    guessed path, is a 404. It is read from the private storage only here."""
    job = get_object_or_404(
        ReportJob.objects.for_ecosystem(request.ecosystem).filter(status=ReportJob.Status.DONE),
        pk=pk,
    )
    if not job.file:
        raise Http404("The file is not ready.")
    return stored_file_response(
        job.file.storage, job.file.name, _filename(request, job), "application/pdf"
    )


def _filename(request: EcosystemRequest, job: ReportJob) -> str:
    slug = request.ecosystem.slug
    if job.kind == ReportJob.Kind.KIT:
        return f"{slug}-workshop-kit.pdf"
    asked = describe_options(job.options)
    if asked["start"] and asked["end"]:
        return (
            f"{slug}-coordinators-report-{asked['start']:%Y-%m-%d}-to-{asked['end']:%Y-%m-%d}.pdf"
        )
    return f"{slug}-coordinators-report.pdf"
