"""Benchmark: the ecosystem dashboard and the coordinator's report for a large ecosystem.

Requirement measured: "with a large ecosystem (60 organizations, 300 partners, 3,000 log
entries, 10 rounds x 30 respondents) the dashboard's median is under 150 ms on
PostgreSQL, and the full coordinator's report renders in under 10 s with peak memory
under 500 MB."

Run by hand against a database of its own (never the development db.sqlite3); see
bench/README.md. For example::

    DJANGO_DEBUG=true DATABASE_URL=sqlite:////tmp/bench-whole.sqlite3 \\
        .venv/bin/python bench/whole_picture.py

The script migrates the database, builds (or reuses) the demo's ecosystem ``riverland``
at ``--scale`` (``whole_picture_data.py``: ``seed_demo --scale``, grown to the sizes
above), then

- times the ecosystem's home page (the dashboard) end to end through Django's test client
  as the coordinator: URL routing, every middleware, the view, the queries, the template;
- renders the full coordinator's report (every section, the last 12 months) exactly as
  the background worker does (``ecosystem.overview.reports.report.render_report``), in a fresh
  Python process of its own, so its peak memory (``ru_maxrss``) is the report's and
  nothing else's (``whole_picture_report.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import common

REQUIREMENT_PAGE_MS = 150.0


def panel_timings(ecosystem: Any, coordinator: Any, calls: int = 15) -> dict[str, float]:
    """Each panel of the dashboard on its own (median ms of ``calls`` calls, outside the
    request), to see which one the page's time goes to. Empty if the dashboard module's
    functions have changed shape."""
    from django.utils import timezone

    from ecosystem.models import Membership
    from ecosystem.overview import dashboard

    membership = Membership.objects.get(ecosystem=ecosystem, user=coordinator)
    today = timezone.localdate()
    panels: dict[str, Callable[[], object]] = {
        "continuum (latest round vs the one before)": lambda: dashboard.continuum_panel(ecosystem),
        "open rounds": lambda: dashboard.open_rounds(ecosystem, membership, today),
        "agenda cycle": lambda: dashboard.agenda_panel(ecosystem, membership, 0, today),
        "overdue tasks": lambda: dashboard.task_panel(ecosystem, today),
        "partners needing attention": lambda: dashboard.attention_panel(
            ecosystem, membership, today
        ),
        "newest progress entries": lambda: dashboard.progress_panel(ecosystem),
        "the whole dashboard()": lambda: dashboard.dashboard(ecosystem, membership, today),
    }
    result = {}
    try:
        for name, panel in panels.items():
            panel()
            seconds = []
            for _ in range(calls):
                started = time.perf_counter()
                panel()
                seconds.append(time.perf_counter() - started)
            result[name] = statistics.median(seconds) * 1000
    except (AttributeError, TypeError):
        return {}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = common.parser(__doc__, "sqlite:////tmp/bench-whole.sqlite3", "dashboard")
    parser.add_argument(
        "--scale",
        type=int,
        default=4,
        help="seed_demo's --scale, and the extra data grown with it; 4 (the default) gives "
        "the requirement's sizes, 1 a quick run",
    )
    parser.add_argument(
        "--report-runs",
        type=int,
        default=3,
        help="report renders in the report's own process, the first shown apart "
        "(default 3; 0 skips the report)",
    )
    parser.add_argument(
        "--months", type=int, default=12, help="the report's period, ending today (default 12)"
    )
    parser.add_argument(
        "--no-breakdown",
        action="store_true",
        help="skip the extra, untimed render split into gather / template / layout / write",
    )
    parser.add_argument(
        "--save-pdf", metavar="PATH", default="", help="keep the last rendered report there"
    )
    parser.add_argument("--report-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.report_runs < 0 or args.months < 1 or args.scale < 1:
        parser.error("need --runs >= 1, --report-runs >= 0, --months >= 1, --scale >= 1")

    common.setup_django()
    # Only now: they import the models and the report.
    import whole_picture_data as data
    import whole_picture_report as report

    if args.report_only:
        result = report.measure(
            max(1, args.report_runs), args.months, not args.no_breakdown, args.save_pdf
        )
        print(report.MARKER + json.dumps(result))
        return 0

    from django.db import connection
    from django.urls import reverse

    whole = time.perf_counter()
    database = common.migrate()
    fixture = None if args.rebuild else data.existing_fixture(args.scale)
    if fixture is None:
        fixture = data.build(args.scale, args.seed)
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would have them in production soon after
        # a bulk load (without them the planner guesses one partner per ecosystem).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    origin = f"built in {fixture.build_seconds:.1f} s" if fixture.built else "reused"
    print(f"Data ({origin}): " + ", ".join(f"{v:,} {k}" for k, v in fixture.counts.items()))

    client = common.signed_in_client(fixture.coordinator)
    url = reverse("ecosystem:home", kwargs={"ecosystem_slug": data.SLUG})
    page = common.measure(client, url, args.runs, args.warmup)
    panels = panel_timings(fixture.ecosystem, fixture.coordinator)
    print(f"Dashboard measured (load average {common.load_average()})")

    rendered = None
    if args.report_runs > 0:
        started = time.perf_counter()
        rendered = report.measure_apart(
            args.report_runs, args.months, not args.no_breakdown, args.save_pdf
        )
        print(
            f"Report measured in its own process: {time.perf_counter() - started:.1f} s "
            f"(load average {common.load_average()})"
        )

    print()
    print(common.describe_machine(database))
    ms = [s * 1000 for s in page.seconds]
    verdict = "met" if page.median * 1000 < REQUIREMENT_PAGE_MS else "NOT met"
    print(
        f"Dashboard  {len(ms)} runs: median {page.median * 1000:.0f} ms, "
        f"p95 {page.p95 * 1000:.0f} ms, min {min(ms):.0f} ms, max {max(ms):.0f} ms "
        f"(first {page.first * 1000:.0f} ms); {page.queries} queries, "
        f"{page.size / 1024:.0f} kB  -> median < {REQUIREMENT_PAGE_MS:g} ms: {verdict}"
    )
    if panels:
        print("Dashboard panels on their own (median of 15 calls, outside the request):")
        for name, ms_each in panels.items():
            print(f"           {ms_each:7.1f} ms  {name}")
    if rendered is not None:
        report.print_results(rendered)
    print(f"\nWhole run: {time.perf_counter() - whole:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
