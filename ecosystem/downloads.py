"""HTTP responses for files the app produces or keeps: PDFs, CSV exports, and files in
the private storage."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
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


class OpenedOnFirstRead:
    """A stored file that is opened only when the response is first read, and closed with
    the response: a response that is never sent (a HEAD, a client gone away) leaves no
    file handle behind."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage, self.stored_name = storage, name
        self.handle: IO[bytes] | None = None

    def read(self, size: int = -1) -> bytes:
        if self.handle is None:
            self.handle = self.storage.open(self.stored_name, "rb")
        return self.handle.read(size)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def stored_file_response(
    storage: Storage, name: str, filename: str, content_type: str, *, download: bool = False
) -> FileResponse:
    """A file from the private storage, for a view that has already checked access."""
    try:
        size = storage.size(name)
    except FileNotFoundError:
        # The row outlived its file (restored from a backup without the files, say).
        raise Http404("The file is missing.") from None
    response = FileResponse(
        OpenedOnFirstRead(storage, name),
        as_attachment=download,
        filename=filename,
        content_type=content_type,
    )
    response["Content-Length"] = str(size)
    # The stored type is the one the app read from the content or wrote itself: browsers
    # must not second-guess it, and shared caches must not keep a member's private file.
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response
