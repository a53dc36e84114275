"""Rendering the long PDFs in the background worker, and what the page shows meanwhile.

A request only writes a ``ReportJob`` row and enqueues ``render_job``; the worker
(``manage.py db_worker``) renders the PDF, writing how far it got on the row
(``percent_done`` and ``step``), and stores the file in the private storage, which the
row then names. The page polls the row. Two renders of 30 pages inside the web workers
pushed every other page's p95 from 16 ms to 3 s; in the worker they cost the pages nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from ecosystem.models import Ecosystem, Membership, ReportJob, Topic, User
from ecosystem.models.reports import ReportJobQuerySet
from ecosystem.notifications.outbox import Message, notify
from ecosystem.pdf import RenderedPDF

from .renderers import RENDERERS
from .rendering import Advance, ReportError

logger = logging.getLogger(__name__)

# A job the worker took and has not finished in this long has lost its worker (a restart,
# a crash): the page then offers to try again.
STALE_AFTER = timedelta(minutes=10)
# Finished files kept per ecosystem and kind; older ones are deleted as new ones arrive.
KEEP_FINISHED = 5


@dataclass(frozen=True)
class Requested:
    job: ReportJob
    # False: the person's earlier job of this kind is still being prepared, and ``job`` is
    # that one; nothing new was queued.
    queued: bool


def _mine(ecosystem: Ecosystem, user: User | None) -> ReportJobQuerySet:
    """The person's jobs still waiting or running, in this ecosystem."""
    return (
        ReportJob.objects.for_ecosystem(ecosystem)
        .pending()
        .filter(requested_by=user)
        .select_related("ecosystem")  # for their addresses
    )


def _pending(ecosystem: Ecosystem, kind: str, user: User | None) -> ReportJobQuerySet:
    return _mine(ecosystem, user).filter(kind=kind)


def pending_job(ecosystem: Ecosystem, kind: str, user: User) -> ReportJob | None:
    """The person's job of this kind still waiting or running, if any (at most one)."""
    return _pending(ecosystem, kind, user).first()


def pending_by_kind(ecosystem: Ecosystem, user: User) -> dict[str, ReportJob]:
    """The person's pending jobs, by kind; stale ones left out, since asking again
    replaces those."""
    return {job.kind: job for job in _mine(ecosystem, user) if not is_stale(job)}


def request_job(
    ecosystem: Ecosystem, kind: str, user: User, options: dict[str, Any] | None = None
) -> Requested:
    """Queue the document for the person, one at a time: while their job of this kind is
    pending, asking again only leads back to it. A job whose worker was lost (stale) does
    not hold them up: it is closed, and what they ask now (perhaps another period) is
    queued in its place, rather than the old request being run again."""
    pending = pending_job(ecosystem, kind, user)
    if pending is not None and not is_stale(pending):
        return Requested(pending, queued=False)
    if pending is not None:
        # Only if still pending: a worker finishing it this instant keeps its file.
        ReportJob.objects.pending().filter(pk=pending.pk).update(
            status=ReportJob.Status.FAILED,
            error=_("The worker stopped before finishing this; it was asked for again."),
            finished_at=timezone.now(),
        )
    try:
        # A savepoint: on PostgreSQL a failed INSERT would spoil the rest of the transaction.
        with transaction.atomic():
            job = ReportJob.objects.create(
                ecosystem=ecosystem, kind=kind, requested_by=user, options=options or {}
            )
    except IntegrityError:
        # The same person's other click (another tab) recorded one after we looked: the
        # constraint kept it to one, and this request follows that one.
        return Requested(_pending(ecosystem, kind, user).get(), queued=False)
    enqueue(job)
    return Requested(job, queued=True)


def enqueue(job: ReportJob) -> None:
    result = render_job.enqueue(job.pk)
    # With the immediate backend (the tests) the job has already run by now.
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def retry(job: ReportJob) -> Requested:
    """Queue a failed or stale job again. The rule of one pending job per person and kind
    holds here too: if its requester has another of its kind pending, that one is
    returned and this job stays as it was."""
    try:
        with transaction.atomic():
            ReportJob.objects.filter(pk=job.pk).update(
                status=ReportJob.Status.QUEUED,
                percent_done=0,
                step="",
                error="",
                started_at=None,
                finished_at=None,
            )
    except IntegrityError:
        other = _pending(job.ecosystem, job.kind, job.requested_by).exclude(pk=job.pk)
        return Requested(other.get(), queued=False)
    enqueue(job)
    return Requested(job, queued=True)


