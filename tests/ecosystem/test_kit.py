"""The blank workshop kit: every worksheet in one book, with a cover, contents that point at
the right pages, bookmarks, a running header and "Page X of Y", read back from the PDF."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from agendas.models import TaskTemplate
from continuum.models import Instrument, InstrumentVersion
from continuum.rubric_files.loading import import_document
from continuum.rubric_files.writing import version_document
from ecosystem.models import Organization
from ecosystem.overview.reports import kit
from partners.models import HEALTH_ELEMENTS, Connection, Rating, Reflection

# Every test reads the database (so that the test database exists even when only the
# tests of the rendered book are selected).
pytestmark = pytest.mark.django_db

CONTENTS_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


@dataclass
class Kit:
    reader: PdfReader
    pages: list[str]  # each page's text
    contents: list[dict]  # what kit_context() gave the book
    ecosystem_name: str

    @property
    def text(self) -> str:
        """The whole document's words, with line breaks from wrapped cells undone."""
        return " ".join(" ".join(self.pages).split())

    def printed_contents(self) -> list[tuple[str, int]]:
        """The contents page's lines: (title, page number), in order."""
        lines = []
        for line in self.pages[1].splitlines():
            match = CONTENTS_LINE.match(line.strip())
            if match:
                lines.append((match["title"], int(match["page"])))
        return lines


@pytest.fixture(scope="module")
def book(django_db_setup, django_db_blocker) -> Kit:
    """The kit of the world's ecosystem, rendered once for the module (it takes seconds)."""
    from tests.world import build_world, load_world

    with django_db_blocker.unblock(), transaction.atomic():
        # After a browser test emptied the database, build the world again, then undo it.
        world = load_world() or build_world()
        context = kit.kit_context(world.ecosystem)
        pdf = kit.render_kit(world.ecosystem)
        transaction.set_rollback(True)
    reader = PdfReader(io.BytesIO(pdf))
    return Kit(
        reader=reader,
        pages=[page.extract_text() for page in reader.pages],
        contents=context["contents"],
        ecosystem_name=world.ecosystem.name,
    )


def chapter_titles(book: Kit) -> list[str]:
    return [chapter["title"] for chapter in book.contents]


# --- What it holds ------------------------------------------------------------------------


def test_the_kit_has_a_chapter_for_every_worksheet_of_the_toolkit(book):
    assert chapter_titles(book) == [
        "Ecosystem Continuum",
        "Self Assessment Checklist",
        "Best practices of collaboration for advocacy",
        "Webs of Connection",
        "Information Gathering Template",
        "Legislative Issues worksheet",
        "Public-Facing Advocacy Issues worksheet",
        "Consolidating the Input worksheet",
        "Year Round Advocacy Checklist",
        "Recording progress towards a library ecosystem: template",
        "Partnership health check and yearly reflection",
    ]


def test_every_published_instrument_is_printed_whole(book, world):
    for version in InstrumentVersion.objects.latest_per_instrument():
        for indicator in version.indicators.all():
            # Statements wrap inside table cells; their first words are on one line.
            assert " ".join(indicator.statement.split()[:4]) in book.text, indicator.code
    assert "Evidence:" in book.text, "the rubric's write-in lines"
    descriptor = (
        Instrument.objects.get(slug="ecosystem-continuum")
        .latest_published()
        .indicators.get(code="SUST-3")
        .descriptors.get(level__value=4)
        .text
    )
    assert " ".join(descriptor.split()[:5]) in book.text


def test_the_agenda_worksheets_and_the_progress_template_are_their_single_pdfs_bodies(book):
    for words in [
        "Top concerns",  # Information Gathering Template
        "Level of government",  # Legislative Issues (the form's fields)
        "Messengers",  # Public-Facing Advocacy Issues
        "Shared talking points for the top priorities",  # Consolidating the Input
        "Strand and indicator",  # Recording progress
        "The strands and their indicators, for reference",
    ]:
        assert words in book.text


def test_the_year_plan_lists_every_active_task_template_with_its_timing(book, world):
    for task in TaskTemplate.objects.filter(active=True):
        assert task.title in book.text
    assert "8 weeks before the session opens" in book.text
    assert "Mid-September" in book.text


def test_the_webs_of_connection_sheet_lists_every_kind_and_the_kinds_of_ties(book):
    for _group, kinds in Organization.KIND_GROUPS:
        for kind in kinds:
            assert str(kind.label) in book.text
    assert "Present Missing Isolated" in book.text
    for label in Connection.Kind.labels:
        assert str(label) in book.text
    assert "Organization Connected with Kind (circle) Strength (circle) Since" in book.text


def test_the_health_sheet_rates_the_four_elements_and_asks_for_the_yearly_decision(book):
    for _name, element in HEALTH_ELEMENTS:
        assert str(element) in book.text
    assert " ".join(str(label) for label in Rating.labels) in book.text
    for decision in Reflection.Decision.labels:
        assert str(decision) in book.text
    assert "What did not work" in book.text


