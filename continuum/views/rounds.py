"""Opening, changing, closing and reopening assessment rounds (coordinators), and a
round's overview page (everyone)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.models import Membership, Role
from ecosystem.notifications.outbox import notified

from .. import notices, services
from ..forms import RoundForm, RoundUpdateForm
from ..models import Response, Round
from ..rules import may_see_answers
from .common import crumbs, get_round


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def round_create(request: EcosystemRequest) -> HttpResponse:
    # ?version= proposes a version: how the strand boxes follow the instrument chosen
    # (htmx swaps them in; without JavaScript, a wrong pick is refused with the right list).
    initial = {"version": request.GET.get("version")} if request.GET.get("version") else None
    form = RoundForm(request.POST or None, ecosystem=request.ecosystem, initial=initial)
    form.fields["version"].widget.attrs.update(
        {
            "data-hx-get": request.path,
            "data-hx-trigger": "change",
            "data-hx-target": "#div_id_strands",
            "data-hx-select": "#div_id_strands",
            "data-hx-swap": "outerHTML",
        }
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        round = services.open_round(
            request.ecosystem,
            version=data["version"],
            title=data["title"],
            period=data["period"],
            due_date=data["due_date"],
            anonymous=data["anonymous"],
            disagreement_threshold=data["disagreement_threshold"],
            invitees=data["invitees"],
            opened_by=request.user,
            strands=data["strands"],
            reminder_days=data["reminder_days"],
        )
        messages.success(
            request,
            _("The round is open. %(count)s members can now answer.")
            % {"count": len(data["invitees"])},
        )
        return redirect(round)
    return render(
        request,
        "continuum/round_form.html",
        {"form": form, "crumbs": crumbs(request, _("Open a round"))},
    )


def round_detail(request: EcosystemRequest, pk: int) -> HttpResponse:
    round = get_round(request, pk)
    responses = list(
        Response.objects.filter(round=round)
        .select_related("organization")
        .order_by("respondent_name")
    )
    mine = next((r for r in responses if r.user_id == request.user.pk), None)
    for response in responses:
        response.answers_visible = may_see_answers(  # type: ignore[attr-defined]
            request.membership, round, response.user_id
        )
    strands = round.covered_strands()
    # Whom a member who was not invited can ask to be: never a dead end without a name.
    coordinators = (
        []
        if mine or not round.is_open
        else [
            m.user.get_full_name()
            for m in Membership.objects.filter(ecosystem=request.ecosystem)
            .coordinators()
            .select_related("user")
            .order_by("user__full_name")
        ]
    )
    told, told_more = (
        notified(request.ecosystem, notices.key(round))
        if request.membership.is_coordinator
        else ([], 0)
    )
    return render(
        request,
        "continuum/round_detail.html",
        {
            "notified": told,
            "notified_more": told_more,
            "round": round,
            "crumbs": crumbs(request, round=round),
            "strands": strands,
            "covers_everything": round.covers_everything(strands),
            "responses": responses,
            "my_response": mine,
            "coordinators": coordinators,
            # Who could still be asked: a coordinator is told, with the way to do it.
            "not_invited": (
                services.not_yet_invited(round).count()
                if round.is_open and request.membership.is_coordinator
                else 0
            ),
            "submitted": sum(1 for r in responses if r.submitted_at),
            "started": sum(1 for r in responses if r.started_at),
            "results_visible": not round.is_open or request.membership.is_coordinator,
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def round_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    round = get_round(request, pk)
    form = RoundUpdateForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid() and _strands_saved(round, form):
        form.save()
        added = services.invite(round, form.cleaned_data.get("invitees") or [])
        messages.success(request, _("The round was updated."))
        if added:
            messages.success(request, _("%(count)s more members were invited.") % {"count": added})
        return redirect(round)
    return render(
        request,
        "continuum/round_update.html",
        {"form": form, "round": round, "crumbs": crumbs(request, _("Change"), round)},
    )


def _strands_saved(round: Round, form: RoundUpdateForm) -> bool:
    """Store a changed choice of strands; False, with the reason on the field, if refused
    (someone submitted between showing the form and saving it)."""
    if "strands" not in form.changed_data:
        return True
    try:
        services.set_strands(round, form.cleaned_data["strands"])
    except services.ContinuumError as error:
        form.add_error("strands", str(error))
        return False
    return True


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def round_close(request: EcosystemRequest, pk: int) -> HttpResponse:
    """Closing is asked once more, with who has answered and the due date in view: a round
    closed early leaves out everyone still answering."""
    round = get_round(request, pk)
    if not round.is_open:
        return redirect(round)
    if request.method == "POST":
        services.close_round(round)
        messages.success(
            request, _("The round is closed. Answers are final and the results are shared.")
        )
        return redirect(round)
    counts = round.responses.aggregate(
        invited=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        started=Count("pk", filter=Q(started_at__isnull=False, submitted_at__isnull=True)),
    )
    today = timezone.localdate()
    return render(
        request,
        "continuum/round_close.html",
        {
            "round": round,
            "crumbs": crumbs(request, _("Close"), round),
            "days_left": (round.due_date - today).days if round.due_date else None,
            **counts,
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def round_reopen(request: EcosystemRequest, pk: int) -> HttpResponse:
    round = get_round(request, pk)
    try:
        services.reopen_round(round)
    except services.ContinuumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round is open again; members can change their answers."))
    return redirect(round)
