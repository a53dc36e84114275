"""A partner's progress log: interactions (with their history), harvests, health checks and
yearly reflections; the ecosystem's harvest list, the "needs attention" list and the
partner profile PDF. Every member reads; editors and coordinators write."""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.autosave import autosave_refused, autosaved
from ecosystem.concurrency import save_versioned
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from .. import logs
from ..log_forms import (
    AttentionForm,
    HarvestFilter,
    HarvestForm,
    HealthCheckForm,
    InteractionForm,
    PartnerChildForm,
    ReflectionForm,
)
from ..models import HealthCheck, Interaction, Partner

PAGE_SIZE = 25


# --- Shared steps ----------------------------------------------------------------------------


def get_partner(request: EcosystemRequest, pk: int) -> Partner:
    return get_object_or_404(
        Partner.objects.for_ecosystem(request.ecosystem).select_related("library_lead"), pk=pk
    )


def partner_url(request: EcosystemRequest, partner: Partner) -> str:
    return reverse(
        "partners:partner_detail",
        kwargs={"ecosystem_slug": request.ecosystem.slug, "pk": partner.pk},
    )


def _edit(
    request: EcosystemRequest,
    form: PartnerChildForm,
    *,
    template: str,
    context: dict[str, Any],
    anchor: str,
    saved: str,
) -> HttpResponse:
    """Show ``form``; on a valid POST save it (refusing to overwrite someone else's newer
    save), say so and go back to the partner page's section. Edits of a saved record also
    autosave as the user types (htmx posts the form and shows the few-word answer)."""
    editing = form.instance.pk is not None
    autosaving = editing and request.htmx
    if request.method == "POST":
        if form.is_valid():
            if not editing:
                setattr(form.instance, form.author_field, request.user)
            record = form.save_checked()
            if record is not None:
                if autosaving:
                    return autosaved(request, record)
                messages.success(request, saved)
                return redirect(f"{partner_url(request, form.partner)}#{anchor}")
        if autosaving:
            return autosave_refused(request, form)
    return render(
        request,
        template,
        {"form": form, "partner": form.partner, **context},
        status=422 if form.errors else 200,
    )


def _delete(
    request: EcosystemRequest,
    partner: Partner,
    record: Model,
    *,
    anchor: str,
    context: dict[str, Any],
    deleted: str,
) -> HttpResponse:
    if request.method == "POST":
        record.delete()
        messages.success(request, deleted)
        return redirect(f"{partner_url(request, partner)}#{anchor}")
    return render(request, "partners/logs/delete.html", {"partner": partner, **context})


# --- Interactions ----------------------------------------------------------------------------


def get_interaction(partner: Partner, pk: int) -> Interaction:
    return get_object_or_404(partner.interactions.select_related("recorded_by"), pk=pk)


