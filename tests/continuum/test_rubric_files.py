"""Instrument documents from outside (the admin's upload, manage.py import_rubric): anything
that is not a sound instrument is refused with a message that says what to fix, never an
error page, and quickly whatever the file holds."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from continuum.content import CONTENT
from continuum.models import InstrumentVersion
from continuum.rubric_files import reading


def shipped() -> dict[str, Any]:
    """The Continuum as exported, as a new version number so it could be imported."""
    document = json.loads((CONTENT / "ecosystem-continuum.json").read_text(encoding="utf-8"))
    document["version"]["number"] = 2
    return document


def refusal(content: str | bytes) -> str:
    with pytest.raises(reading.DocumentError) as refused:
        reading.parse(content)
    message = str(refused.value)
    assert message
    # A message never repeats a long piece of the file back.
    assert len(message) < 400
    return message


def changed(change: Callable[[dict[str, Any]], Any]) -> str:
    document = shipped()
    change(document)
    return json.dumps(document)


def test_the_shipped_instrument_passes_the_checks():
    for name in (
        "ecosystem-continuum",
        "self-assessment-checklist",
        "collaboration-best-practices",
    ):
        reading.parse((CONTENT / f"{name}.json").read_bytes())


# --- Wrong types, missing keys, null ----------------------------------------------------------


def first_strand(document: dict[str, Any]) -> dict[str, Any]:
    return document["strands"][0]


def first_indicator(document: dict[str, Any]) -> dict[str, Any]:
    return document["strands"][0]["indicators"][0]


WRONG = [
    (
        "strands as text",
        lambda d: d.update(strands="LEAD, COMM"),
        'The document: "strands" must be a list, not text.',
    ),
    (
        "levels as an object",
        lambda d: d.update(levels={"1": "Emerging"}),
        'The document: "levels" must be a list, not an object.',
    ),
    ("no version", lambda d: d.pop("version"), 'The document needs "version" (an object).'),
    (
        "a strand as text",
        lambda d: d["strands"].__setitem__(1, "COMM"),
        "Strand 2 must be an object, not text.",
    ),
    (
        "a statement as a number",
        lambda d: first_indicator(d).update(statement=42),
        'Indicator LEAD-1: "statement" must be text, not a whole number.',
    ),
    (
        "a description as null",
        lambda d: d["instrument"].update(description=None),
        'The instrument: "description" must be text, not null.',
    ),
    (
        "notes as a list",
        lambda d: d["version"].update(notes=["a", "b"]),
        'The version: "notes" must be text, not a list.',
    ),
    (
        "the version number as text",
        lambda d: d["version"].update(number="2"),
        'The version: "number" must be a whole number, not text.',
    ),
    (
        "the version number as true",
        lambda d: d["version"].update(number=True),
        'The version: "number" must be a whole number, not true or false.',
    ),
    (
        "a level value with decimals",
        lambda d: d["levels"][0].update(value=1.5),
        'Level 1: "value" must be a whole number, not a decimal number.',
    ),
    (
        "a level without a label",
        lambda d: d["levels"][2].pop("label"),
        'Level 3 needs "label" (text).',
    ),
    (
        "indicators as null",
        lambda d: first_strand(d).update(indicators=None),
        'Strand LEAD: "indicators" must be a list, not null.',
    ),
    (
        "descriptors as a list",
        lambda d: first_indicator(d).update(descriptors=["a"]),
        'Indicator LEAD-1: "descriptors" must be an object, not a list.',
    ),
    (
        "a descriptor as a number",
        lambda d: first_indicator(d)["descriptors"].update({"2": 7}),
        "Indicator LEAD-1: the descriptor for level 2 must be text, not a whole number.",
    ),
    (
        "an unknown kind",
        lambda d: d["instrument"].update(kind="survey"),
        'The instrument: "kind" must be one of rubric, checklist.',
    ),
    (
        "a slug with spaces",
        lambda d: d["instrument"].update(slug="ecosystem continuum"),
        'The instrument: "slug" may hold only letters, digits, hyphens and underscores',
    ),
    (
        "an empty strand code",
        lambda d: first_strand(d).update(code="  "),
        'Strand 1: "code" is empty.',
    ),
    (
        "a long level label",
        lambda d: d["levels"][0].update(label="L" * 61),
        'Level 1: "label" is 61 characters long; at most 60 fit.',
    ),
    (
        "a long indicator code",
        lambda d: first_indicator(d).update(code="X" * 500_000),
        'Indicator 1 of strand LEAD: "code" is 500,000 characters long; at most 20 fit.',
    ),
    (
        "a negative version number",
        lambda d: d["version"].update(number=-1),
        'The version: "number" must be between 1 and 2,147,483,647.',
    ),
    (
        "a level value beyond the scale's range",
        lambda d: d["levels"][0].update(value=40_000),
        'Level 1: "value" must be between -32,768 and 32,767.',
    ),
    (
        "a null character",
        lambda d: first_strand(d).update(name="Lead\x00ership"),
        'Strand LEAD: "name" holds a character that is not text',
    ),
    (
        "a line break in an indicator code",
        lambda d: first_indicator(d).update(code="LEAD-1\n"),
        'Indicator 1 of strand LEAD: "code" must be one line, without line breaks',
    ),
    (
        "a line separator in a level label",
        lambda d: d["levels"][1].update(label="Devel\u2028oping"),
        'Level 2: "label" must be one line',
    ),
    (
        "a tab in a strand name",
        lambda d: first_strand(d).update(name="Lead\tership"),
        'Strand LEAD: "name" must be one line',
    ),
    (
        "half of an escaped emoji",
        lambda d: first_strand(d).update(description="\ud83d"),
        'Strand LEAD: "description" holds a character that is not text',
    ),
]


@pytest.mark.parametrize(
    ("change", "message"),
    [pytest.param(change, message, id=case) for case, change, message in WRONG],
)
def test_a_wrong_value_anywhere_is_refused_with_where_and_what(change, message):
    assert message in refusal(changed(change))


def test_a_document_that_is_not_an_object_is_refused():
    for content in ("[]", '"text"', "42", "null", "true"):
        assert "This is not an instrument document" in refusal(content)


# --- Size, depth and counts ----------------------------------------------------------------------


def test_deeply_nested_json_is_refused_not_crashed_on():
    # A RecursionError would escape as a crash; the refusal is a message.
    message = refusal("[" * 100_000 + "]" * 100_000)

    assert "nested far deeper than an instrument" in message


def test_a_number_too_long_to_read_is_refused():
    content = changed(lambda d: d["version"].update(number=0)).replace(
        '"number": 0', '"number": ' + "9" * 5_000
    )

    assert "a number far too long" in refusal(content)


def test_a_file_over_a_megabyte_is_refused_before_it_is_parsed():
    content = b'{"format": "workbench-instrument/1", "x": "' + b"y" * 1_000_000 + b'"}'

    assert "The file is larger than 1 MB" in refusal(content)


def test_a_hundred_thousand_indicators_are_refused_unparsed(monkeypatch):
    def many(document: dict[str, Any]) -> None:
        first_strand(document)["indicators"] = [
            {"code": f"I{n}", "statement": "s"} for n in range(100_000)
        ]

    content = changed(many)

    def parse_anyway(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a document over the size limit was parsed")

    monkeypatch.setattr(reading.json, "loads", parse_anyway)
    message = refusal(content)

    assert "larger than 1 MB" in message  # 3 MB: the size alone refuses it, unparsed


def test_more_indicators_than_any_instrument_has_are_refused_by_count():
    def many(document: dict[str, Any]) -> None:
        first_strand(document)["indicators"] = [
            {"code": f"I{n}", "statement": "s"} for n in range(reading.MAX_INDICATORS + 1)
        ]

    assert "more than 500 indicators" in refusal(changed(many))


def test_more_levels_or_strands_than_any_instrument_has_are_refused_by_count():
    levels = changed(
        lambda d: d.update(levels=[{"value": n, "label": f"L{n}"} for n in range(20_000)])
    )
    strands = changed(
        lambda d: d.update(
            strands=[{"code": f"S{n}", "name": "S", "indicators": []} for n in range(1_000)]
        )
    )

    assert refusal(levels) == "The scale has 20,000 levels; an instrument has at most 10."
    assert refusal(strands) == "The document has 1,000 strands; an instrument has at most 50."


def test_codes_repeated_are_refused():
    def twice(document: dict[str, Any]) -> None:
        first_strand(document)["indicators"].append(copy.deepcopy(first_indicator(document)))

    assert refusal(changed(twice)) == "Indicator code LEAD-1 appears twice."


# --- Through the admin and the command ---------------------------------------------------------


def upload_to_admin(client, content: bytes):
    return client.post(
        reverse("admin:continuum_instrumentversion_import"),
        {"document": SimpleUploadedFile("v2.json", content, content_type="application/json")},
    )


def test_the_admin_refuses_an_oversize_file_with_a_message(admin_client):
    response = upload_to_admin(admin_client, b" " * (reading.MAX_DOCUMENT_BYTES + 1))

    assert response.status_code == 200
    assert "The file is larger than 1 MB" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [pytest.param(change, message, id=case) for case, change, message in WRONG[:6]],
)
def test_the_admin_shows_the_message_for_a_wrong_document_next_to_the_field(
    admin_client, change, message
):
    response = upload_to_admin(admin_client, changed(change).encode())

    assert response.status_code == 200
    html = response.content.decode().replace("&quot;", '"')
    assert message in html
    assert not InstrumentVersion.objects.filter(number=2, instrument__slug="ecosystem-continuum")


def test_the_admin_refuses_deeply_nested_json_with_a_message(admin_client):
    response = upload_to_admin(admin_client, b"[" * 100_000)

    assert response.status_code == 200
    assert "nested far deeper than an instrument" in response.content.decode()


def test_the_command_refuses_a_wrong_document_with_the_message(tmp_path, db):
    path = tmp_path / "broken.json"
    path.write_text(changed(lambda d: d.update(strands="LEAD")))

    with pytest.raises(CommandError, match='"strands" must be a list, not text'):
        call_command("import_rubric", str(path), stdout=StringIO())


def test_the_command_refuses_a_folder_with_a_message(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_rubric", str(tmp_path), stdout=StringIO())


def test_the_command_refuses_a_huge_file_without_reading_it(tmp_path, db, monkeypatch):
    path = tmp_path / "huge.json"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # 50 MB that take no disk space

    def read_anyway(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file over the size limit was opened")

    monkeypatch.setattr(Path, "open", read_anyway)
    with pytest.raises(CommandError, match="larger than 1 MB"):
        call_command("import_rubric", str(path), stdout=StringIO())
