"""The coordinator's report: the ecosystem's year (or any period) in one PDF.

The coordinator picks the sections and the period; each section gathers its figures
through the tool's own services, in a fixed number of queries whatever the data, and the
charts and the network drawing are the very SVG the screens show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agendas.models import PlanTask, PublishedAgenda, SignOn
from continuum.charts import strand_chart, trend_chart
from continuum.comparison import compare as compare_rounds
from continuum.models import Round
from continuum.results import round_results
from ecosystem.forms import date_input
from ecosystem.models import Ecosystem
from ecosystem.pdf import RenderedPDF, render_document
from partners.log.harvests import shared_harvests
from partners.models import Connection, Partner, ProgressEntry, Stage, WebSnapshot
from partners.progress.strands import continuum_strands
from partners.progress.timeline import indicators_named, timeline, with_relations
from partners.webs.comparison import compare as compare_webs
from partners.webs.coverage import coverage
from partners.webs.drawing import draw
from partners.webs.graph import Web, current_web

from .rendering import Advance, ReportError

# The sections, in the order they print. Keys are stored in the job's options.
SECTIONS: list[tuple[str, Any]] = [
    ("continuum", gettext_lazy("Continuum results and progress")),
    ("agenda", gettext_lazy("The One Voice agenda and who signed on")),
    ("plan", gettext_lazy("The year plan's status")),
    ("partners", gettext_lazy("Partners by stage, with their shared stories")),
    ("progress", gettext_lazy("The progress record")),
    ("webs", gettext_lazy("Webs of Connection and coverage")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]
MAX_PERIOD_DAYS = 5 * 366


def this_year() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), date(today.year, 12, 31)


class ReportForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("Sections to include"),
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Pick at least one section.")},
    )
    start = forms.DateField(label=gettext_lazy("From"), widget=date_input())
    end = forms.DateField(label=gettext_lazy("To"), widget=date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = this_year()
        self.fields["sections"].initial = SECTION_KEYS
        self.fields["start"].initial = start
        self.fields["end"].initial = end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period cannot end before it starts."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Pick a period of five years or less."))
        return data

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "sections": [key for key in SECTION_KEYS if key in data["sections"]],
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
        }


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_options(options: dict[str, Any]) -> tuple[list[str], Period]:
    """The job's stored options, checked again: the worker trusts nothing it reads."""
    sections = [key for key in SECTION_KEYS if key in (options.get("sections") or [])]
    if not sections:
        raise ReportError(_("No section was chosen, so there is nothing to print."))
    try:
        period = Period(date.fromisoformat(options["start"]), date.fromisoformat(options["end"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ReportError(_("The report's period is not a valid pair of dates.")) from error
    if period.end < period.start:
        raise ReportError(_("The period cannot end before it starts."))
    return sections, period


def describe_options(options: dict[str, Any]) -> dict[str, Any]:
    """What a job asked for, for the page that lists it (no queries)."""
    labels = dict(SECTIONS)
    start: date | None
    end: date | None
    try:
        start, end = date.fromisoformat(options["start"]), date.fromisoformat(options["end"])
    except (KeyError, TypeError, ValueError):
        start = end = None
    return {
        "sections": [labels[key] for key in options.get("sections", []) if key in labels],
        "start": start,
        "end": end,
    }


# --- The sections ----------------------------------------------------------------------------


def continuum_section(ecosystem: Ecosystem, period: Period) -> dict[str, Any]:
    closed = list(
        Round.objects.for_ecosystem(ecosystem)
        .closed()
        .filter(closed_at__date__range=(period.start, period.end))
        .select_related("version__instrument")
        .order_by("opened_at")
    )
    if not closed:
        before = (
            Round.objects.for_ecosystem(ecosystem)
            .closed()
            .filter(closed_at__date__lt=period.start)
            .order_by("-closed_at")
            .first()
        )
        return {"latest": None, "before": before}
    latest = closed[-1]
    # Progress compares rounds of one instrument: the Continuum with the Continuum.
    same_instrument = [r for r in closed if r.version.instrument_id == latest.version.instrument_id]
    results = round_results(latest, with_next_steps=False, with_evidence=False)
    context: dict[str, Any] = {
        "latest": latest,
        "results": results,
        "chart": strand_chart(results),
        "rounds": closed,
    }
    if len(same_instrument) > 1:
        comparison = compare_rounds(same_instrument)
        context.update(comparison=comparison, trend=trend_chart(comparison))
    return context


def agenda_section(ecosystem: Ecosystem, period: Period) -> dict[str, Any]:
    agenda = (
        PublishedAgenda.objects.filter(
            cycle__ecosystem=ecosystem,
            published_at__date__range=(period.start, period.end),
        )
        .select_related("cycle")
        .prefetch_related(
            Prefetch(
                "sign_ons",
                SignOn.objects.select_related("organization").order_by("organization__name"),
            )
        )
        .order_by("-published_at", "-number")
        .first()
    )
    return {"agenda": agenda}


def plan_section(ecosystem: Ecosystem, period: Period) -> dict[str, Any]:
    today = timezone.localdate()
    tasks = list(
        PlanTask.objects.for_ecosystem(ecosystem)
        .filter(due_date__range=(period.start, period.end))
        .select_related("owner")
        .order_by("due_date", "title")
    )
    done = [task for task in tasks if task.status == PlanTask.Status.DONE]
    overdue = [task for task in tasks if task not in done and task.due_date < today]
    upcoming = [task for task in tasks if task not in done and task.due_date >= today]
    return {
        "total": len(tasks),
        "done": done,
        "overdue": overdue,
        "upcoming": upcoming,
        "percent_done": round(100 * len(done) / len(tasks)) if tasks else None,
    }


@dataclass
class StageGroup:
    label: str
    partners: list[Any] = field(default_factory=list)


def partners_section(ecosystem: Ecosystem, period: Period) -> dict[str, Any]:
    partners = list(Partner.objects.for_ecosystem(ecosystem).active().order_by("name"))
    groups = {stage.value: StageGroup(str(stage.label)) for stage in Stage}
    for partner in partners:
        groups[partner.stage].partners.append(partner)
    stories = list(
        shared_harvests(ecosystem).filter(date__range=(period.start, period.end)).order_by("date")
    )
    sectors = Counter(partner.get_sector_display() for partner in partners)
    return {
        "active_count": len(partners),
        "stages": list(groups.values()),
        "sectors": sorted(sectors.items(), key=lambda item: (-item[1], item[0])),
        "stories": stories,
        "people_reached": sum(story.people_reached or 0 for story in stories),
    }


def progress_section(ecosystem: Ecosystem, period: Period) -> dict[str, Any]:
    strands = continuum_strands()
    entries = list(
        with_relations(
            ProgressEntry.objects.for_ecosystem(ecosystem).filter(
                date__range=(period.start, period.end)
            )
        )
    )
    years = timeline(entries, strands, ecosystem)
    by_strand = Counter(row.strand_name for group in years for row in group.rows)
    return {
        "years": years,
        "indicators": indicators_named(years, strands),
        "total": len(entries),
        "by_strand": sorted(by_strand.items()),
    }


def webs_section(ecosystem: Ecosystem, period: Period) -> dict[str, Any]:
    web = current_web(ecosystem).without_links()
    earlier = (
        WebSnapshot.objects.for_ecosystem(ecosystem)
        .filter(year__lt=period.end.year)
        .order_by("-year")
        .first()
    )
    context: dict[str, Any] = {
        "web": web,
        "drawing": draw(
            web,
            title=_("Webs of Connection: %(name)s") % {"name": ecosystem.name},
            description=_("Who works with whom; the table that follows lists every tie."),
        ),
        "coverage": coverage(web),
        "connections": list(Connection.objects.for_ecosystem(ecosystem).listed()),
    }
    if earlier is not None:
        context.update(
            earlier=earlier,
            comparison=compare_webs(Web.from_data(earlier.data), web),
            comparison_sides=[{"label": str(earlier.year)}, {"label": _("Today")}],
        )
    return context


BUILDERS = {
    "continuum": continuum_section,
    "agenda": agenda_section,
    "plan": plan_section,
    "partners": partners_section,
    "progress": progress_section,
    "webs": webs_section,
}


def report_context(
    ecosystem: Ecosystem, sections: list[str], period: Period, advance: Advance | None = None
) -> dict[str, Any]:
    labels = dict(SECTIONS)
    chapters = []
    for number, key in enumerate(sections):
        if advance:
            advance(
                5 + 45 * number // len(sections),
                _("Gathering: %(section)s") % {"section": labels[key]},
            )
        chapters.append({"id": key, "title": str(labels[key]), **BUILDERS[key](ecosystem, period)})
    return {
        "ecosystem": ecosystem,
        "title": _("Coordinator's report"),
        "subtitle": _("%(start)s to %(end)s")
        % {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "period": period,
        "chapters": chapters,
        "contents": [{"id": c["id"], "title": c["title"], "children": []} for c in chapters],
    }


def render_report(
    ecosystem: Ecosystem, options: dict[str, Any], advance: Advance | None = None
) -> RenderedPDF:
    sections, period = parse_options(options)
    context = report_context(ecosystem, sections, period, advance)
    if advance:
        advance(55, _("Laying out the pages"))
    return render_document("ecosystem/reports/report.html", context)
