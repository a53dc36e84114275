"""The Continuum's home, the instruments as they read, and their blank PDFs."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ecosystem.access import EcosystemRequest
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.pdf import render_pdf

from ..models import Descriptor, Indicator, Instrument, InstrumentVersion, Response, Round, Strand
from .common import crumbs, get_round


def index(request: EcosystemRequest) -> HttpResponse:
    rounds = (
        Round.objects.for_ecosystem(request.ecosystem)
        .select_related("version__instrument")
        .annotate(
            invited=Count("responses"),
            submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
        )
        .order_by("-opened_at")  # Meta.ordering does not apply to GROUP BY queries
    )
    mine = {
        response.round_id: response
        for response in Response.objects.filter(
            round__ecosystem=request.ecosystem, user=request.user
        )
    }
    open_rounds: list[Round] = []
    closed_rounds: list[Round] = []
    for round in rounds:
        round.my_response = mine.get(round.pk)  # type: ignore[attr-defined]
        (open_rounds if round.is_open else closed_rounds).append(round)
    return render(
        request,
        "continuum/index.html",
        {
            "open_rounds": open_rounds,
            "closed_rounds": closed_rounds,
            "versions": InstrumentVersion.objects.latest_per_instrument(request.ecosystem),
            "drafts": _own_drafts(request),
        },
    )


def _own_drafts(request: EcosystemRequest) -> list[InstrumentVersion]:
    """Drafts of the ecosystem's adapted instruments, for its coordinators to finish."""
    if not request.membership.is_coordinator:
        return []
    return list(
        InstrumentVersion.objects.drafts()
        .filter(instrument__ecosystem=request.ecosystem)
        .select_related("instrument")
    )


def _version(
    request: EcosystemRequest, instrument_slug: str, number: int | None
) -> InstrumentVersion:
    """A published version of an instrument this ecosystem sees (another ecosystem's
    adapted instrument is a 404), with what its credit line needs."""
    instrument = get_object_or_404(
        Instrument.objects.visible_to(request.ecosystem).select_related(
            "ecosystem", "adapted_from__instrument"
        ),
        slug=instrument_slug,
    )
    versions = InstrumentVersion.objects.published().filter(instrument=instrument)
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise Http404("No published version.")
    version.instrument = instrument
    return version


def version_content(version: InstrumentVersion, round: Round | None = None) -> dict[str, object]:
    """Levels, strands with their indicators, and a descriptor lookup: four queries. With
    a round, only the strands it covers."""
    levels = list(version.levels.all())
    strands_qs = round.strands.all() if round else Strand.objects.filter(version=version)
    strands = list(
        strands_qs.order_by("position", "pk").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
        )
    )
    descriptors = {
        (d.indicator_id, d.level_id): d.text
        for d in Descriptor.objects.filter(indicator__version=version)
    }
    for strand in strands:
        for indicator in strand.indicators.all():
            indicator.cells = [  # type: ignore[attr-defined]
                (level, descriptors.get((indicator.pk, level.pk), "")) for level in levels
            ]
    return {"version": version, "levels": levels, "strands": strands, "descriptors": descriptors}


def instrument_detail(request: EcosystemRequest, instrument: str) -> HttpResponse:
    number = request.GET.get("version")
    version = _version(request, instrument, int(number) if number and number.isdigit() else None)
    other_versions = (
        InstrumentVersion.objects.published()
        .filter(instrument=version.instrument_id)
        .exclude(pk=version.pk)
    )
    own = version.instrument.ecosystem_id == request.ecosystem.pk
    return render(
        request,
        "continuum/instrument_detail.html",
        {
            **version_content(version),
            "other_versions": other_versions,
            "own": own,
            "crumbs": crumbs(request, version.instrument.name),
            "has_draft": own
            and InstrumentVersion.objects.drafts().filter(instrument=version.instrument).exists(),
        },
    )


def blank_pdf(request: EcosystemRequest, instrument: str, number: int) -> HttpResponse:
    return _blank_pdf(request, _version(request, instrument, number))


def round_blank_pdf(request: EcosystemRequest, pk: int) -> HttpResponse:
    """The blank form of a round: only the strands it covers, to answer on paper."""
    round = get_round(request, pk)
    return _blank_pdf(request, round.version, round)


def _blank_pdf(
    request: EcosystemRequest, version: InstrumentVersion, round: Round | None = None
) -> HttpResponse:
    is_rubric = version.instrument.kind == Instrument.Kind.RUBRIC
    context = {
        **version_content(version, round),
        "title": _("%(name)s (blank)") % {"name": version.instrument.name},
    }
    template = (
        "continuum/pdf/blank_rubric.html" if is_rubric else "continuum/pdf/blank_checklist.html"
    )
    pdf = render_pdf(template, context, request=request)
    filename = dated_filename(
        version.instrument.slug, f"v{version.number}", "blank", extension="pdf"
    )
    return pdf_response(pdf, filename)
