"""``manage.py send_notifications``: what fell due is written once however often it runs,
the worker sends it, and a ready PDF tells whoever asked for it."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from continuum.models import Round
from ecosystem.models import Notification, ReportJob
from ecosystem.notifications.delivery import deliver
from ecosystem.overview import notifications
from ecosystem.overview.reports import jobs
from ecosystem.pdf import RenderedPDF


def morning(days: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def test_running_it_again_writes_nothing_new_and_the_worker_sends_what_it_wrote(world):
    Notification.objects.all().delete()
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() + timedelta(2))

    first = notifications.run(morning())
    second = notifications.run(morning())
    deliver()  # what the background worker does with the task run() queued

    assert first.round_reminders == 3  # contributor, editor and coordinator are invited
    assert first.task_digests >= 1  # the coordinator's task is due today
    assert second.total == 0
    reminded = {m.to[0] for m in mail.outbox if "is waiting for your answers" in m.subject}
    assert reminded == {
        "contributor@world.example",
        "editor@world.example",
        "coordinator@world.example",
    }


def test_weekly_and_monthly_e_mails_wait_for_the_morning(world):
    Notification.objects.all().delete()
    night = morning() - timedelta(hours=8)  # 1 a.m.

    assert notifications.run(night).task_digests == 0
    assert notifications.run(morning()).task_digests >= 1


def test_the_command_says_what_it_queued(world):
    Notification.objects.all().delete()
    out = StringIO()

    call_command("send_notifications", verbosity=2, stdout=out)

    assert "Queued" in out.getvalue()
    assert "round reminders" in out.getvalue()


def test_a_ready_pdf_tells_whoever_asked_for_it(world, monkeypatch):
    monkeypatch.setattr(jobs, "render", lambda job, advance: RenderedPDF(b"%PDF-1.4", 12))
    job = jobs.request_job(world.ecosystem, ReportJob.Kind.KIT, world.users["editor"]).job

    jobs.run(job.pk)

    (ready,) = Notification.objects.filter(kind="report_ready", key__endswith=f":{job.pk}")
    assert ready.recipient == world.users["editor"]
    assert "ready to download: 12 pages" in ready.body
    assert ready.action_url == job.get_absolute_url()
