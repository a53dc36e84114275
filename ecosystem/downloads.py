"""HTTP responses for files the app produces: PDFs and CSV exports."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

# A spreadsheet treats a cell starting with one of these as a formula; text a user typed
# must never run as one (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def dated_filename(*parts: str, extension: str) -> str:
    stem = "-".join(slugify(part) for part in parts if part)
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def pdf_response(pdf: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(download, filename) or ""},
    )


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value  # numbers stay numbers; only typed text is neutralised
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Stream rows as UTF-8 CSV that spreadsheet programs open with accents intact."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff"  # byte-order mark: tells Excel the file is UTF-8
        yield writer.writerow([str(title) for title in header])
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    return StreamingHttpResponse(
        lines(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename) or ""},
    )