# --- How it is laid out -------------------------------------------------------------------


def test_the_cover_has_the_title_and_ecosystem_and_no_page_header_or_number(book):
    cover = book.pages[0]

    assert "Blank workshop kit" in cover
    assert book.ecosystem_name.upper() in cover
    assert "Page " not in cover
    assert book.ecosystem_name not in cover, "no running header (the cover prints it in capitals)"


def test_the_contents_fit_on_one_page_and_each_chapter_starts_on_the_page_it_gives(book):
    printed = book.printed_contents()
    # (title, is it a chapter?) for every line the contents should have, in order
    expected = []
    for chapter in book.contents:
        expected.append((chapter["title"], True))
        expected += [(child["title"], False) for child in chapter["children"]]

    assert [title for title, _page in printed] == [title for title, _chapter in expected]
    assert not book.pages[2].startswith("Contents"), "one page of contents"
    starts = []
    for (title, page), (_title, is_chapter) in zip(printed, expected, strict=True):
        text = book.pages[page - 1]
        if is_chapter:
            # Margin boxes come last in a tagged PDF: a chapter's page begins with its h2.
            assert text.startswith(title), f"{title!r} is not at the top of page {page}"
            starts.append(page)
        else:
            body = text.rsplit(book.ecosystem_name, 1)[0]
            assert title in body, f"{title!r} is not on page {page}"
    assert starts[0] == 3, "cover, contents, then the first chapter"
    assert starts == sorted(set(starts)), "every chapter on pages of its own, in order"


def test_the_bookmarks_are_the_chapters_with_their_sections_under_them(book):
    outline = book.reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]

    assert top == ["Contents", *chapter_titles(book)]
    printed = dict(book.printed_contents())
    for index, item in enumerate(outline):
        if isinstance(item, list):
            parent = outline[index - 1]
            chapter = next(c for c in book.contents if c["title"] == parent.title)
            assert [child.title for child in item] == [c["title"] for c in chapter["children"]]
        elif item.title != "Contents":
            # The bookmark leads to the page the contents print.
            assert book.reader.get_destination_page_number(item) + 1 == printed[item.title]


def test_every_page_but_the_cover_says_page_x_of_y(book):
    total = len(book.pages)

    assert total > 20
    for number, text in enumerate(book.pages[1:], start=2):
        assert f"Page {number} of {total}" in text


def test_the_running_header_names_the_chapter_each_page_belongs_to(book):
    starts = {
        page: title for title, page in book.printed_contents() if title in chapter_titles(book)
    }
    current = "Contents"
    for number, text in enumerate(book.pages[1:], start=2):
        current = starts.get(number, current)
        header = f"{book.ecosystem_name} {current}"
        assert header in text.splitlines(), f"page {number} should be headed {header!r}"


def test_landscape_pages_for_the_rubric_and_the_progress_record_only(book):
    printed = dict(book.printed_contents())

    def landscape(title: str) -> bool:
        box = book.reader.pages[printed[title] - 1].mediabox
        return float(box.width) > float(box.height)

    assert landscape("Ecosystem Continuum")
    assert landscape("Recording progress towards a library ecosystem: template")
    assert not landscape("Self Assessment Checklist")
    assert not landscape("Webs of Connection")
    box = book.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792), "Letter"


def test_the_kit_is_titled_tagged_and_in_english(book):
    assert book.reader.metadata.title == f"Blank workshop kit · {book.ecosystem_name}"
    catalog = book.reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-us"
    assert "/StructTreeRoot" in catalog


# --- What it costs ------------------------------------------------------------------------


def kit_queries(ecosystem) -> int:
    """Queries to gather and lay out the kit's HTML (the PDF step makes none)."""
    with CaptureQueriesContext(connection) as context:
        render_to_string(kit.TEMPLATE, kit.kit_context(ecosystem))
    return len(context)


def add_instrument(number: int) -> None:
    """A copy of the Continuum, published under another name."""
    continuum = Instrument.objects.get(slug="ecosystem-continuum").latest_published()
    document = version_document(continuum)
    document["instrument"] |= {"slug": f"copy-{number}", "name": f"Copy {number}"}
    import_document(document, publish=True)


def test_the_kit_costs_the_same_queries_for_more_instruments_and_task_templates(world):
    few = kit_queries(world.ecosystem)
    for number in range(3):
        add_instrument(number)
    TaskTemplate.objects.bulk_create(
        TaskTemplate(title=f"Extra task {i}", timing="month", month=i % 12 + 1) for i in range(30)
    )

    many = kit_queries(world.ecosystem)

    assert many == few
    # The instruments' versions, levels, strands, indicators and descriptors; the
    # Continuum's strands and indicators for the progress template (three); the templates.
    assert many <= 9
