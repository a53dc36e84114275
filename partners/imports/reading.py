"""Importing partners from a CSV file: read it, check every row, keep the result as a
pending import, and save partners only when the user confirms.

Reading refuses, with one message, a file that cannot be read as a whole: too large,
empty, not text (a spreadsheet or an image renamed .csv), not UTF-8, or without a header
that names a ``name`` column. Everything else is reported per row: a line that does not
parse, a missing name, an unknown sector, a bad address, a name used twice in the file or
already taken, an unknown lead.

Why a file that is not UTF-8 is refused rather than guessed (as Windows-1252, say):
a guess never fails, it only turns "é" into something else, and a wrong letter in a
name slips past the duplicate check and into the records. Saving as "CSV UTF-8" is one
step in every spreadsheet program, and the message says where it is.

Every upload is bounded: at most ``MAX_BYTES``, ``MAX_LINES`` lines with something on
them (counted before anything is parsed), ``MAX_ROWS`` rows of any kind (read, unreadable
or with the wrong number of values) and ``SECONDS_ALLOWED`` to read and check it all.
The file is read in one pass: no line is looked up again in the whole text.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext

from ..documents import describe
from .columns import COLUMN_BY_KEY, HEADERS, header_key

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# A row may run over several lines: a quoted value (what the partner needs, the shared
# goal…) may hold line breaks. Ten lines with something on them per partner, on average,
# is far more than real rows take, yet refuses at a glance a file that cannot hold 2,000
# partners, before the slower parsing starts. Blank lines and a spreadsheet's empty rows
# (",,,") are not counted: exports carry thousands of them below the data.
MAX_LINES = 10 * MAX_ROWS
# Reading 2,000 full rows (every column filled in) takes 0.01 s, checking them 3.5-5 s on
# a busy two-core server (a whole form per row). An upload not done after 10 s is refused
# with a message, rather than holding a web worker until the server's own timeout
# (gunicorn's 30 s) cuts the request off without a word.
SECONDS_ALLOWED = 10
# We read 16 columns; a sheet may keep a few of its own (notes, IDs), which are named back
# to the user as left out. More than this is not a partner list.
MAX_COLUMNS = 100
IGNORED_NAME_CHARS = 60  # of a column left out, as the message names it
RAW_PREVIEW_CHARS = 300


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


class Deadline:
    """The moment by which an upload must be read and checked, or be refused."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() >= self.at:
            raise _refuse(
                gettext(
                    "Reading and checking this file took too long, so it was stopped and "
                    "nothing was kept. Split it into smaller files (a few hundred partners "
                    "each) and import them one after another."
                ),
                "too_slow",
            )


@dataclass
class Table:
    """A file read as rows, before any row is checked."""

    rows: list[dict[str, Any]]  # {"line": 2, "data": {...}} or {"line": 3, "raw": …, "problem": …}
    ignored: list[str] = field(default_factory=list)  # header cells we do not know
    # What is left of the upload's time once read; checking the rows uses the rest.
    deadline: Deadline | None = None


def _save_as_csv_hint() -> str:
    return gettext(
        "In Excel choose File, Save As and the type “CSV UTF-8 (Comma delimited)”; in "
        "LibreOffice choose File, Save As, the type “Text CSV” and the character set "
        "“Unicode (UTF-8)”; Google Sheets and Numbers export UTF-8 already."
    )


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(
            gettext(
                "The file is saved as UTF-16 (“Unicode text”), which we do not read. Save it "
                "as CSV UTF-8 instead."
            )
            + " "
            + _save_as_csv_hint(),
            "encoding",
        )
    head = raw[:8192]
    guess = filetype.guess(head)
    if b"\x00" in head or guess is not None:
        seems = describe(head) if guess is not None else None
        message = gettext("This is not a CSV file.")
        if seems:
            message += " " + gettext("It seems to be %(what)s.") % {"what": seems}
        raise _refuse(message + " " + _save_as_csv_hint(), "not_csv")
    try:
        return raw.decode("utf-8-sig")  # with or without the byte-order mark Excel writes
    except UnicodeDecodeError as error:
        offset = error.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:offset].count(b"\n") + 1
        raise _refuse(
            gettext(
                "The file is not saved as UTF-8, the text encoding we read: line %(line)s has a "
                "character we cannot read (often an accented letter such as “é” saved by an "
                "older program). Save the file again as CSV UTF-8 and upload that."
            )
            % {"line": number_format(line)}
            + " "
            + _save_as_csv_hint(),
            "encoding",
        ) from None


