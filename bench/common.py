"""What the benchmarks share: their common options, Django set up against the database
they are pointed at, pages timed end to end through the test client, and the lines that
say what machine and database the numbers come from."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def parser(doc: str | None, database_url: str, what: str) -> argparse.ArgumentParser:
    """The options every benchmark takes (``what``: the page its ``--runs`` time); each
    benchmark adds its own."""
    result = argparse.ArgumentParser(
        description=doc.split("\n\n")[0] if doc else None,
        epilog="Settings come from the environment, e.g. DJANGO_DEBUG=true "
        f"DATABASE_URL={database_url} (see bench/README.md).",
    )
    result.add_argument("--runs", type=int, default=30, help=f"timed {what} GETs (default 30)")
    result.add_argument("--warmup", type=int, default=3, help=f"untimed {what} GETs (default 3)")
    result.add_argument("--seed", type=int, default=2026, help="random seed for the data")
    result.add_argument(
        "--rebuild", action="store_true", help="rebuild the benchmark data even if it exists"
    )
    return result


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")
    # The demo's partner documents (whole_picture builds them) belong with the benchmark's
    # database, not in the checkout's private-media folder.
    os.environ.setdefault(
        "DJANGO_PRIVATE_MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "workbench-bench-media")
    )
    import django

    django.setup()


def migrate() -> str:
    """Say which database this is, then migrate it; returns the database's description."""
    from django.conf import settings
    from django.core.management import call_command

    database = describe_database()
    print(f"Database: {database}; DEBUG={settings.DEBUG}; load average {load_average()}")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    return database


def describe_database() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
    return connection.vendor


def describe_machine(database: str) -> str:
    """The line that heads the results: what ran them, and how busy the box was."""
    import django
    from django.conf import settings

    try:
        weasyprint = f", WeasyPrint {version('weasyprint')}"
    except PackageNotFoundError:
        weasyprint = ""
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"Django {django.get_version()}{weasyprint}, {os.cpu_count()} CPUs "
        f"(load average {load_average()}), {database}, DEBUG={settings.DEBUG}"
    )


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def signed_in_client(user: Any) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


# --- Timing a page ------------------------------------------------------------------------


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


@dataclass
class Timing:
    seconds: list[float]
    first: float  # the first GET, before the warm-ups
    queries: int
    size: int
    content: bytes

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)


def timed_get(client: Any, url: str) -> tuple[float, Any]:
    started = time.perf_counter()
    # As HTTPS, the way production serves it (no redirect even with SECURE_SSL_REDIRECT).
    response = client.get(url, secure=True)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return elapsed, response


def measure(client: Any, url: str, runs: int, warmup: int) -> Timing:
    """``warmup`` untimed GETs (the first kept apart), one counting the SQL queries, then
    ``runs`` timed ones."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    first, response = timed_get(client, url)
    for _ in range(max(0, warmup - 1)):
        timed_get(client, url)
    # The query log keeps at most 9,000 entries and migrate or the build can fill it: a
    # full log stops growing, and the capture would count nothing.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        _, response = timed_get(client, url)
    count = len(queries)  # read now: the next request empties the connection's log
    seconds = [timed_get(client, url)[0] for _ in range(runs)]
    return Timing(seconds, first, count, len(response.content), response.content)