def interaction_list(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    entries = partner.interactions.select_related("recorded_by")
    page = page_of(request, entries, PAGE_SIZE)
    return render_list(
        request,
        "partners/logs/interaction_list.html",
        {"partner": partner, "page": page, "contact": logs.contact_summary(partner)},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def interaction_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = InteractionForm(request.POST or None, partner=partner)
    return _edit(
        request,
        form,
        template="partners/logs/interaction_form.html",
        context={},
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
    return _edit(
        request,
        form,
        template="partners/logs/interaction_form.html",
        context={"interaction": interaction},
        anchor="log",
        saved=_("Your changes to the log entry were saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def interaction_delete(request: EcosystemRequest, pk: int, interaction_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    interaction = get_interaction(partner, interaction_pk)
    return _delete(
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
            "current": _("Delete a log entry"),
        },
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
            "entries": logs.interaction_history(interaction),
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


# --- Harvests --------------------------------------------------------------------------------


def _harvests(request: EcosystemRequest) -> HarvestFilter:
    return HarvestFilter(
        request.GET,
        queryset=logs.harvests_of(request.ecosystem),
        ecosystem=request.ecosystem,
        years=logs.harvest_years(request.ecosystem),
    )


def harvest_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _harvests(request)
    harvests = filterset.qs
    page = page_of(request, harvests, PAGE_SIZE)
    context = {"filter": filterset, "page": page, "totals": logs.harvest_totals(harvests)}
    return render_list(
        request,
        "partners/logs/harvest_list.html",
        context,
        fragment="partners/logs/_harvest_results.html",
    )


def harvest_export(request: EcosystemRequest) -> HttpResponseBase:
    header = [
        _("Date"),
        _("Partner"),
        _("Sector"),
        _("What was achieved"),
        _("People reached"),
        _("Sessions held"),
        _("Dollars raised"),
        _("Shared in reports"),
        _("The story"),
    ]

    def rows() -> Iterator[list[Any]]:
        for harvest in _harvests(request).qs.iterator(chunk_size=500):
            yield [
                harvest.date.isoformat(),
                harvest.partner.name,
                harvest.partner.get_sector_display(),
                harvest.title,
                harvest.people_reached,
                harvest.sessions_held,
                harvest.dollars_raised,
                _("Yes") if harvest.share_in_reports else _("No"),
                harvest.story,
            ]

    filename = dated_filename(request.ecosystem.slug, "partner-harvests", extension="csv")
    return csv_response(filename, header, rows())


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def harvest_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = HarvestForm(request.POST or None, partner=partner)
    return _edit(
        request,
        form,
        template="partners/logs/harvest_form.html",
        context={},
        anchor="harvest",
        saved=_("The harvest was recorded."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def harvest_update(request: EcosystemRequest, pk: int, harvest_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    harvest = get_object_or_404(partner.harvests, pk=harvest_pk)
    form = HarvestForm(request.POST or None, instance=copy(harvest), partner=partner)
    return _edit(
        request,
        form,
        template="partners/logs/harvest_form.html",
        context={"harvest": harvest},
        anchor="harvest",
        saved=_("Your changes to “%(title)s” were saved.") % {"title": harvest.title},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def harvest_delete(request: EcosystemRequest, pk: int, harvest_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    harvest = get_object_or_404(partner.harvests, pk=harvest_pk)
    return _delete(
        request,
        partner,
        harvest,
        anchor="harvest",
        context={
            "heading": _("Delete “%(title)s”?") % {"title": harvest.title},
            "what": harvest.story,
            "consequence": _(
                "The harvest, its figures and its story are deleted for everyone in the "
                "ecosystem, and no longer count in the totals or in reports. This cannot be "
                "undone."
            ),
            "button": _("Delete the harvest"),
            "current": _("Delete a harvest"),
        },
        deleted=_("“%(title)s” was deleted.") % {"title": harvest.title},
    )


# --- Health checks ---------------------------------------------------------------------------


def health_list(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    checks = list(partner.health_checks.select_related("checked_by"))
    # Each check beside the one before it, for the trend.
    rows = [
        (check, logs.elements(check, checks[index + 1] if index + 1 < len(checks) else None))
        for index, check in enumerate(checks)
    ]
    return render(request, "partners/logs/health_list.html", {"partner": partner, "rows": rows})


def get_check(partner: Partner, pk: int) -> HealthCheck:
    return get_object_or_404(partner.health_checks, pk=pk)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def health_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = HealthCheckForm(request.POST or None, partner=partner)
    return _edit(
        request,
        form,
        template="partners/logs/health_form.html",
        context={},
        anchor="health",
        saved=_("The health check was saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def health_update(request: EcosystemRequest, pk: int, check_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    check = get_check(partner, check_pk)
    form = HealthCheckForm(request.POST or None, instance=copy(check), partner=partner)
    return _edit(
        request,
        form,
        template="partners/logs/health_form.html",
        context={"check": check},
        anchor="health",
        saved=_("Your changes to the health check were saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def health_delete(request: EcosystemRequest, pk: int, check_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    check = get_check(partner, check_pk)
    return _delete(
        request,
        partner,
        check,
        anchor="health",
        context={
            "heading": _("Delete the health check of %(date)s?")
            % {"date": date_format(check.date)},
            "what": check.notes,
            "consequence": _(
                "Its ratings and notes are deleted for everyone in the ecosystem; the trend "
                "is then taken from the check before it. This cannot be undone."
            ),
            "button": _("Delete the health check"),
            "current": _("Delete a health check"),
        },
        deleted=_("The health check was deleted."),
    )


# --- Reflections -----------------------------------------------------------------------------


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def reflection_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = ReflectionForm(request.POST or None, partner=partner)
    return _edit(
        request,
        form,
        template="partners/logs/reflection_form.html",
        context={},
        anchor="reflections",
        saved=_("The reflection was saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def reflection_update(request: EcosystemRequest, pk: int, reflection_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    reflection = get_object_or_404(partner.reflections, pk=reflection_pk)
    form = ReflectionForm(request.POST or None, instance=copy(reflection), partner=partner)
    return _edit(
        request,
        form,
        template="partners/logs/reflection_form.html",
        context={"reflection": reflection},
        anchor="reflections",
        saved=_("Your changes to the reflection on %(year)s were saved.")
        % {"year": reflection.year},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def reflection_delete(request: EcosystemRequest, pk: int, reflection_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    reflection = get_object_or_404(partner.reflections, pk=reflection_pk)
    return _delete(
        request,
        partner,
        reflection,
        anchor="reflections",
        context={
            "heading": _("Delete the reflection on %(year)s?") % {"year": reflection.year},
            "what": reflection.what_worked,
            "consequence": _(
                "What you wrote and the decision are deleted for everyone in the ecosystem. "
                "This cannot be undone."
            ),
            "button": _("Delete the reflection"),
            "current": _("Delete a reflection"),
        },
        deleted=_("The reflection on %(year)s was deleted.") % {"year": reflection.year},
    )


# --- Needs attention -------------------------------------------------------------------------


def _attention(request: EcosystemRequest) -> tuple[AttentionForm, list[logs.Attention], int]:
    form = AttentionForm(request.GET or None, ecosystem=request.ecosystem)
    days, lead = form.settings() if request.GET else (logs.QUIET_DAYS, None)
    return form, logs.needs_attention(request.ecosystem, quiet_days=days, lead=lead), days


def needs_attention(request: EcosystemRequest) -> HttpResponse:
    form, items, days = _attention(request)
    return render(
        request,
        "partners/logs/needs_attention.html",
        {
            "form": form,
            "items": items,
            "days": days,
            "check_max_age": logs.CHECK_MAX_AGE_DAYS,
        },
    )


def needs_attention_export(request: EcosystemRequest) -> HttpResponseBase:
    _form, items, _days = _attention(request)
    header = [
        _("Partner"),
        _("Sector"),
        _("Stage"),
        _("Library lead"),
        _("Last contact"),
        _("Days since last contact"),
        _("Overdue next steps"),
        _("Oldest overdue since"),
        _("Last health check"),
        _("Rated “Not yet”"),
        _("Why it needs attention"),
    ]

    def rows() -> Iterator[list[Any]]:
        for item in items:
            partner = item.partner
            lead = partner.library_lead
            yield [
                partner.name,
                partner.get_sector_display(),
                partner.get_stage_display(),
                (lead.get_full_name() or lead.email) if lead else "",
                item.last_contact.isoformat() if item.last_contact else "",
                item.days_since_contact,
                item.overdue_count,
                item.oldest_overdue.isoformat() if item.oldest_overdue else "",
                item.check.date.isoformat() if item.check else "",
                "; ".join(item.weak),
                " ".join(reason.text for reason in item.reasons),
            ]

    filename = dated_filename(request.ecosystem.slug, "partners-needing-attention", extension="csv")
    return csv_response(filename, header, rows())


# --- The partner profile PDF -----------------------------------------------------------------


def partner_pdf(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    context = {
        "title": _("Partner profile: %(name)s") % {"name": partner.name},
        **logs.profile_context(partner),
    }
    pdf = render_pdf("partners/pdf/profile.html", context, request=request)
    return pdf_response(pdf, dated_filename(partner.name, "profile", extension="pdf"))
