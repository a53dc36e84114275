"""The blank workshop kit: every worksheet of the toolkit in one printable book, for a
workshop where nobody has a computer.

Each worksheet's body is the same template partial its own single PDF uses, so the kit
never drifts from the sheets people download one by one. ``kit_context`` reads everything
in a fixed number of queries, however many instruments and task templates the site
administrators add; ``render_kit`` is called by the background worker, never a web view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agendas.cycle_forms import AdvocacyIssueForm, LegislativeIssueForm
from agendas.models import TaskTemplate
from agendas.plan import describe_timing
from agendas.worksheets import BLANK_WORKSHEETS
from continuum.models import Descriptor, Indicator, Instrument, InstrumentVersion, Level, Strand
from ecosystem.models import Ecosystem, Organization
from ecosystem.pdf import RenderedPDF, render_document
from partners.models import HEALTH_ELEMENTS, Connection, Rating, Reflection
from partners.progress.strands import continuum_strands

TEMPLATE = "ecosystem/reports/kit.html"
# Rows to fill in by hand: as many as fit on the sheet's page (or two).
PROGRESS_ROWS = 11
CONNECTION_ROWS = 17


@dataclass
class Chapter:
    """One worksheet of the kit: a new page, a bookmark, a line of the contents."""

    id: str
    title: str
    # Which partial prints it: "rubric", "checklist", "webs", an agenda worksheet's name,
    # "year-plan", "progress" or "health".
    kind: str
    landscape: bool = False
    children: list[dict[str, str]] = field(default_factory=list)
    # Only for the instruments: what version_content() gives their single PDFs.
    version: InstrumentVersion | None = None
    levels: list[Level] = field(default_factory=list)
    strands: list[Strand] = field(default_factory=list)

    def contents_entry(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "children": self.children}


def instrument_chapters() -> list[Chapter]:
    """The latest published version of every instrument, with its levels, strands,
    indicators and descriptors: five queries for any number of instruments."""
    versions = InstrumentVersion.objects.latest_per_instrument()
    ids = [version.pk for version in versions]
    levels: dict[int, list[Level]] = {}
    for level in Level.objects.filter(version__in=ids).order_by("value", "pk"):
        levels.setdefault(level.version_id, []).append(level)
    strands: dict[int, list[Strand]] = {}
    indicators = Indicator.objects.order_by("position", "pk")
    for strand in (
        Strand.objects.filter(version__in=ids)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    ):
        strands.setdefault(strand.version_id, []).append(strand)
    descriptors = {
        (d.indicator_id, d.level_id): d.text
        for d in Descriptor.objects.filter(indicator__version__in=ids).only(
            "indicator_id", "level_id", "text"
        )
    }
    chapters = []
    for version in versions:
        version_levels = levels.get(version.pk, [])
        version_strands = strands.get(version.pk, [])
        for strand in version_strands:
            for indicator in strand.indicators.all():
                # The same cells continuum's version_content() gives the single PDF.
                indicator.cells = [  # type: ignore[attr-defined]
                    (level, descriptors.get((indicator.pk, level.pk), ""))
                    for level in version_levels
                ]
        chapter_id = f"instrument-{version.instrument.slug}"
        is_rubric = version.instrument.kind == Instrument.Kind.RUBRIC
        chapters.append(
            Chapter(
                id=chapter_id,
                title=version.instrument.name,
                kind="rubric" if is_rubric else "checklist",
                landscape=is_rubric,
                children=[
                    {"id": f"{chapter_id}-{slugify(strand.code)}", "title": strand.name}
                    for strand in version_strands
                ],
                version=version,
                levels=version_levels,
                strands=version_strands,
            )
        )
    return chapters


def year_plan_rows() -> list[dict[str, str]]:
    """The year-round checklist as the site administrators keep it, in their order."""
    return [
        {"when": describe_timing(task), "title": task.title, "description": task.description}
        for task in TaskTemplate.objects.filter(active=True).order_by("position", "pk")
    ]


def kit_context(ecosystem: Ecosystem) -> dict[str, Any]:
    """Everything the kit prints, in a fixed number of queries (nine)."""
    chapters = instrument_chapters()
    chapters.append(
        Chapter(
            id="webs-of-connection",
            title=_("Webs of Connection"),
            kind="webs",
            children=[
                {"id": "webs-of-connection-kinds", "title": _("Who is in the ecosystem")},
                {"id": "webs-of-connection-ties", "title": _("Who works with whom")},
            ],
        )
    )
    chapters += [
        Chapter(id=f"agenda-{name}", title=str(title), kind=name)
        for name, title in BLANK_WORKSHEETS.items()
    ]
    chapters += [
        Chapter(
            id="year-round-advocacy", title=_("Year Round Advocacy Checklist"), kind="year-plan"
        ),
        Chapter(
            id="recording-progress",
            title=_("Recording progress towards a library ecosystem: template"),
            kind="progress",
            landscape=True,
            children=[
                {
                    "id": "recording-progress-reference",
                    "title": _("The strands and their indicators, for reference"),
                }
            ],
        ),
        Chapter(
            id="partnership-health",
            title=_("Partnership health check and yearly reflection"),
            kind="health",
            children=[
                {"id": "partnership-health-check", "title": _("Health check")},
                {"id": "partnership-health-reflection", "title": _("Yearly reflection")},
            ],
        ),
    ]
    reflection_fields = ("what_worked", "what_did_not", "what_to_change")
    return {
        "title": _("Blank workshop kit"),
        "subtitle": _(
            "Every worksheet of the Strong Library Ecosystems toolkit, ready to copy and "
            "fill in by hand."
        ),
        "ecosystem": ecosystem,
        "contents": [chapter.contents_entry() for chapter in chapters],
        "chapters": chapters,
        # Agenda building
        "legislative_form": LegislativeIssueForm(),
        "public_form": AdvocacyIssueForm(),
        # Year Round Advocacy Checklist
        "year_plan": year_plan_rows(),
        # Recording progress (its template names the strands "strands": the kit passes
        # these to that chapter only)
        "progress_strands": continuum_strands(),
        "blank_rows": range(PROGRESS_ROWS),
        # Webs of Connection
        "kind_groups": [
            (str(group), [str(kind.label) for kind in kinds])
            for group, kinds in Organization.KIND_GROUPS
        ],
        "connection_kinds": [str(label) for label in Connection.Kind.labels],
        "strengths": Connection.Strength.choices,
        "connection_rows": range(CONNECTION_ROWS),
        # Partnership health and reflection
        "health_elements": [str(label) for _name, label in HEALTH_ELEMENTS],
        "ratings": [str(label) for label in Rating.labels],
        "reflection_questions": [
            str(field.verbose_name)
            for field in map(Reflection._meta.get_field, reflection_fields)
            if isinstance(field, models.Field)
        ],
        "decisions": [str(label) for label in Reflection.Decision.labels],
    }


def render_kit_document(ecosystem: Ecosystem) -> RenderedPDF:
    """The kit and its page count: about thirty pages, several seconds of work, so the
    background worker renders it, never a web worker."""
    return render_document(TEMPLATE, kit_context(ecosystem))


def render_kit(ecosystem: Ecosystem) -> bytes:
    """The kit as PDF bytes (what render_pdf would give for it)."""
    return render_kit_document(ecosystem).pdf
