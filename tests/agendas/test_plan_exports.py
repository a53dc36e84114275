"""The year plan printed (PDF, by month) and exported (CSV), read back."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agendas.models import PlanTask


def url(world, name):
    return reverse(f"agendas:{name}", kwargs={"ecosystem_slug": world.slug})


@pytest.fixture(autouse=True)
def december_2030(world, time_machine):
    """The clock stands before the tasks' fixed 2031 dates, so none of them falls overdue.

    The world's own task was due on the day the world was built: it moves to this day.
    """
    time_machine.move_to(datetime(2030, 12, 2, 12, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False)
    PlanTask.objects.filter(pk=world.task.pk).update(due_date=date(2030, 12, 2))


@pytest.fixture
def spring_tasks(world):
    """Two tasks in March 2031, one in April, one done, and one overdue."""
    editor = world.users["editor"]
    make = PlanTask.objects.create
    return [
        make(
            ecosystem=world.ecosystem,
            title="Brief new members",
            due_date=date(2031, 3, 3),
            owner=editor,
        ),
        make(
            ecosystem=world.ecosystem,
            title="=HYPERLINK(bad)",
            due_date=date(2031, 3, 20),
            status=PlanTask.Status.DONE,
            done_at=timezone.now(),
        ),
        make(ecosystem=world.ecosystem, title="Library day", due_date=date(2031, 4, 8)),
        make(
            ecosystem=world.ecosystem,
            title="Overdue thank-yous",
            due_date=timezone.localdate() - timedelta(days=5),
            owner=editor,
        ),
    ]


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_a_row_per_task_with_owner_status_and_overdue(world, client_for, spring_tasks):
    rows = read_csv(client_for("viewer").get(url(world, "plan_export")))

    header, *body = rows
    assert header == [
        "Task",
        "What it involves",
        "Due",
        "Owner",
        "Owner's email",
        "Status",
        "Overdue",
        "Done on",
        "Cycle",
    ]
    by_title = {row[0]: row for row in body}
    assert len(body) == 5
    assert by_title["Brief new members"][2:7] == [
        "2031-03-03",
        "Editor Person",
        "editor@world.example",
        "To do",
        "",
    ]
    assert by_title["Overdue thank-yous"][6] == "yes"
    assert by_title["Plan the legislative day"][8] == "2027 session"
    assert "'=HYPERLINK(bad)" in by_title, "typed text never runs as a formula"
    assert by_title["'=HYPERLINK(bad)"][5:8] == ["Done", "", "2030-12-02"]


def test_the_csv_follows_the_lists_filters(world, client_for, spring_tasks):
    rows = read_csv(client_for("viewer").get(url(world, "plan_export"), {"overdue": "yes"}))

    assert [row[0] for row in rows[1:]] == ["Overdue thank-yous"]


def read_pdf(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_year_plan_pdf_groups_tasks_by_month_with_their_status(world, client_for, spring_tasks):
    reader, text = read_pdf(client_for("viewer").get(url(world, "plan_pdf")))

    assert reader.metadata.title.startswith("Year-round advocacy plan")
    assert "Test State Ecosystem" in text
    assert "5 tasks: 1 done, 1 overdue" in text
    march, april = text.index("March 2031"), text.index("April 2031")
    assert march < text.index("Brief new members") < april < text.index("Library day")
    assert "Editor Person" in text
    assert "Nobody yet" in text
    assert "Overdue" in text
    assert "Done" in text
    assert "Page 1 of" in text


def test_a_filtered_pdf_says_what_it_holds(world, client_for, spring_tasks):
    _reader, text = read_pdf(
        client_for("viewer").get(url(world, "plan_pdf"), {"owner": world.users["editor"].pk})
    )

    assert "filtered: owner: Editor Person" in text
    assert "Library day" not in text
