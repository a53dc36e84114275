"""A round's results: the spread of answers, the disagreements, consensus, next steps."""

from __future__ import annotations

from copy import copy
from typing import cast

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from ..charts import strand_chart
from ..forms import ConsensusForm
from ..models import Consensus, Indicator, Level, Round
from ..results import By, IndicatorResult, RoundResults, round_results
from ..rules import may_see_answers
from .common import check_results_visible, crumbs, get_round


def _results(request: EcosystemRequest, round: Round, **options: bool) -> RoundResults:
    """The round's results as the request asks (``?by=organization|person``), with names
    next to the evidence only where the round's privacy rule allows them."""
    return round_results(
        round,
        by=By.from_param(request.GET.get("by")),
        with_names=may_see_answers(request.membership, round, None),
        **options,
    )


def _context(request: EcosystemRequest, pk: int) -> dict[str, object]:
    round = get_round(request, pk)
    check_results_visible(request, round)
    results = _results(request, round)
    return {
        "round": round,
        "results": results,
        "chart": strand_chart(results),
        "By": By,
        "crumbs": crumbs(request, _("Results"), round),
    }


def results(request: EcosystemRequest, pk: int) -> HttpResponse:
    return render(request, "continuum/results.html", _context(request, pk))


def results_pdf(request: EcosystemRequest, pk: int) -> HttpResponse:
    context = _context(request, pk)
    round = cast(Round, context["round"])
    results = cast(RoundResults, context["results"])
    context["title"] = _("Results: %(title)s") % {"title": round.title}
    pdf = render_pdf("continuum/pdf/results.html", context, request=request)
    filename = dated_filename(
        request.ecosystem.slug, round.title, "results", f"per-{results.by.value}", extension="pdf"
    )
    return pdf_response(pdf, filename)


def results_export(request: EcosystemRequest, pk: int) -> HttpResponseBase:
    round = get_round(request, pk)
    check_results_visible(request, round)
    results = _results(request, round, with_next_steps=False)
    header = [
        _("Strand"),
        _("Indicator"),
        _("Statement"),
        *[f"{level.label} ({level.value})" for level in results.levels],
        _("Between two levels"),
        _("Not sure"),
        _("Answered"),
        _("Median"),
        _("Spread (levels)"),
        _("Seen differently"),
        _("Agreed level"),
        _("Why"),
        # Which way the numbers were added up, on every row a spreadsheet keeps.
        _("Counted"),
    ]
    rows = (
        [
            strand.strand.name,
            item.indicator.code,
            item.indicator.statement,
            *item.summary.counts,
            item.summary.between,
            item.summary.not_sure,
            item.summary.answered,
            item.summary.median,
            item.summary.spread,
            _("yes") if item.seen_differently else "",
            item.consensus.level.label if item.consensus else "",
            item.consensus.rationale if item.consensus else "",
            results.by.label,
        ]
        for strand in results.strands
        for item in strand.indicators
    )
    filename = dated_filename(
        request.ecosystem.slug, round.title, "results", f"per-{results.by.value}", extension="csv"
    )
    return csv_response(filename, header, rows)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def consensus(request: EcosystemRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Record (or change) the level the group agreed on for one indicator."""
    round = get_round(request, pk)
    indicator = get_object_or_404(
        Indicator.objects.filter(strand__rounds=round).select_related("strand"), pk=indicator_pk
    )
    existing = Consensus.objects.filter(round=round, indicator=indicator).first()
    instance = copy(existing) if existing else Consensus(round=round, indicator=indicator)
    form = ConsensusForm(request.POST or None, instance=instance, levels=round.version.levels.all())
    if request.method == "POST" and form.is_valid():
        form.instance.recorded_by = request.user
        if form.save_checked():
            messages.success(
                request,
                _("The agreed level for %(code)s is saved.") % {"code": indicator.code},
            )
            url = reverse(
                "continuum:results",
                kwargs={"ecosystem_slug": request.ecosystem.slug, "pk": round.pk},
            )
            # Back to where the coordinator came from: the disagreement's card if it has one.
            anchor = "diff" if request.POST.get("from") == "diff" else "indicator"
            return redirect(f"{url}#{anchor}-{indicator.code}")
    results = _results(request, round, with_next_steps=False)
    item = next(r for r in results.indicators if r.indicator == indicator)
    return render(
        request,
        "continuum/consensus_form.html",
        {
            "round": round,
            "indicator": indicator,
            "item": item,
            "results": results,
            "form": form,
            "crumbs": crumbs(request, _("Agreed level"), round),
        },
    )


def _consensus_form(
    round: Round, item: IndicatorResult, levels: list[Level], data: QueryDict | None = None
) -> ConsensusForm:
    """One indicator's form on the consensus page; the prefix keeps the forms apart."""
    existing = item.consensus
    instance = copy(existing) if existing else Consensus(round=round, indicator=item.indicator)
    return ConsensusForm(data, instance=instance, levels=levels, prefix=f"i{item.indicator.pk}")


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def consensus_all(request: EcosystemRequest, pk: int) -> HttpResponse:
    """Every indicator seen differently, each with its answers and its own small form:
    a coordinator records the agreed levels one after the other, in one sitting. A post
    saves one indicator's form (by htmx, or as a plain form that comes back here)."""
    round = get_round(request, pk)
    results = _results(request, round, with_next_steps=False)
    items = results.seen_differently
    posted: IndicatorResult | None = None
    if request.method == "POST":
        wanted = request.POST.get("indicator", "")
        posted = next((i for i in results.indicators if str(i.indicator.pk) == wanted), None)
        if posted is None:
            raise Http404("No such indicator in this round.")
        if all(item is not posted for item in items):
            # No longer flagged (answers changed meanwhile): keep its card on the page.
            items = [*items, posted]
    cards = [
        (
            item,
            _consensus_form(round, item, results.levels, request.POST if item is posted else None),
        )
        for item in items
    ]
    context = {
        "round": round,
        "results": results,
        "cards": cards,
        "crumbs": crumbs(request, _("Agreed levels"), round),
    }
    if posted is None:
        return render(request, "continuum/consensus_all.html", context)

    form = next(form for item, form in cards if item is posted)
    saved = None
    if form.is_valid():
        form.instance.recorded_by = request.user
        saved = form.save_checked()
    code = posted.indicator.code
    if saved is not None:
        posted.consensus = saved
        if not request.htmx:
            messages.success(request, _("The agreed level for %(code)s is saved.") % {"code": code})
            url = reverse(
                "continuum:consensus_all",
                kwargs={"ecosystem_slug": request.ecosystem.slug, "pk": round.pk},
            )
            return redirect(f"{url}#consensus-{code}")
        # A fresh form from the saved record, so its version moves on with it.
        form = _consensus_form(round, posted, results.levels)
    if request.htmx:
        # Only this card is replaced; 200 even when refused, as htmx swaps only success.
        return render(
            request,
            "continuum/_consensus_card.html",
            {**context, "item": posted, "form": form, "saved": saved is not None, "swapped": True},
        )
    return render(request, "continuum/consensus_all.html", context, status=422)
