"""The coordinator's report: the sections and the period picked, with the ecosystem's own
figures, read back from the PDF; and a fixed number of queries however big the ecosystem."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from ecosystem.models import Organization
from ecosystem.overview.reports.report import SECTION_KEYS, Period, render_report, report_context
from partners.models import Connection, Harvest, Partner, ProgressEntry

pytestmark = pytest.mark.django_db


def last_year_options(sections):
    today = timezone.localdate()
    return {
        "sections": sections,
        "start": (today - timedelta(days=365)).isoformat(),
        "end": today.isoformat(),
    }


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Line breaks inside table cells split words from their neighbours: join on spaces.
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def full_report(world):
    return render_report(world.ecosystem, last_year_options(SECTION_KEYS))


def test_the_full_report_has_a_chapter_for_every_section_in_the_contents_and_bookmarks(
    full_report,
):
    reader = PdfReader(io.BytesIO(full_report.pdf))
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    contents = reader.pages[1].extract_text()

    for title in [
        "Continuum results and progress",
        "The One Voice agenda and who signed on",
        "The year plan's status",
        "Partners by stage, with their shared stories",
        "The progress record",
        "Webs of Connection and coverage",
    ]:
        assert title in contents
        assert title in bookmarks
    assert full_report.page_count == len(reader.pages) > 6
    assert reader.metadata.title.startswith("Coordinator's report")


def test_the_report_prints_the_ecosystems_own_records(world, full_report):
    text = text_of(full_report.pdf)

    # Continuum: the round that closed in the period.
    assert "Closed round" in text
    # The agenda and who signed on.
    assert "Signed on by 1 organization" in text
    assert "Central Public Library" in text
    # The year plan.
    assert world.task.title in text
    # Partners by stage, and the story marked to be shared.
    assert "Supportive roles 1 County Literacy Council" in text
    assert "Spring tutoring series" in text
    # The progress record.
    assert "Joint summer reading with the schools" in text
    # Webs of Connection: the tie, and the coverage checklist.
    assert "Joint program" in text
    assert "Academic library" in text  # a kind the ecosystem lacks, on the checklist


def test_only_the_sections_picked_are_printed(world):
    report = render_report(world.ecosystem, last_year_options(["partners"]))

    text = text_of(report.pdf)
    assert "Spring tutoring series" in text
    assert "Webs of Connection" not in text
    assert "Joint summer reading" not in text


def test_records_outside_the_period_are_left_out(world):
    today = timezone.localdate()
    options = {
        "sections": ["partners", "progress"],
        "start": (today - timedelta(days=10)).isoformat(),
        "end": today.isoformat(),
    }

    text = text_of(render_report(world.ecosystem, options).pdf)

    # The harvest was 20 days ago and the progress step 30 days ago.
    assert "Spring tutoring series" not in text
    assert "No harvest from this period was marked to be shared" in text
    assert "No step was recorded during this period." in text


def test_another_ecosystems_records_never_reach_the_report(world):
    other_partner = world.other_partner
    other_partner.name = "Only In The Other Ecosystem"
    other_partner.save()

    text = text_of(render_report(world.ecosystem, last_year_options(SECTION_KEYS)).pdf)

    assert "Only In The Other Ecosystem" not in text
    assert "Other Town Library" not in text


def test_gathering_the_report_costs_the_same_queries_however_big_the_ecosystem(world):
    today = timezone.localdate()
    period = Period(today - timedelta(days=365), today)

    def grow(count):
        for number in range(count):
            organization = Organization.objects.create(
                ecosystem=world.ecosystem,
                name=f"Branch {Organization.objects.count()}-{number}",
                kind=Organization.Kind.SCHOOL_LIBRARY,
            )
            partner = Partner.objects.create(
                ecosystem=world.ecosystem, name=f"Partner {organization.name}", sector="business"
            )
            Connection.objects.create(
                ecosystem=world.ecosystem,
                organization=organization,
                other_organization=world.organization,
                kind=Connection.Kind.INFORMAL,
            )
            Connection.objects.create(
                ecosystem=world.ecosystem,
                organization=organization,
                partner=partner,
                kind=Connection.Kind.FUNDING,
            )
            Harvest.objects.create(
                partner=partner, date=today, title="A story", share_in_reports=True
            )
            entry = ProgressEntry.objects.create(
                ecosystem=world.ecosystem, date=today, strand_code="LEAD", activity="A step"
            )
            entry.organizations.add(organization)
            entry.partners.add(partner)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            report_context(world.ecosystem, SECTION_KEYS, period)
        return len(context)

    grow(2)
    few = count_queries()
    grow(20)
    assert count_queries() == few
