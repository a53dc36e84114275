"""The coordinator's report for the whole-picture benchmark: rendered the way the
background worker renders it, in a process of its own (so its peak memory is the
report's and nothing else's), and the lines that print what that process measured.

Import it after ``django.setup()``: it imports the report.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from common import ROOT
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from whole_picture_data import SLUG

from ecosystem.models import Ecosystem
from ecosystem.overview.reports.report import SECTION_KEYS, render_report

REQUIREMENT_REPORT_S = 10.0
REQUIREMENT_MEMORY_MB = 500.0
MARKER = "REPORT-RESULT: "


def report_options(months: int) -> dict[str, Any]:
    end = timezone.localdate()
    start = end - timedelta(days=round(months * 365.25 / 12))
    return {"sections": list(SECTION_KEYS), "start": start.isoformat(), "end": end.isoformat()}


def max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def measure(runs: int, months: int, breakdown: bool, save_pdf: str = "") -> dict[str, Any]:
    """In a fresh process: render the report ``runs`` times as the worker does and measure
    the time of each, the process's peak memory, and the queries of the first."""
    ecosystem = Ecosystem.objects.get(slug=SLUG)
    options = report_options(months)
    result: dict[str, Any] = {"options": options, "rss_before_mb": max_rss_mb(), "runs": []}
    for run in range(runs):
        marks: list[tuple[str, float]] = []

        def progress(percent: int, step: str, marks: list[tuple[str, float]] = marks) -> None:
            marks.append((step, time.perf_counter()))

        reset_queries()
        started, cpu = time.perf_counter(), time.process_time()
        if run == 0:
            with CaptureQueriesContext(connection) as queries:
                rendered = render_report(ecosystem, options, progress)
            result["queries"] = len(queries)
        else:
            rendered = render_report(ecosystem, options, progress)
        ended = time.perf_counter()
        steps = [
            (step, round(((marks[i + 1][1] if i + 1 < len(marks) else ended) - at), 3))
            for i, (step, at) in enumerate(marks)
        ]
        result["runs"].append(
            {
                "seconds": ended - started,
                "cpu_seconds": time.process_time() - cpu,
                "rss_after_mb": max_rss_mb(),
                "steps": steps,
            }
        )
        result["pages"] = rendered.page_count
        result["bytes"] = len(rendered.pdf)
    if save_pdf:
        Path(save_pdf).write_bytes(rendered.pdf)
    result["peak_rss_mb"] = max_rss_mb()
    if breakdown:
        result["breakdown"] = stages(ecosystem, options)
    return result


def stages(ecosystem: Any, options: dict[str, Any]) -> dict[str, float]:
    """The same render split into its stages, the way ecosystem.pdf.render_document does
    them (for finding where the time goes; not part of the timed runs)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from ecosystem.overview.reports.report import parse_options, report_context
    from ecosystem.pdf import PDF_ORIGIN, base_stylesheet, url_fetcher

    marks = [time.perf_counter()]
    sections, period = parse_options(options)
    context = report_context(ecosystem, sections, period)
    marks.append(time.perf_counter())
    html = render_to_string("ecosystem/reports/report.html", context)
    marks.append(time.perf_counter())
    document = HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=url_fetcher()).render(
        stylesheets=[base_stylesheet()], pdf_variant="pdf/ua-1"
    )
    marks.append(time.perf_counter())
    document.write_pdf(pdf_variant="pdf/ua-1")
    marks.append(time.perf_counter())
    names = ["gather (queries + charts)", "template to HTML", "WeasyPrint layout", "write PDF"]
    result = {name: round(marks[i + 1] - marks[i], 3) for i, name in enumerate(names)}
    result["html_kb"] = round(len(html) / 1024)
    return result


def measure_apart(runs: int, months: int, breakdown: bool, save_pdf: str = "") -> dict[str, Any]:
    """``measure`` in a fresh process: whole_picture.py again, with --report-only."""
    command = [
        sys.executable,
        str(Path(__file__).resolve().with_name("whole_picture.py")),
        "--report-only",
        "--report-runs",
        str(runs),
        "--months",
        str(months),
    ]
    if not breakdown:
        command.append("--no-breakdown")
    if save_pdf:
        command += ["--save-pdf", str(Path(save_pdf).resolve())]
    completed = subprocess.run(  # noqa: S603 -- our own interpreter and script
        command, capture_output=True, text=True, env=os.environ.copy(), cwd=ROOT, check=False
    )
    for line in completed.stdout.splitlines():
        if line.startswith(MARKER):
            return dict(json.loads(line[len(MARKER) :]))
    sys.stderr.write(completed.stdout + completed.stderr)
    raise SystemExit(f"The report process failed (exit status {completed.returncode}).")


def print_results(report: dict[str, Any]) -> None:
    runs = report["runs"]
    first, rest = runs[0], runs[1:] or runs[:1]
    times = [r["seconds"] for r in rest]
    slowest = max(r["seconds"] for r in runs)
    print(
        f"Report     {report['options']['start']} to {report['options']['end']}, all "
        f"sections: {report['pages']} pages, {report['bytes'] / 1024:.0f} kB, "
        f"{report.get('queries', '?')} queries"
    )
    print(
        f"           first {first['seconds']:.2f} s (imports WeasyPrint), then "
        + ", ".join(f"{t:.2f} s" for t in times)
        + f" (median {statistics.median(times):.2f} s; CPU "
        + ", ".join(f"{r['cpu_seconds']:.2f}" for r in runs)
        + " s)"
    )
    print(
        f"           -> every run < {REQUIREMENT_REPORT_S:g} s: "
        f"{'met' if slowest < REQUIREMENT_REPORT_S else 'NOT met'} (slowest {slowest:.2f} s)"
    )
    peak = report["peak_rss_mb"]
    print(
        f"Memory     report process peak {peak:.0f} MB (before rendering "
        f"{report['rss_before_mb']:.0f} MB; after each run "
        + ", ".join(f"{r['rss_after_mb']:.0f}" for r in runs)
        + f" MB) -> < {REQUIREMENT_MEMORY_MB:g} MB: "
        f"{'met' if peak < REQUIREMENT_MEMORY_MB else 'NOT met'}"
    )
    print("Steps of the last run (from the progress callback, as the worker reports them):")
    for step, seconds in runs[-1]["steps"]:
        print(f"           {seconds:7.2f} s  {step}")
    if "breakdown" in report:
        print("Breakdown (an extra untimed render, split by stage):")
        for name, value in report["breakdown"].items():
            unit = " kB" if name.endswith("_kb") else " s"
            print(f"           {value:>7}{unit}  {name}")
