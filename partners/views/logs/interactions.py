"""A partner's log of interactions: the list, edits, each entry's history, and marking a
next step done. Every member reads; editors and coordinators write."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.concurrency import save_versioned
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role

from ...log import interactions
from ...log.forms import InteractionForm
from ...log.interactions import contact_summary
from ...models import Interaction, Partner
from ..crumbs import partner_crumbs
from .common import PAGE_SIZE, delete_child, edit_child, get_partner, partner_url


def get_interaction(partner: Partner, pk: int) -> Interaction:
    return get_object_or_404(partner.interactions.select_related("recorded_by"), pk=pk)


def interaction_list(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    entries = partner.interactions.select_related("recorded_by")
    page = page_of(request, entries, PAGE_SIZE)
    return render_list(
        request,
        "partners/logs/interaction_list.html",
        {
            "partner": partner,
            "page": page,
            "contact": contact_summary(partner),
            "crumbs": partner_crumbs(request, partner, _("Log")),
        },
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def interaction_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = InteractionForm(request.POST or None, partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/interaction_form.html",
        context={},
        current=_("Log an interaction"),
        anchor="log",
        saved=_("The interaction was added to the log."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def interaction_update(request: EcosystemRequest, pk: int, interaction_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    interaction = get_interaction(partner, interaction_pk)
    # The form edits a copy, so the heading keeps the saved date while the user types.
    form = InteractionForm(request.POST or None, instance=copy(interaction), partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/interaction_form.html",
        context={"interaction": interaction},
        current=_("Edit a log entry"),
        anchor="log",
        saved=_("Your changes to the log entry were saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def interaction_delete(request: EcosystemRequest, pk: int, interaction_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    interaction = get_interaction(partner, interaction_pk)
    return delete_child(
        request,
        partner,
        interaction,
        anchor="log",
        context={
            "heading": _("Delete the log entry of %(date)s?")
            % {"date": date_format(interaction.date)},
            "what": interaction.summary,
            "consequence": _(
                "The entry, its next step and its history leave the log for everyone in the "
                "ecosystem. This cannot be undone."
            ),
            "button": _("Delete the entry"),
        },
        current=_("Delete a log entry"),
        deleted=_("The log entry was deleted."),
    )


def interaction_history(request: EcosystemRequest, pk: int, interaction_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    interaction = get_interaction(partner, interaction_pk)
    return render(
        request,
        "partners/logs/interaction_history.html",
        {
            "partner": partner,
            "interaction": interaction,
            "entries": interactions.interaction_history(interaction),
            "crumbs": partner_crumbs(request, partner, _("History of a log entry")),
        },
    )


def _back(request: EcosystemRequest, partner: Partner, anchor: str) -> str:
    """Where the button was pressed (one of this partner's pages), else its section."""
    back = request.POST.get("next", "")
    if back.startswith(partner_url(request, partner)) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return f"{partner_url(request, partner)}#{anchor}"


@role_required(Role.EDITOR)
@require_POST
def interaction_done(request: EcosystemRequest, pk: int, interaction_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    interaction = get_interaction(partner, interaction_pk)
    if not interaction.next_step:
        messages.info(request, _("That entry has no next step to mark done."))
    elif interaction.next_step_done:
        messages.info(request, _("That next step was already marked done."))
    else:
        interaction.next_step_done = True
        # A new version: an edit form opened before this click will not silently undo it.
        save_versioned(interaction, interaction.version)
        messages.success(
            request,
            _("Marked done: “%(step)s”.") % {"step": interaction.next_step},
        )
    return redirect(_back(request, partner, "log"))
