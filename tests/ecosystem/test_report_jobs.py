"""Long PDFs are prepared by the background worker: asking records a job, the page follows
its progress, a finished job offers its file, a failed one says why and can be retried."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ecosystem.models import ReportJob
from ecosystem.overview.reports import jobs
from ecosystem.overview.reports.rendering import ReportError
from ecosystem.overview.rules import may_request
from ecosystem.pdf import RenderedPDF
from tests.side_effects import left_behind, snapshot

pytestmark = pytest.mark.django_db

REPORT = {"sections": ["partners"], "start": "2026-01-01", "end": "2026-12-31"}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# left_behind() reads a response's messages; these tests look only at rows and tasks.
QUIET = SimpleNamespace(wsgi_request=HttpRequest())


def url(world, name, job=None):
    kwargs = {"ecosystem_slug": world.slug}
    if job is not None:
        kwargs["pk"] = job.pk
    return reverse(f"ecosystem:{name}", kwargs=kwargs)


@pytest.fixture
def fake_render(monkeypatch):
    """Rendering replaced by a quick stand-in, so these tests are about the job itself."""
    calls = []

    def render(job, progress):
        calls.append(job.pk)
        progress(50, "Halfway")
        return RenderedPDF(b"%PDF-1.7 stand-in", 3)

    monkeypatch.setattr(jobs, "render", render)
    return calls


def test_asking_for_the_kit_records_a_job_and_shows_it_waiting_for_the_worker(world, client_for):
    client = client_for("viewer")

    response = client.post(url(world, "kit_create"))

    job = ReportJob.objects.for_ecosystem(world.ecosystem).latest("pk")
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.kind == ReportJob.Kind.KIT
    assert job.status == ReportJob.Status.QUEUED
    assert job.requested_by == world.users["viewer"]
    assert job.task_id  # handed to the task queue
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting for the worker" in page
    assert 'data-hx-trigger="every 2s"' in page  # the page keeps asking while it waits


def test_the_worker_renders_the_job_and_the_page_offers_the_file(world, client_for, fake_render):
    client = client_for("viewer")
    client.post(url(world, "kit_create"))
    job = ReportJob.objects.for_ecosystem(world.ecosystem).latest("pk")

    jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.percent_done == 100
    assert job.page_count == 3
    assert job.attempts == 1
    status = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in status  # finished: the polling stops
    assert "3 pages" in status
    download = client.get(url(world, "report_job_download", job))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.7 stand-in"
    assert "test-state-workshop-kit.pdf" in download["Content-Disposition"]


def test_progress_reported_by_the_renderer_reaches_the_page(world, client_for, monkeypatch):
    seen = {}

    def render(job, progress):
        progress(40, "Drawing the charts")
        job.refresh_from_db()
        seen["percent_done"], seen["step"] = job.percent_done, job.step
        seen["page"] = client_for("viewer").get(job.get_absolute_url()).content.decode()
        return RenderedPDF(b"%PDF", 1)

    monkeypatch.setattr(jobs, "render", render)
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job

    jobs.run(job.pk)

    assert (seen["percent_done"], seen["step"]) == (40, "Drawing the charts")
    assert 'value="40"' in seen["page"]
    assert "Drawing the charts" in seen["page"]


def test_an_unexpected_failure_says_so_with_the_job_number_and_can_be_retried(
    world, client_for, monkeypatch, caplog
):
    def broken(job, progress):
        raise RuntimeError("font cache exploded")

    monkeypatch.setattr(jobs, "render", broken)
    client = client_for("editor")
    client.post(url(world, "report_create"), REPORT)
    job = ReportJob.objects.for_ecosystem(world.ecosystem).latest("pk")

    jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert f"job {job.pk}" in job.error
    assert "font cache exploded" not in job.error  # the details go to the log, not the page
    assert "font cache exploded" in caplog.text
    page = client.get(job.get_absolute_url()).content.decode()
    assert "could not be made" in page
    assert "Try again" in page

    monkeypatch.setattr(jobs, "render", lambda job, progress: RenderedPDF(b"%PDF", 2))
    response = client.post(url(world, "report_job_retry", job))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED
    assert job.error == ""
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.attempts == 2


def test_a_problem_the_coordinator_can_fix_is_explained_in_words(world, client_for, monkeypatch):
    def refuse(job, progress):
        raise ReportError("The period has no data at all.")

    monkeypatch.setattr(jobs, "render", refuse)
    job = jobs.request_job(
        world.ecosystem, ReportJob.Kind.REPORT, world.users["editor"], REPORT
    ).job

    jobs.run(job.pk)

    page = client_for("viewer").get(job.get_absolute_url()).content.decode()
    assert "The period has no data at all." in page


def test_a_report_job_with_no_sections_fails_with_a_reason(world):
    job = jobs.request_job(
        world.ecosystem,
        ReportJob.Kind.REPORT,
        world.users["editor"],
        {"sections": [], "start": "2026-01-01", "end": "2026-12-31"},
    ).job

    jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert "No section was chosen" in job.error


def test_a_viewer_cannot_retry_a_report_only_editors_may_ask_for(world, client_for):
    job = world.failed_report

    page = client_for("viewer").get(job.get_absolute_url()).content.decode()

    assert "Try again" not in page
    assert "An editor or coordinator can try again." in page


@pytest.mark.parametrize(
    ("persona", "kit", "report"),
    [("viewer", True, False), ("contributor", True, False), ("editor", True, True)],
)
def test_every_member_may_ask_for_the_kit_and_editors_for_the_report(world, persona, kit, report):
    membership = world.memberships[persona]

    assert may_request(membership, ReportJob.Kind.KIT) is kit
    assert may_request(membership, ReportJob.Kind.REPORT) is report


def test_a_job_the_worker_lost_can_be_asked_for_again(world):
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=3)
    )
    job.refresh_from_db()
    assert not jobs.can_retry(job)

    later = timezone.now() + jobs.STALE_AFTER
    assert jobs.can_retry(job, now=later)


def test_a_running_job_cannot_be_started_twice_by_retrying(world, client_for, fake_render):
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job

    response = client_for("viewer").post(url(world, "report_job_retry", job), follow=True)

    assert "left as it is" in response.content.decode()
    assert fake_render == []


def test_only_the_newest_finished_files_are_kept(world, fake_render):
    for _ in range(jobs.KEEP_FINISHED + 2):
        job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job
        jobs.run(job.pk)

    finished = ReportJob.objects.for_ecosystem(world.ecosystem).filter(
        kind=ReportJob.Kind.KIT, status=ReportJob.Status.DONE
    )
    assert finished.count() == jobs.KEEP_FINISHED
    assert job in finished  # the newest stays
    # Failed reports are not finished files: they stay until someone deals with them.
    assert ReportJob.objects.filter(pk=world.failed_report.pk).exists()


# --- The finished PDF is a private file -----------------------------------------------------


def stored_path(job):
    return Path(settings.PRIVATE_MEDIA_ROOT) / job.file.name


def with_own_file(job):
    """The job given a file of its own for this test: the world's file outlives the test's
    transaction, so a test that deletes files must not delete that one."""
    job.file.save("kit.pdf", ContentFile(b"%PDF-1.7 own"), save=False)
    ReportJob.objects.filter(pk=job.pk).update(file=job.file.name)
    return job


def test_the_finished_pdf_is_a_file_in_the_private_storage_not_in_the_database(world, fake_render):
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job

    jobs.run(job.pk)

    job.refresh_from_db()
    stored = stored_path(job)
    assert stored.resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert stored.read_bytes() == b"%PDF-1.7 stand-in"
    # The row only names the file: no column holds the bytes any more.
    assert job.file.name.startswith("reports/")
    row = ReportJob.objects.filter(pk=job.pk).values().get()
    assert b"%PDF" not in repr(row).encode()
    assert not any(isinstance(value, bytes | memoryview) for value in row.values())


def test_another_ecosystems_file_is_not_found(world, client_for):
    client = client_for("viewer")

    own = client.get(url(world, "report_job_download", world.finished_kit))
    others = client.get(url(world, "report_job_download", world.other_finished_kit))

    assert own.status_code == 200
    assert b"".join(own.streaming_content).startswith(b"%PDF")
    assert others.status_code == 404


def test_a_job_whose_file_went_missing_is_not_found(world, client_for):
    job = with_own_file(world.finished_kit)
    stored_path(job).unlink()

    response = client_for("viewer").get(url(world, "report_job_download", job))

    assert response.status_code == 404


def test_deleting_a_job_deletes_its_file(world, django_capture_on_commit_callbacks):
    job = with_own_file(world.finished_kit)
    stored = stored_path(job)
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        job.delete()

    assert not stored.exists()


def test_old_finished_files_are_deleted_with_their_jobs(
    world, fake_render, django_capture_on_commit_callbacks
):
    first = with_own_file(world.finished_kit)
    stored = [stored_path(first)]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(jobs.KEEP_FINISHED):
            job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job
            jobs.run(job.pk)
            job.refresh_from_db()
            stored.append(stored_path(job))

    assert not ReportJob.objects.filter(pk=first.pk).exists()
    assert [path.exists() for path in stored] == [False] + [True] * jobs.KEEP_FINISHED


def test_a_finished_job_without_a_finish_time_is_pruned_first(
    world, fake_render, django_capture_on_commit_callbacks
):
    # PostgreSQL puts NULLs first in a descending order; such a job must not pass for newest.
    undated = with_own_file(world.finished_kit)
    ReportJob.objects.filter(pk=undated.pk).update(finished_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(jobs.KEEP_FINISHED):
            job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job
            jobs.run(job.pk)

    assert not ReportJob.objects.filter(pk=undated.pk).exists()
    assert (
        ReportJob.objects.for_ecosystem(world.ecosystem).filter(kind=ReportJob.Kind.KIT).count()
        == jobs.KEEP_FINISHED
    )


def test_a_file_rendered_for_a_job_deleted_meanwhile_is_not_kept(world, monkeypatch):
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job
    before = snapshot()

    def render_then_lose_the_job(job, progress):
        ReportJob.objects.filter(pk=job.pk).delete()
        return RenderedPDF(b"%PDF", 1)

    monkeypatch.setattr(jobs, "render", render_then_lose_the_job)
    jobs.run(job.pk)

    assert left_behind(before, QUIET) == ["ecosystem_reportjob (-1 rows)"]


# --- One pending job per person and kind ---------------------------------------------------

ALREADY = "This document is already being prepared"


def make_stale(job):
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING,
        started_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1),
    )


@pytest.mark.parametrize(
    ("persona", "name", "data"),
    [("viewer", "kit_create", {}), ("editor", "report_create", REPORT)],
    ids=["kit", "report"],
)
def test_asking_again_while_the_document_is_prepared_leads_back_to_it(
    world, client_for, persona, name, data
):
    client = client_for(persona)
    first = client.post(url(world, name), data)
    before = snapshot()

    # Another period, even: the one being prepared is followed, not replaced.
    second = client.post(url(world, name), data | {"start": "2025-01-01"}, follow=True)

    assert second.redirect_chain == [(first["Location"], 302)]
    assert ALREADY in second.content.decode()
    assert left_behind(before, QUIET) == []  # no new job, no task queued


def test_once_the_document_is_ready_asking_again_prepares_a_new_one(world, client_for, fake_render):
    client = client_for("viewer")
    client.post(url(world, "kit_create"))
    first = ReportJob.objects.for_ecosystem(world.ecosystem).latest("pk")
    jobs.run(first.pk)

    response = client.post(url(world, "kit_create"))

    second = ReportJob.objects.for_ecosystem(world.ecosystem).latest("pk")
    assert second != first
    assert response["Location"] == second.get_absolute_url()
    assert second.status == ReportJob.Status.QUEUED
    assert second.task_id


def test_each_person_and_each_kind_has_its_own_turn(world):
    viewers_kit = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"])
    editors_kit = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["editor"])
    editors_report = jobs.request_job(
        world.ecosystem, ReportJob.Kind.REPORT, world.users["editor"], REPORT
    )

    assert all(asked.queued for asked in (viewers_kit, editors_kit, editors_report))
    assert len({viewers_kit.job, editors_kit.job, editors_report.job}) == 3


def test_two_clicks_at_the_same_instant_make_one_job(world, monkeypatch):
    viewer = world.users["viewer"]
    looked = jobs.pending_job
    other_click = []

    def the_other_click_lands_meanwhile(ecosystem, kind, user):
        found = looked(ecosystem, kind, user)  # nothing pending yet when this click looks…
        if not other_click:  # …and the other click records its job before this one inserts
            other_click.append(
                ReportJob.objects.create(ecosystem=ecosystem, kind=kind, requested_by=user)
            )
        return found

    monkeypatch.setattr(jobs, "pending_job", the_other_click_lands_meanwhile)

    asked = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, viewer)

    assert asked == jobs.Requested(other_click[0], queued=False)
    kits = ReportJob.objects.for_ecosystem(world.ecosystem).filter(kind=ReportJob.Kind.KIT)
    assert kits.pending().count() == 1


def test_the_database_refuses_a_second_pending_job_of_one_person_and_kind(world):
    mine = {"ecosystem": world.ecosystem, "kind": "kit", "requested_by": world.users["viewer"]}
    ReportJob.objects.create(**mine, status=ReportJob.Status.RUNNING)
    ReportJob.objects.create(**mine, status=ReportJob.Status.DONE)  # finished ones may pile up
    ReportJob.objects.create(**mine | {"requested_by": None})  # and those of people who left

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJob.objects.create(**mine, status=ReportJob.Status.QUEUED)


def test_a_job_whose_worker_was_lost_does_not_block_asking_again(world, fake_render):
    editor = world.users["editor"]
    lost = jobs.request_job(world.ecosystem, ReportJob.Kind.REPORT, editor, REPORT).job
    make_stale(lost)
    other_period = REPORT | {"start": "2025-01-01"}

    asked = jobs.request_job(world.ecosystem, ReportJob.Kind.REPORT, editor, other_period)

    lost.refresh_from_db()
    assert asked.queued
    assert asked.job.options == other_period  # what was asked now, not the lost request
    assert lost.status == ReportJob.Status.FAILED
    assert "it was asked for again" in lost.error
    # The lost job's task may still come out of the queue: it renders nothing then.
    jobs.run(lost.pk)
    assert fake_render == []


def test_retrying_a_failed_job_while_another_is_pending_leads_to_that_one(world, client_for):
    failed = world.failed_report  # the editor's
    pending = jobs.request_job(
        world.ecosystem, ReportJob.Kind.REPORT, world.users["editor"], REPORT
    ).job
    client = client_for("coordinator")
    before = snapshot()

    response = client.post(url(world, "report_job_retry", failed))

    assert response["Location"] == pending.get_absolute_url()
    assert left_behind(before, QUIET) == []  # the failed one stays failed; nothing queued


def test_a_viewer_cannot_retry_the_coordinators_report(world, client_for):
    client = client_for("viewer")
    before = snapshot()

    response = client.post(url(world, "report_job_retry", world.failed_report))

    assert response.status_code == 403
    assert left_behind(before, QUIET) == []


def test_the_reports_page_links_to_your_pending_kit_instead_of_offering_another(world, client_for):
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job
    kit_create = url(world, "kit_create")

    yours = client_for("viewer").get(url(world, "reports")).content.decode()
    someone_elses = client_for("editor").get(url(world, "reports")).content.decode()

    assert "Follow your kit's progress" in yours
    assert f'href="{job.get_absolute_url()}"' in yours
    assert kit_create not in yours
    assert kit_create in someone_elses  # the editor has not asked for one


def test_the_reports_page_offers_the_report_again_when_the_pending_one_was_lost(world, client_for):
    job = jobs.request_job(
        world.ecosystem, ReportJob.Kind.REPORT, world.users["editor"], REPORT
    ).job
    client = client_for("editor")

    waiting = client.get(url(world, "reports")).content.decode()
    make_stale(job)
    lost = client.get(url(world, "reports")).content.decode()

    assert "Follow your report's progress" in waiting
    assert url(world, "report_create") not in waiting
    assert url(world, "report_create") in lost


def test_the_report_form_keeps_what_was_typed_and_says_what_is_wrong(world, client_for):
    response = client_for("editor").post(
        url(world, "report_create"), {"start": "2026-12-31", "end": "2026-01-01"}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Pick at least one section." in page
    assert "The period cannot end before it starts." in page
    assert 'value="2026-12-31"' in page
    reports = ReportJob.objects.for_ecosystem(world.ecosystem).filter(kind=ReportJob.Kind.REPORT)
    assert list(reports) == [world.failed_report]


def test_the_reports_page_lists_recent_documents_with_their_state(world, client_for):
    page = client_for("viewer").get(url(world, "reports")).content.decode()

    assert "Coordinator&#x27;s report" in page or "Coordinator's report" in page
    assert "Failed" in page
    assert (
        reverse(
            "ecosystem:report_job_download",
            kwargs={"ecosystem_slug": world.slug, "pk": world.finished_kit.pk},
        )
        in page
    )
    # Viewers may not prepare the report, and are told who can.
    assert "Editors and coordinators prepare the report" in page


def test_the_reports_page_costs_the_same_queries_however_many_jobs(world, client_for):
    from tests.helpers import assert_queries_do_not_grow

    def grow(count):
        ReportJob.objects.bulk_create(
            ReportJob(
                ecosystem=world.ecosystem, kind=ReportJob.Kind.KIT, status="done", file="x.pdf"
            )
            for _ in range(count)
        )

    assert_queries_do_not_grow(client_for("viewer"), url(world, "reports"), grow, 3, 30)


@override_settings(TASKS=DATABASE_QUEUE)
def test_with_the_database_queue_the_worker_command_renders_the_job(
    world, fake_render, monkeypatch
):
    # Between jobs the worker closes connections past CONN_MAX_AGE. Here that connection
    # is the test's own, inside the transaction the test runs in, so it must stay open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["viewer"]).job

    queued = DBTaskResult.objects.get(id=ReportJob.objects.get(pk=job.pk).task_id)
    assert queued.status == "READY"
    assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.QUEUED

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay")

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert fake_render == [job.pk]
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
