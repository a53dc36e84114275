"""The worked example of a progress record, shipped as content: valid against the shipped
Continuum, shown read-only, and handed to the demo as plain dicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from partners.progress import example as worked_example
from partners.progress.example import ExampleError, example_entries

SHIPPED_CONTINUUM = (
    Path(__file__).resolve().parents[2] / "continuum" / "content" / "ecosystem-continuum.json"
)


def shipped_codes() -> dict[str, set[str]]:
    document = json.loads(SHIPPED_CONTINUUM.read_text(encoding="utf-8"))
    return {
        strand["code"]: {indicator["code"] for indicator in strand["indicators"]}
        for strand in document["strands"]
    }


def test_every_strand_and_indicator_of_the_example_exists_in_the_shipped_continuum():
    codes = shipped_codes()

    for entry in example_entries():
        assert entry["strand_code"] in codes, entry["activity"]
        if entry["indicator_code"]:
            assert entry["indicator_code"] in codes[entry["strand_code"]], entry["activity"]


def test_the_example_spans_about_two_years_across_all_four_strands():
    entries = example_entries()

    assert 8 <= len(entries) <= 12
    assert {entry["strand_code"] for entry in entries} == set(shipped_codes())
    days = [entry["days_ago"] for entry in entries]
    assert days == sorted(days, reverse=True), "oldest first"
    assert 600 <= max(days) <= 800
    assert min(days) < 60
    for entry in entries:
        for key in ("activity", "outcome", "evidence", "next_step"):
            assert entry[key].strip(), (key, entry["activity"])
        assert entry["organizations"] or entry["partners"]


def test_each_call_hands_out_fresh_copies():
    first = example_entries()
    first[0]["organizations"].append("Changed by a caller")
    first[0]["activity"] = "Changed"

    second = example_entries()

    assert "Changed by a caller" not in second[0]["organizations"]
    assert second[0]["activity"] != "Changed"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "something else"}, "not a workbench-progress-example document"),
        ({"format": worked_example.EXAMPLE_FORMAT, "ecosystem": "X", "entries": []}, "no entries"),
        (
            {
                "format": worked_example.EXAMPLE_FORMAT,
                "ecosystem": "X",
                "entries": [{"days_ago": -3, "strand": "LEAD", "activity": "A"}],
            },
            "days_ago must be a whole number of days, 0 or more",
        ),
        (
            {
                "format": worked_example.EXAMPLE_FORMAT,
                "ecosystem": "X",
                "entries": [{"days_ago": 3, "strand": "", "activity": "A"}],
            },
            "strand is required",
        ),
        (
            {
                "format": worked_example.EXAMPLE_FORMAT,
                "ecosystem": "X",
                "entries": [{"days_ago": 3, "strand": "LEAD", "activity": "A", "date": "x"}],
            },
            "unknown keys ['date']",
        ),
        (
            {
                "format": worked_example.EXAMPLE_FORMAT,
                "ecosystem": "X",
                "entries": [
                    {"days_ago": 3, "strand": "LEAD", "activity": "A", "partners": "Rotary"}
                ],
            },
            "partners must be a list of names",
        ),
    ],
)
def test_a_malformed_example_is_refused_with_the_reason(document, message):
    with pytest.raises(ExampleError, match=message.replace("[", r"\[").replace("]", r"\]")):
        worked_example._validate_example(document)


def test_the_example_page_shows_the_record_read_only_with_how_to_use_it(world, client_for):
    response = client_for("editor").get(reverse("partners:progress_example", args=[world.slug]))

    html = response.content.decode()
    assert "How to keep the record" in html
    assert "Riverland Library Ecosystem" in html
    for entry in example_entries():
        assert entry["indicator_code"] in html
    assert "Capital City Chamber of Commerce" in html
    rows = [row for group in response.context["years"] for row in group.rows]
    assert len(rows) == len(example_entries())
    assert all(row.entry is None for row in rows)
    assert "/progress/" + "new/" in html, "an editor is invited to start their own"
    assert "/edit/" not in html, "the example itself cannot be edited"
    # Newest first, and each under its year.
    dates = [row.date for row in rows]
    assert dates == sorted(dates, reverse=True)
    for group in response.context["years"]:
        assert all(row.date.year == group.year for row in group.rows)
