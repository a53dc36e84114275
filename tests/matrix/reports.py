"""Rows for printed reports: every member sees the page, asks for the blank workshop kit,
follows a job and downloads a finished file; editors and coordinators ask for the
coordinator's report and retry it. Another ecosystem's jobs are 404 by their number."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, in_ecosystem
from tests.world import World


def failed_report(world: World) -> dict[str, Any]:
    return {"pk": world.failed_report.pk}


def finished_kit(world: World) -> dict[str, Any]:
    return {"pk": world.finished_kit.pk}


def others_kit(world: World) -> dict[str, Any]:
    return {"pk": world.other_finished_kit.pk}


def report_data(world: World) -> dict[str, Any]:
    return {"sections": ["continuum", "partners"], "start": "2026-01-01", "end": "2026-12-31"}


ROWS: list[Row] = [
    in_ecosystem("ecosystem:reports", "viewer"),
    in_ecosystem("ecosystem:kit_create", "viewer", ok=302, method="post"),
    in_ecosystem("ecosystem:report_create", "editor", ok=302, method="post", data=report_data),
    in_ecosystem("ecosystem:report_job", "viewer", kwargs=failed_report),
    in_ecosystem("ecosystem:report_job", "viewer", kwargs=finished_kit),
    in_ecosystem(
        "ecosystem:report_job_retry", "editor", ok=302, kwargs=failed_report, method="post"
    ),
    # The kit is every member's to ask for, and so to retry.
    in_ecosystem(
        "ecosystem:report_job_retry", "viewer", ok=302, kwargs=finished_kit, method="post"
    ),
    in_ecosystem("ecosystem:report_job_download", "viewer", kwargs=finished_kit),
    # Not ready yet: nothing to download, for anyone.
    in_ecosystem("ecosystem:report_job_download", "viewer", ok=404, kwargs=failed_report),
    # Another ecosystem's file, asked for by its number through this ecosystem: 404.
    in_ecosystem("ecosystem:report_job", "viewer", ok=404, kwargs=others_kit),
    in_ecosystem("ecosystem:report_job_download", "viewer", ok=404, kwargs=others_kit),
]
