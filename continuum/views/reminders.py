"""A coordinator's reminder to the members who have not answered a round: the page
shows who will get it and what it says before anything is sent, and one reminder a day
per round is the most it allows."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.models import Role

from .. import notices
from .common import crumbs, get_round


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def round_remind(request: EcosystemRequest, pk: int) -> HttpResponse:
    round = get_round(request, pk)
    if not round.is_open:
        messages.info(request, _("The round is closed, so there is nobody left to remind."))
        return redirect(round)
    today = timezone.localdate()
    earlier = notices.reminded_today(round, today)
    waiting = notices.waiting(round)
    if request.method == "POST" and earlier is None and waiting:
        count = notices.remind(round, request.membership, today)
        messages.success(
            request,
            _("A reminder is on its way to %(count)s members who have not answered.")
            % {"count": count},
        )
        return redirect(round)
    return render(
        request,
        "continuum/round_remind.html",
        {
            "round": round,
            "crumbs": crumbs(request, _("Remind"), round),
            "waiting": waiting,
            "earlier": earlier,
            "text": notices.reminder_text(round, request.membership),
        },
    )
