"""The CSV import of partners against random and hostile files: whatever the upload holds,
it is read or refused with a message, quickly, and never fails in another way."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.imports.checking import check_rows
from partners.imports.reading import MAX_ROWS, RAW_PREVIEW_CHARS, Table, read_csv

# Reading any file within the limits takes well under half a second here; two seconds
# leaves room for a busy machine while still failing a reading that grows out of bounds
# (the quadratic one took 8 s for 140 KB). No example database: nothing is written into
# the checkout.
READING = settings(max_examples=60, deadline=timedelta(seconds=2), database=None)


def lines_in(content: bytes) -> int:
    text = content.decode("utf-8-sig", errors="replace")
    return len(io.StringIO(text, newline="").readlines())


def read_or_refuse(content: bytes) -> Table | None:
    """The table, or None when the file is refused with a message; anything else fails."""
    try:
        table = read_csv(SimpleUploadedFile("partners.csv", content, "text/csv"))
    except ValidationError as error:
        messages = error.messages
    else:
        messages = []
    if messages:
        assert all(message.strip() for message in messages)
        return None
    assert 1 <= len(table.rows) <= MAX_ROWS
    numbers = [row["line"] for row in table.rows]
    assert numbers == sorted(set(numbers))
    assert numbers[0] >= 2
    assert numbers[-1] <= lines_in(content)
    for row in table.rows:
        if "data" not in row:
            assert row["errors"]
            assert len(row["raw"]) <= RAW_PREVIEW_CHARS
    return table


HEADERS = st.sampled_from(
    [
        "name,sector",
        "Name;Sector;Website",
        "name\tsector\tlibrary lead",
        "\ufeffname,sector,shared goal,contact name,contact email",
        "name,name",
        "sector,website",
        '"name","sector"',
    ]
)
PIECES = st.one_of(
    st.sampled_from(
        [
            "Bike Kitchen",
            "Nonprofit",
            "other",
            "Common goal",
            "www.example.org",
            "ana@example.org",
            "é",
            " ",
            '"',
            '""',
            '"a"b',
            ",",
            ";",
            "\t",
            "\n",
            "\r",
            "\r\n",
            "\x00",
            "\ufeff",
            "x" * 400,
        ]
    ),
    st.text(max_size=4),
)
CSV_ISH = st.builds(
    lambda header, pieces: header + "\n" + "".join(pieces),
    HEADERS,
    st.lists(PIECES, max_size=80),
)
LINES = st.sampled_from(
    ['"a"b,c', "Club,Other", "Club,Other,extra", "Only", "", ",,,", " ", '"open', 'x"y"z']
)
MANY_LINES = st.builds(
    lambda header, line, count, end: header + end + (line + end) * count,
    HEADERS,
    LINES,
    # A few lines, or around the limits: 2,000 rows, 20,000 lines.
    st.one_of(st.integers(0, 30), st.integers(1_990, 25_000)),
    st.sampled_from(["\n", "\r\n", "\r"]),
)


@READING
@given(st.binary(max_size=4_000))
def test_random_bytes_are_read_or_refused_with_a_message(content):
    read_or_refuse(content)


@READING
@given(st.text(max_size=2_000))
def test_random_text_is_read_or_refused_with_a_message(text):
    read_or_refuse(text.encode())


@READING
@given(CSV_ISH)
def test_csv_with_stray_quotes_delimiters_and_line_ends_is_read_or_refused(text):
    read_or_refuse(text.encode())


@READING
@given(MANY_LINES)
def test_huge_numbers_of_lines_are_read_or_refused_quickly(text):
    table = read_or_refuse(text.encode())

    if table is None:
        return
    assert len(table.rows) <= MAX_ROWS


# check_rows only reads the world (partners' names, members), so one world serves every
# example: the function-scoped fixture is safe to share here.
@settings(
    max_examples=30,
    deadline=timedelta(seconds=2),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(CSV_ISH)
def test_every_row_read_is_checked_without_an_error(world, text):
    table = read_or_refuse(text.encode())
    if table is None:
        return

    checked = check_rows(world.ecosystem, table.rows)

    assert [row.line for row in checked] == [row["line"] for row in table.rows]
    for row in checked:
        assert all(isinstance(error, str) and error for error in row.errors)
        row.as_json()
