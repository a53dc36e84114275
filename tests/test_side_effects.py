"""The permission matrix's "nothing written" check notices every kind of write it looks for."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.http import HttpRequest
from django.urls import reverse

from ecosystem.models import Organization, ReportJob
from ecosystem.overview.reports import jobs
from tests.side_effects import left_behind, snapshot

pytestmark = pytest.mark.django_db

# left_behind() reads the request's messages; this one has none.
QUIET = SimpleNamespace(wsgi_request=HttpRequest())


def test_nothing_done_is_nothing_left_behind(world):
    assert left_behind(snapshot(), QUIET) == []


def test_a_new_row_is_named_by_its_table(world):
    before = snapshot()

    Organization.objects.create(ecosystem=world.ecosystem, name="Late Library")

    # The organization's history is kept in a table of its own, which counts too.
    assert left_behind(before, QUIET) == [
        "ecosystem_historicalorganization (+1 rows)",
        "ecosystem_organization (+1 rows)",
    ]


def test_a_changed_row_is_noticed_though_no_row_was_added(world):
    before = snapshot()

    # A queryset update: no save(), no history, no updated_at; only the value changes.
    ReportJob.objects.filter(pk=world.failed_report.pk).update(error="")

    assert left_behind(before, QUIET) == ["ecosystem_reportjob (rows changed)"]


def test_a_linked_pair_is_noticed_in_the_many_to_many_table(world):
    before = snapshot()

    world.progress_entry.organizations.remove(world.organization)

    assert left_behind(before, QUIET) == ["partners_progressentry_organizations (-1 rows)"]


def test_a_queued_task_and_a_sent_mail_are_noticed(world):
    before = snapshot()

    jobs.enqueue(world.finished_kit)
    mail.send_mail("Subject", "Body", "from@example.org", ["to@example.org"])

    assert left_behind(before, QUIET) == [
        "ecosystem_reportjob (rows changed)",  # the task's id is written on the job
        "the task queue (+1 tasks)",
        "the outbox (+1 mails)",
    ]


def test_a_message_waiting_for_the_next_page_is_noticed(world, client_for):
    retry = reverse(
        "ecosystem:report_job_retry",
        kwargs={"ecosystem_slug": world.slug, "pk": world.finished_kit.pk},
    )
    client = client_for("viewer")
    before = snapshot()

    response = client.post(retry)

    assert left_behind(before, response) == [
        "messages for the next page (['This document is not stuck or failed, so it was "
        "left as it is.'])"
    ]


def test_every_table_in_the_database_is_checked_but_the_session(world):
    checked = set(snapshot().tables)

    unchecked = set(connection.introspection.table_names()) - checked
    # django_migrations has no model; it changes only when migrating.
    assert unchecked == {"django_session", "django_migrations"}
