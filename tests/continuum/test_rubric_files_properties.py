"""Instrument documents against random and hostile files: whatever the file holds, it is
refused with a message or imported, quickly, and never fails in another way."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from continuum.content import CONTENT
from continuum.models import Descriptor
from continuum.rubric_files import loading, reading

# Checking a document of up to 1 MB takes milliseconds; two seconds leaves room for a busy
# machine. No example database: nothing is written into the checkout.
CHECKING = settings(max_examples=80, deadline=timedelta(seconds=2), database=None)


def small_rubric() -> dict[str, Any]:
    """The Continuum cut down to two strands of two indicators, as a new version."""
    document = json.loads((CONTENT / "ecosystem-continuum.json").read_text(encoding="utf-8"))
    document["version"]["number"] = 99
    document["strands"] = document["strands"][:2]
    for strand in document["strands"]:
        strand["indicators"] = strand["indicators"][:2]
    return document


SMALL_RUBRIC = small_rubric()

HOSTILE_TEXT = st.sampled_from(["", " ", "\x00", "\ud83d", "é", "LEAD", "LEAD-1", "1"]) | (
    # Just past the columns' lengths (label, level description), and very long.
    st.sampled_from([21, 61, 121, 201, 301, 70_000]).map(lambda length: "x" * length)
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([-40_000, -1, 0, 1, 2, 4, 40_000, 2**31, 10**30])
    | st.floats()
    | st.text(max_size=20)
    | HOSTILE_TEXT,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=10) | st.sampled_from(["1", "2", "code"]), children)
    ),
    max_leaves=12,
)


# JSON that Python's reader itself chokes on: nesting past the recursion limit, numbers of
# more digits than it converts (from 11 digits on, too large for a version number anyway).
HOSTILE_JSON = st.one_of(
    st.integers(1, 50_000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 50_000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
    st.integers(11, 10_000).map(
        lambda digits: json.dumps({**SMALL_RUBRIC, "version": {"number": 0}}).replace(
            '"number": 0', '"number": ' + "9" * digits
        )
    ),
)


def paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document, as the keys and positions that lead to it."""
    found = [at]
    if isinstance(node, dict):
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node))
    else:
        children = []
    for key, child in children:
        found.extend(paths(child, (*at, key)))
    return found


def alike(value: Any) -> st.SearchStrategy[Any]:
    """Another value of the same type: these changes pass the checks more often."""
    if isinstance(value, str):
        return st.text(max_size=30) | HOSTILE_TEXT
    if isinstance(value, int):
        return st.integers(-40_000, 40_000)
    return JSON_VALUES


EVERY_CHANGE = ("alike", "replace", "remove", "repeat")


@st.composite
def mutated_rubrics(draw: st.DrawFn, changes: tuple[str, ...] = EVERY_CHANGE) -> Any:
    """A valid export with one to three things changed: a value replaced by another of its
    type or by anything, a key or list item removed, or a list item repeated (past the
    limits, at times). The whole document and its format are left to the other tests."""
    document: Any = copy.deepcopy(SMALL_RUBRIC)
    for _ in range(draw(st.integers(1, 3))):
        places = [path for path in paths(document) if path not in {(), ("format",)}]
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        action = draw(st.sampled_from(changes))
        if action == "alike":
            parent[key] = draw(alike(parent[key]))
        elif action == "replace":
            parent[key] = draw(JSON_VALUES)
        elif action == "remove":
            del parent[key]
        elif isinstance(parent, list):
            times = draw(st.sampled_from([1, 10, 600]))
            parent.extend(copy.deepcopy(parent[key]) for _ in range(times))
    return document


def parsed_or_refused(content: str | bytes) -> dict[str, Any] | None:
    try:
        return reading.parse(content)
    except reading.DocumentError as error:
        message = str(error)
    assert message.strip()
    return None


@CHECKING
@given(st.binary(max_size=2_000))
def test_random_bytes_are_refused_with_a_message(content):
    assert parsed_or_refused(content) is None


@CHECKING
@given(st.text(max_size=2_000))
def test_random_text_is_refused_with_a_message(text):
    assert parsed_or_refused(text) is None


@CHECKING
@given(HOSTILE_JSON)
def test_json_too_deep_or_with_too_long_numbers_is_refused_with_a_message(text):
    assert parsed_or_refused(text) is None


@CHECKING
@given(JSON_VALUES)
def test_any_json_value_is_refused_with_a_message(value):
    assert parsed_or_refused(json.dumps(value)) is None


@CHECKING
@given(
    st.dictionaries(
        st.sampled_from(["instrument", "version", "levels", "strands", "other"]), JSON_VALUES
    )
)
def test_an_instrument_document_of_random_parts_is_refused_with_a_message(parts):
    assert parsed_or_refused(json.dumps({"format": reading.FORMAT, **parts})) is None


@CHECKING
@given(mutated_rubrics())
def test_a_changed_export_is_accepted_or_refused_with_a_message(document):
    parsed_or_refused(json.dumps(document))


# Every example runs in a transaction that is rolled back, so the database is the same
# for each: the function-scoped fixture is safe to share.
@settings(
    max_examples=60,
    deadline=timedelta(seconds=3),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutated_rubrics(changes=("alike", "alike", "replace", "remove", "repeat")))
def test_a_changed_export_that_passes_the_checks_imports_whole_and_sound(db, document):
    parsed = parsed_or_refused(json.dumps(document))
    event("refused" if parsed is None else "checked")  # how many get this far: see statistics
    if parsed is None:
        return

    with transaction.atomic():
        try:
            version = loading.import_document(parsed)
        except reading.DocumentError as error:
            version, refusal = None, str(error)
        if version is None:
            # The one thing the checks cannot know: the version number is taken.
            assert "already has a version" in refusal
        else:
            indicators = sum(len(strand["indicators"]) for strand in parsed["strands"])
            assert version.indicators.count() == indicators
            assert version.levels.count() == len(parsed["levels"])
            # Sound by the models' own rules too (lengths, blanks, choices), which SQLite
            # does not enforce and PostgreSQL would turn into an error page.
            for record in [
                version.instrument,
                version,
                *version.levels.all(),
                *version.strands.all(),
                *version.indicators.all(),
                *Descriptor.objects.filter(indicator__version=version),
            ]:
                record.full_clean()
        transaction.set_rollback(True)
