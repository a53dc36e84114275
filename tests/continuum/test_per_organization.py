"""Results per organization (the default) or per person: the switch, and the numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from continuum import services
from continuum.results import By, round_results
from tests.continuum.conftest import NOT_SURE
from tests.continuum.test_pdfs import read


def url(world, name, round, by=None):
    address = reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, "pk": round.pk})
    return f"{address}?by={by}" if by else address


@pytest.fixture
def library_round(world, respondents, answer_round):
    """A closed round. On LEAD-1, the Central Public Library's four members (the
    contributor and three more) say levels 1, 1, 2 and 4; the editor (no organization)
    says 3; the coordinator (no organization) is not sure. Everything else: level 2."""
    round = world.round
    librarians = respondents(round, 3, organization=world.organization)
    answer_round(round, world.users["contributor"], {"*": 1, "LEAD-1": 0})
    for user, position in zip(librarians, (0, 1, 3), strict=True):
        answer_round(round, user, {"*": 1, "LEAD-1": position})
    answer_round(round, world.users["editor"], {"*": 1, "LEAD-1": 2})
    answer_round(round, world.users["coordinator"], {"*": 1, "LEAD-1": NOT_SURE})
    services.close_round(round)
    return round


def test_per_organization_each_library_counts_once_with_its_members_median(library_round):
    lead_1 = round_results(library_round).indicators[0]

    # The library's value is the median of 1, 1, 2, 4: 1.5, between the first two
    # levels. The editor counts on their own with 3. The median of 1.5 and 3 is 2.25;
    # from 1.5 (half a step up) to 3 (two steps up) is 1.5 steps.
    assert lead_1.indicator.code == "LEAD-1"
    assert lead_1.summary.counts == (0, 0, 1, 0)
    assert (lead_1.summary.between, lead_1.summary.not_sure) == (1, 1)
    assert (lead_1.summary.median, lead_1.summary.spread) == (2.25, 1.5)


def test_per_person_every_respondent_counts_once(library_round):
    lead_1 = round_results(library_round, by=By.PERSON).indicators[0]

    # 1, 1, 2, 4, 3 and one not sure: the median is 2, from level 1 to level 4 is 3 steps.
    assert lead_1.summary.counts == (2, 1, 1, 1)
    assert (lead_1.summary.between, lead_1.summary.not_sure) == (0, 1)
    assert (lead_1.summary.median, lead_1.summary.spread) == (2.0, 3)


def test_the_results_page_is_per_organization_unless_asked_otherwise(
    world, client_for, library_round
):
    client = client_for("viewer")

    default = client.get(url(world, "results", library_round)).content.decode()
    per_person = client.get(url(world, "results", library_round, by="person")).content.decode()

    assert "Counted per organization" in default
    assert 'href="?by=organization" aria-current="page"' in default
    assert 'href="?by=person"' in default, "a plain link switches, no script needed"
    assert "Counted per person" in per_person
    assert 'href="?by=person" aria-current="page"' in per_person
    assert "Between two levels" in default
    assert "Between two levels" not in per_person


def test_the_downloads_follow_the_pages_choice(world, client_for, library_round):
    html = client_for("viewer").get(url(world, "results", library_round, by="person"))

    page = html.content.decode()
    assert url(world, "results_pdf", library_round, by="person") in page
    assert url(world, "results_export", library_round, by="person") in page


@pytest.mark.parametrize(("by", "words"), [(None, "per organization"), ("person", "per person")])
def test_the_pdf_says_how_it_counted(world, client_for, library_round, by, words):
    response = client_for("viewer").get(url(world, "results_pdf", library_round, by=by))

    _, text = read(response)
    assert f"Counted {words}" in text
    assert words.replace(" ", "-") in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # Four levels, between two levels, not sure, answered, median, spread.
        (None, ["0", "0", "1", "0", "1", "1", "2", "2.25", "1.5"]),
        ("person", ["2", "1", "1", "1", "0", "1", "5", "2.0", "3"]),
    ],
)
def test_the_csv_says_how_it_counted_on_every_row(world, client_for, library_round, by, expected):
    response = client_for("viewer").get(url(world, "results_export", library_round, by=by))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, lead_1 = rows[0], rows[1]
    assert header[3:12] == [
        "Getting started (1)",
        "Developing (2)",
        "Established (3)",
        "Thriving (4)",
        "Between two levels",
        "Not sure",
        "Answered",
        "Median",
        "Spread (levels)",
    ]
    assert lead_1[3:12] == expected
    assert header[-1] == "Counted"
    label = "per person" if by else "per organization"
    assert {row[-1] for row in rows[1:]} == {label}
