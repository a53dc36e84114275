"""A member answers a round: one strand per page, drafts saved as they go, then submit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.autosave import autosave_refused, autosaved
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from .. import services
from ..forms import StrandAnswerForm
from ..models import Answer, Descriptor, Response, Round
from ..rules import may_see_answers
from .common import crumbs, get_round, my_response


def _step_url(request: EcosystemRequest, round: Round, step: int) -> str:
    return reverse(
        "continuum:answer_step",
        kwargs={"ecosystem_slug": request.ecosystem.slug, "pk": round.pk, "step": step},
    )


def _review_url(request: EcosystemRequest, round: Round) -> str:
    return reverse(
        "continuum:answer_review", kwargs={"ecosystem_slug": request.ecosystem.slug, "pk": round.pk}
    )


@role_required(Role.CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def answer_step(request: EcosystemRequest, pk: int, step: int) -> HttpResponse:
    round = get_round(request, pk)
    response = my_response(request, round)
    strands = services.strands_of(round)
    if not 1 <= step <= len(strands):
        raise Http404("No such strand.")
    strand = strands[step - 1]
    indicators = list(strand.indicators.order_by("position", "pk"))
    levels = list(round.version.levels.all())
    descriptors = {
        (d.indicator_id, d.level_id): d.text
        for d in Descriptor.objects.filter(indicator__strand=strand)
    }
    answers = {a.indicator_id: a for a in response.answers.filter(indicator__strand=strand)}
    form = StrandAnswerForm(
        request.POST or None,
        indicators=indicators,
        levels=levels,
        descriptors=descriptors,
        answers=answers,
    )
    if not round.is_open:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        if not round.is_open:
            raise PermissionDenied(_("This round is closed; its answers can no longer change."))
        if not form.is_valid() and request.htmx:
            return autosave_refused(request, form)
        if form.is_valid():
            services.save_answers(response, form.answer_inputs())
            if request.htmx:
                return autosaved(request)
            then = request.POST.get("then", "stay")
            if then == "previous" and step > 1:
                return redirect(_step_url(request, round, step - 1))
            if then == "next" and step < len(strands):
                return redirect(_step_url(request, round, step + 1))
            if then in ("next", "review"):
                return redirect(_review_url(request, round))
            messages.success(request, _("Your answers are saved."))
            return redirect(_step_url(request, round, step))
    return render(
        request,
        "continuum/answer_step.html",
        {
            "round": round,
            "response": response,
            "strand": strand,
            "strands": strands,
            "step": step,
            "form": form,
            "crumbs": crumbs(request, _("Your answers"), round),
        },
        status=200 if request.method == "GET" or form.is_valid() else 422,
    )


def _answer_sheet(response: Response) -> list[tuple[object, list[tuple[object, Answer | None]]]]:
    """Every strand the round covers, with each indicator and this response's answer (or
    None). Answers kept from a strand the round no longer covers are left out."""
    answers = {a.indicator_id: a for a in response.answers.select_related("level", "indicator")}
    strands = response.round.strands.order_by("position", "pk").prefetch_related("indicators")
    return [
        (strand, [(indicator, answers.get(indicator.pk)) for indicator in strand.indicators.all()])
        for strand in strands
    ]


@role_required(Role.CONTRIBUTOR)
def answer_review(request: EcosystemRequest, pk: int) -> HttpResponse:
    round = get_round(request, pk)
    response = my_response(request, round)
    return render(
        request,
        "continuum/answer_review.html",
        {
            "round": round,
            "response": response,
            "sheet": _answer_sheet(response),
            "missing": services.unanswered(response),
            "crumbs": crumbs(request, _("Your answers"), round),
        },
    )


@role_required(Role.CONTRIBUTOR)
@require_POST
def answer_submit(request: EcosystemRequest, pk: int) -> HttpResponse:
    round = get_round(request, pk)
    response = my_response(request, round)
    try:
        services.submit(response)
    except services.IncompleteResponseError as error:
        # Back to the review page, which lists what is missing; every answer is saved.
        messages.error(
            request,
            ngettext(
                "Your answers were not submitted: %(count)s indicator has no answer yet.",
                "Your answers were not submitted: %(count)s indicators have no answer yet.",
                len(error.missing),
            )
            % {"count": len(error.missing)},
        )
        return redirect(_review_url(request, round))
    except services.ContinuumError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(
        request,
        _("Thank you: your answers are in. You can change them until the round closes."),
    )
    return redirect(round)


def response_pdf(request: EcosystemRequest, pk: int, response_pk: int) -> HttpResponse:
    """One person's answers, drafts included, for whoever the round's rule allows."""
    round = get_round(request, pk)
    response = get_object_or_404(Response.objects.filter(round=round), pk=response_pk)
    if not may_see_answers(request.membership, round, response.user_id):
        raise PermissionDenied(_("These answers are not yours to read in this round."))
    context = {
        "title": _("Answers of %(name)s") % {"name": response.respondent_name},
        "round": round,
        "response": response,
        "sheet": _answer_sheet(response),
    }
    pdf = render_pdf("continuum/pdf/response.html", context, request=request)
    filename = dated_filename(request.ecosystem.slug, round.title, "answers", extension="pdf")
    return pdf_response(pdf, filename)
