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
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Ecosystem, User, normalize_email

from .documents import describe
from .forms import members_of
from .import_forms import CHOICES, ImportRowForm, fold
from .models import Partner, PartnerImport

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
STALE_AFTER = timedelta(days=1)
RAW_PREVIEW_CHARS = 300


@dataclass(frozen=True)
class Column:
    key: str  # the partner form's field
    header: str  # as the sample file writes it
    explanation: Any  # lazily translated
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = [
    Column("name", "name", _("The partner's name, not yet used in this ecosystem."), (), True),
    Column(
        "sector",
        "sector",
        _(
            "Government, Nonprofit, Business, Education, Health, Media, Faith community, "
            "Philanthropy or Other."
        ),
        (),
        True,
    ),
    Column("website", "website", _("A web address; https:// is added if missing."), ("web",)),
    Column(
        "stage",
        "stage",
        _(
            "Building relationships (if empty), Common goal, common language, Supportive roles "
            "or Strategic collaboration."
        ),
        ("relationship stage",),
    ),
    Column(
        "phase",
        "phase",
        _(
            "Planting seeds (if empty), Nurturing seedlings, Harvesting the bounty or Resting "
            "the garden."
        ),
        ("garden phase",),
    ),
    Column(
        "formalization",
        "formalization",
        _(
            "Handshake (if empty), Proposal, Letter of commitment, Memorandum of understanding "
            "or Contract."
        ),
        ("formalized", "how it is formalized"),
    ),
    Column(
        "library_lead",
        "library lead",
        _("The email address of the member who tends the relationship."),
        ("lead", "library lead email", "lead email"),
    ),
    Column("partner_needs", "partner needs", _("What the partner needs."), ("needs",)),
    Column(
        "library_interest",
        "library interest",
        _("What the library is interested in: the interest the partner's need meets."),
        ("our interest",),
    ),
    Column("interests", "interests", _("What the partner is interested in.")),
    Column("expertise", "expertise", _("The expertise it brings.")),
    Column("library_brings", "library brings", _("What the library brings.")),
    Column("shared_goal", "shared goal", _("What you mean to achieve together."), ("goal",)),
    Column("contact_name", "contact name", _("One contact person, optional."), ("contact",)),
    Column("contact_role", "contact role", _("Their role.")),
    Column("contact_email", "contact email", _("Their email address.")),
    Column("contact_phone", "contact phone", _("Their phone number.")),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def _partner_field(name: str) -> models.Field[Any, Any]:
    found = Partner._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


# An empty stage, phase or formalization takes the model's default, as a new partner does.
DEFAULTS = {
    name: _partner_field(name).get_default() for name in ("stage", "phase", "formalization")
}


def _header_key(text: str) -> str:
    """'Library_Lead ' and 'library-lead' both read as 'library lead'."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


HEADERS = {
    _header_key(alias): column.key
    for column in COLUMNS
    for alias in (column.header, column.key, *column.aliases)
}


# --- Reading the file ---------------------------------------------------------------------


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
        key = HEADERS.get(_header_key(cell))
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


# --- Checking the rows ----------------------------------------------------------------------


def _choice_value(choices: Any, typed: str) -> str:
    """A choice's value from its value or its label, in any case: "Nonprofit", "nonprofit"."""
    wanted = fold(typed)
    for value, label in choices.choices:
        if wanted in (fold(value), fold(str(label))):
            return str(value)
    return typed  # the form says it is not one we know


def _form_data(data: dict[str, str]) -> dict[str, str]:
    prepared = {column.key: data.get(column.key, "") for column in COLUMNS}
    for key, choices in CHOICES.items():
        typed = prepared[key]
        if typed:
            prepared[key] = _choice_value(choices, typed)
        elif key in DEFAULTS:
            prepared[key] = str(DEFAULTS[key])
    return prepared


@dataclass
class CheckedRow:
    line: int
    data: dict[str, str]
    errors: list[str]
    raw: str = ""
    form: ImportRowForm | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        stored: dict[str, Any] = {"line": self.line, "errors": self.errors}
        if self.form is None:
            stored["raw"] = self.raw
        else:
            stored["data"] = self.data
            if self.valid:
                stored["cleaned"] = _cleaned(self.form)
        return stored


def _cleaned(form: ImportRowForm) -> dict[str, str]:
    cleaned = {}
    for column in COLUMNS:
        value = form.cleaned_data.get(column.key)
        if isinstance(value, User):
            value = value.email
        cleaned[column.key] = "" if value is None else str(value)
    return cleaned


def _field_errors(form: ImportRowForm) -> list[str]:
    errors = []
    for key, messages in form.errors.items():
        column = COLUMN_BY_KEY.get(key)
        for message in messages:
            if column is None:
                errors.append(str(message))
            else:
                errors.append(
                    gettext("%(column)s: %(message)s")
                    % {"column": column.header, "message": message}
                )
    return errors


def check_rows(
    ecosystem: Ecosystem, rows: list[dict[str, Any]], deadline: Deadline | None = None
) -> list[CheckedRow]:
    """Check every row against this ecosystem as it is now; refused (ValidationError) if
    the deadline passes first. The names and members are read once for the whole file;
    each row that names a library lead still costs one query, the model's own check that
    the person exists."""
    taken = {
        fold(name): name
        for name in Partner.objects.for_ecosystem(ecosystem).values_list("name", flat=True)
    }
    members = {normalize_email(user.email): user for user in members_of(ecosystem)}
    checked: list[CheckedRow] = []
    for row in rows:
        if deadline is not None:
            deadline.check()  # each row runs a whole form
        if "data" not in row:  # a line that did not parse keeps its problem
            checked.append(CheckedRow(row["line"], {}, list(row["errors"]), raw=row["raw"]))
            continue
        form = ImportRowForm(
            _form_data(row["data"]), ecosystem=ecosystem, taken=taken, members=members
        )
        form.is_valid()
        checked.append(CheckedRow(row["line"], row["data"], _field_errors(form), form=form))
    _flag_names_used_twice(checked)
    return checked


def _flag_names_used_twice(rows: list[CheckedRow]) -> None:
    lines_by_name: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        name = fold(row.data.get("name", ""))
        if name:
            lines_by_name[name].append(row.line)
    for row in rows:
        lines = lines_by_name.get(fold(row.data.get("name", "")), [])
        others = [str(line) for line in lines if line != row.line]
        if others:
            row.errors.append(
                ngettext(
                    "%(name)s is also on line %(lines)s. Keep one row per partner.",
                    "%(name)s is also on lines %(lines)s. Keep one row per partner.",
                    len(others),
                )
                % {"name": row.data["name"].strip(), "lines": get_text_list(others, gettext("and"))}
            )


# --- Pending imports --------------------------------------------------------------------------


def create_import(ecosystem: Ecosystem, user: User, filename: str, table: Table) -> PartnerImport:
    """Keep the checked rows until the user confirms or cancels; nothing is a partner yet.
    Refused (ValidationError) if checking the rows takes longer than the upload has left."""
    rows = [row.as_json() for row in check_rows(ecosystem, table.rows, table.deadline)]
    with transaction.atomic():
        # Nobody comes back to an import after a day; clear those left behind.
        PartnerImport.objects.filter(created_at__lt=timezone.now() - STALE_AFTER).delete()
        return PartnerImport.objects.create(
            ecosystem=ecosystem, created_by=user, filename=filename[:255], rows=rows
        )


def pending_for(ecosystem: Ecosystem, user: User) -> QuerySet[PartnerImport]:
    """The imports a member may see: their own, in this ecosystem."""
    return PartnerImport.objects.for_ecosystem(ecosystem).filter(created_by=user)


def counts(pending: PartnerImport) -> tuple[int, int]:
    """(valid rows, rows with problems)."""
    invalid = sum(1 for row in pending.rows if row["errors"])
    return len(pending.rows) - invalid, invalid


ALL, VALID = "all", "valid"


@dataclass
class Outcome:
    saved: list[Partner]
    # Lines left out, and lines that were fine in the preview but are not any more
    # (someone added a partner of that name, a lead left the ecosystem…).
    left_out: list[int]
    changed: list[int]
    refused: bool = False


def confirm_import(pending: PartnerImport, mode: str) -> Outcome | None:
    """Save the rows (all of them, or only the valid ones) in one transaction, checked
    again against the ecosystem as it is now. "All" saves nothing while any row has a
    problem; the import then keeps the fresh problems for the preview. None if the import
    was confirmed or cancelled meanwhile (a second click, another tab)."""
    with transaction.atomic():
        # The lock makes a second confirmation wait, then find the import gone.
        locked = PartnerImport.objects.select_for_update().filter(pk=pending.pk).first()
        if locked is None:
            return None
        pending = locked
        stored = pending.rows
        before_ok = {row["line"] for row in stored if not row["errors"]}
        # No deadline here: these rows are at most MAX_ROWS and were checked once within
        # the upload's time; refusing half-way through a confirmation would only confuse.
        rows = check_rows(pending.ecosystem, stored)
        changed = [row.line for row in rows if row.line in before_ok and not row.valid]
        left_out = [row.line for row in rows if not row.valid]
        valid = [row for row in rows if row.valid]
        if (mode == ALL and left_out) or not valid:
            pending.rows = [row.as_json() for row in rows]
            pending.save(update_fields=["rows"])
            return Outcome([], left_out, changed, refused=True)
        saved = []
        for row in valid:
            assert row.form is not None
            partner = row.form.save_all()
            assert partner is not None  # a new partner has no version to conflict with
            saved.append(partner)
        pending.delete()
    return Outcome(saved, left_out, changed)


# --- What the preview shows -------------------------------------------------------------------


@dataclass
class PreviewRow:
    line: int
    errors: list[str]
    raw: str = ""  # a line that did not parse, as it reads
    values: dict[str, str] = field(default_factory=dict)  # by column key, ready to show
    details: list[tuple[str, str]] = field(default_factory=list)  # the longer texts

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def contact(self) -> str:
        parts = [self.values.get(key, "") for key in CONTACT_KEYS]
        return ", ".join(part for part in parts if part)


CONTACT_KEYS = ("contact_name", "contact_role", "contact_email", "contact_phone")
DETAIL_KEYS = (
    "partner_needs",
    "library_interest",
    "interests",
    "expertise",
    "library_brings",
    "shared_goal",
)
DETAIL_LABELS = {key: capfirst(_partner_field(key).verbose_name) for key in DETAIL_KEYS}


def _shown(key: str, value: str) -> str:
    """A choice as its label when it is one we know; anything else as typed."""
    choices = CHOICES.get(key)
    if choices is None or not value:
        return value
    known = _choice_value(choices, value)
    return str(choices(known).label) if known in choices.values else value


def preview_rows(pending: PartnerImport) -> list[PreviewRow]:
    rows = []
    for stored in pending.rows:
        if "data" not in stored:
            rows.append(PreviewRow(stored["line"], stored["errors"], raw=stored.get("raw", "")))
            continue
        # What will be saved for a valid row (https:// added, "nonprofit" as Nonprofit…);
        # what was typed for the others.
        source = stored.get("cleaned") or stored["data"]
        values = {column.key: _shown(column.key, source.get(column.key, "")) for column in COLUMNS}
        details = [(str(DETAIL_LABELS[key]), values[key]) for key in DETAIL_KEYS if values[key]]
        rows.append(PreviewRow(stored["line"], stored["errors"], values=values, details=details))
    return rows