def _delimiter(first_line: str) -> str:
    # Spreadsheets set to a European locale separate with semicolons; a header line
    # tells which one the file uses.
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


class _Lines:
    """The file's lines, handed to the csv reader one at a time and counted on the way.

    It keeps the first line of the record being read, so a line that does not parse is
    shown as it reads without looking for it in the whole text again (done once per bad
    line, that made reading take quadratic time). Empty lines between records are skipped
    here, before the csv reader, as they would be after it: they are not rows.
    """

    def __init__(self, text: str) -> None:
        # newline="" splits at \n, \r\n and a lone \r, as the csv reader counts lines,
        # and keeps the line ends, which it needs.
        self._lines = io.StringIO(text, newline="")
        self.number = 0  # of the last line handed out
        self.first: tuple[int, str] | None = None  # the record's first line and its text

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        while True:
            line = next(self._lines)  # StopIteration at the end of the file
            self.number += 1
            if self.first is None:
                if line in ("\n", "\r\n", "\r"):
                    continue
                self.first = (self.number, line)
            return line

    def start_record(self) -> None:
        self.first = None


def _has_something(line: str) -> bool:
    return bool(line.strip(" \t\r\n,;"))


def _refuse_too_many_lines(text: str) -> None:
    # The count stops at the ceiling: a huge file costs no more than one within it.
    lines = io.StringIO(text, newline="")
    counted = sum(1 for _line in islice(filter(_has_something, lines), MAX_LINES + 1))
    if counted > MAX_LINES:
        raise _refuse(
            gettext(
                "The file has more than %(max_lines)s lines: too many for the %(max_rows)s "
                "partners one import takes, even with long texts on several lines. Split it "
                "into files of at most %(max_rows)s partners and import them one after another."
            )
            % {
                "max_lines": number_format(MAX_LINES, force_grouping=True),
                "max_rows": number_format(MAX_ROWS, force_grouping=True),
            },
            "too_many_lines",
        )


def _refuse_too_many_rows() -> ValidationError:
    return _refuse(
        gettext(
            "The file has more than %(max)s partner rows, the most one import takes. "
            "Split it into smaller files and import them one after another."
        )
        % {"max": number_format(MAX_ROWS, force_grouping=True)},
        "too_many_rows",
    )


def _too_large() -> ValidationError:
    return _refuse(
        gettext(
            "The file is larger than 2 MB, the most one import takes (about 2,000 partners). "
            "Split it into smaller files and import them one after another."
        ),
        "too_large",
    )


def _first_line(text: str) -> str:
    for line in io.StringIO(text, newline=""):
        if line.strip("\r\n"):
            return line.rstrip("\r\n")
    return ""