def is_stale(job: ReportJob, now: Any = None) -> bool:
    """Pending for far longer than any render takes: its worker was lost."""
    now = now or timezone.now()
    started = job.started_at or job.created_at
    return job.is_pending and now - started > STALE_AFTER


def can_retry(job: ReportJob, now: Any = None) -> bool:
    return job.is_failed or is_stale(job, now)


@task()
def render_job(job_id: int) -> None:
    run(job_id)


def run(job_id: int) -> None:
    """Render one job. Failures are recorded on the job, in words, and logged in full."""
    job = ReportJob.objects.select_related("ecosystem").filter(pk=job_id).first()
    if job is None or not job.is_pending:
        # Deleted meanwhile, a duplicate delivery of a finished job, or a stale job closed
        # because it was asked for again (its task may still come out of the queue).
        return
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        percent_done=1,
        step=_("Starting"),
    )

    def advance(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job.pk).update(percent_done=percent, step=step)

    try:
        rendered = render(job, advance)
    except ReportError as error:
        fail(job, str(error))
        return
    except Exception:
        logger.exception("Rendering report job %s failed", job.pk)
        fail(
            job,
            _(
                "Something went wrong inside the Workbench while the PDF was being made. "
                "It has been logged as job %(number)s; try again, and if it fails again, "
                "tell the site administrator that number."
            )
            % {"number": job.pk},
        )
        return
    # The file is written first and the row then names it; a job deleted meanwhile
    # leaves no file behind.
    job.file.save(f"{job.kind}.pdf", ContentFile(rendered.pdf), save=False)
    finished = ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE,
        percent_done=100,
        step=_("Ready"),
        file=job.file.name,
        page_count=rendered.page_count,
        finished_at=timezone.now(),
    )
    if not finished:
        job.file.storage.delete(job.file.name)
        return
    prune(job)
    tell_requester(job, rendered.page_count)


def tell_requester(job: ReportJob, page_count: int) -> None:
    """The PDF took long enough that its requester may have left the page: say it is
    ready, with the link to it."""
    if job.requested_by_id is None:
        return
    member = (
        Membership.objects.for_ecosystem(job.ecosystem)
        .filter(user_id=job.requested_by_id)
        .select_related("user")
        .first()
    )
    if member is None:
        return
    names = {"kind": job.get_kind_display(), "ecosystem": job.ecosystem.name}
    notify(
        job.ecosystem,
        Topic.REPORTS,
        "report_ready",
        f"ecosystem.report_job:{job.pk}",
        [
            Message(
                member,
                _("Your PDF is ready: %(kind)s (%(ecosystem)s)") % names,
                ngettext(
                    "The %(kind)s you asked for is ready to download: %(pages)s page.",
                    "The %(kind)s you asked for is ready to download: %(pages)s pages.",
                    page_count,
                )
                % {**names, "pages": page_count},
                _("Download the PDF"),
                reverse("ecosystem:report_job", args=[job.ecosystem.slug, job.pk]),
                _("You get this because you asked for this PDF."),
            )
        ],
        period=timezone.now().isoformat(timespec="seconds"),
    )


def render(job: ReportJob, advance: Advance) -> RenderedPDF:
    renderer = RENDERERS.get(job.kind)
    if renderer is None:
        raise ReportError(_("This kind of document is unknown."))
    return renderer(job, advance)


def fail(job: ReportJob, reason: str) -> None:
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.FAILED, error=reason, finished_at=timezone.now()
    )


def prune(job: ReportJob) -> None:
    """Keep the newest finished files of this kind; older ones only take up space. Each
    deleted job's file goes with it (see ``delete_file_with_job``)."""
    finished = (
        ReportJob.objects.for_ecosystem(job.ecosystem)
        .filter(kind=job.kind, status=ReportJob.Status.DONE)
        # A finished job always has finished_at, but should one lack it, count it as the
        # oldest: PostgreSQL sorts NULLs first when descending, SQLite last.
        .order_by(F("finished_at").desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )
    old = list(finished[KEEP_FINISHED:])
    if old:
        ReportJob.objects.filter(pk__in=old).delete()