def read_csv(upload: Any) -> Table:
    """Read an uploaded CSV file, or refuse it as a whole (ValidationError)."""
    deadline = Deadline(SECONDS_ALLOWED)
    if (upload.size or 0) > MAX_BYTES:
        raise _too_large()  # before reading any of it
    upload.seek(0)
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _too_large()
    text = _decode(raw)
    if not text.strip().strip(",;\t\r\n"):
        raise _refuse(
            gettext(
                "The file is empty. Use the sample file as a start: a first line naming the "
                "columns, then one line per partner."
            ),
            "empty",
        )
    _refuse_too_many_lines(text)
    first_line = _first_line(text)
    # A quote left open makes the rest of the file one value; let it reach the end of the
    # file (and be reported as a quote left open) instead of stopping at csv's 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=_delimiter(first_line), strict=True)

    header: list[str | None] | None = None
    ignored: list[str] = []
    rows: list[dict[str, Any]] = []
    while True:
        deadline.check()
        lines.start_record()
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # A quotation mark left open runs to the end of the file; other stray quotes
            # spoil one line. Either way the line is reported, and reading goes on.
            if header is None:
                raise _refuse(_bad_header_message(first_line), "no_header") from None
            if len(rows) >= MAX_ROWS:
                raise _refuse_too_many_rows() from None
            start, raw_line = lines.first or (lines.number, "")
            preview = raw_line.rstrip("\r\n")[:RAW_PREVIEW_CHARS]
            rows.append(_malformed(start, lines.number, preview))
            continue
        if not any(value.strip() for value in values):
            continue  # blank lines are not rows
        start = lines.first[0] if lines.first else lines.number
        if header is None:
            header, ignored = _read_header(values, first_line)
            continue
        if len(rows) >= MAX_ROWS:
            raise _refuse_too_many_rows()
        if len(values) != len(header):
            rows.append(_wrong_count(start, values, len(header)))
            continue
        data = {key: value.strip() for key, value in zip(header, values, strict=True) if key}
        rows.append({"line": start, "data": data})
    if header is None:
        raise _refuse(_bad_header_message(first_line), "no_header")
    if not rows:
        raise _refuse(
            gettext("The file names its columns but has no partners below the first line."),
            "no_rows",
        )
    return Table(rows=rows, ignored=ignored, deadline=deadline)


def _bad_header_message(first_line: str) -> str:
    return gettext(
        "The first line must name the columns, one of them “name” (see the sample file). "
        "This file's first line reads: “%(line)s”."
    ) % {"line": first_line.strip()[:120]}


def _read_header(values: list[str], first_line: str) -> tuple[list[str | None], list[str]]:
    if len(values) > MAX_COLUMNS:
        raise _refuse(
            gettext(
                "The first line names %(count)s columns; an import reads at most %(max)s. "
                "Keep the columns of the sample file (and a few of your own, if you like) and "
                "upload the file again."
            )
            % {"count": number_format(len(values), force_grouping=True), "max": MAX_COLUMNS},
            "too_many_columns",
        )
    keys: list[str | None] = []
    ignored: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(values, start=1):
        key = HEADERS.get(header_key(cell))
        if key is None:
            if cell.strip():
                ignored.append(cell.strip()[:IGNORED_NAME_CHARS])
            keys.append(None)
            continue
        if key in seen:
            raise _refuse(
                gettext(
                    "Columns %(first)s and %(second)s both hold “%(column)s”. Keep one of them "
                    "and upload the file again."
                )
                % {"first": seen[key], "second": position, "column": COLUMN_BY_KEY[key].header},
                "duplicate_column",
            )
        seen[key] = position
        keys.append(key)
    if "name" not in seen:
        raise _refuse(_bad_header_message(first_line), "no_header")
    return keys, ignored


def _malformed(start: int, end: int, raw: str) -> dict[str, Any]:
    if end > start:
        problem = gettext(
            "A quotation mark opened on line %(line)s is never closed, so lines %(line)s to "
            "%(end)s read as one value. Close the quotes, or remove the stray one."
        ) % {"line": start, "end": end}
    else:
        problem = gettext(
            "This line cannot be read: a quotation mark stands inside a value. Put the whole "
            'value in quotes and double the quotation marks inside it ("").'
        )
    return {"line": start, "raw": raw, "errors": [problem]}


def _wrong_count(start: int, values: list[str], expected: int) -> dict[str, Any]:
    problem = gettext(
        "This line has %(found)s values but the first line names %(expected)s columns. A "
        "comma inside a value needs quotes around the value."
    ) % {"found": len(values), "expected": expected}
    raw = ", ".join(values)[:RAW_PREVIEW_CHARS]
    return {"line": start, "raw": raw, "errors": [problem]}
