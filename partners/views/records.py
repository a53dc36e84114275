"""Partner records: the list and its exports, the pipeline board, one partner's page, and
keeping the record (editor and up): adding, editing, moving along the stages, pausing,
ending, resuming, removing; and the partner's contacts."""

from __future__ import annotations

from copy import copy
from typing import Any, cast

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.autosave import autosave_refused, autosaved
from ecosystem.concurrency import StaleEditError, save_versioned
from ecosystem.downloads import csv_response, dated_filename, pdf_response
from ecosystem.lists import page_of, render_list
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from ..document_forms import detail_context as documents_detail_context
from ..forms import BoardFilter, ContactForm, EndForm, MoveForm, PartnerFilter, PartnerForm
from ..log.partner_page import detail_context as log_detail_context
from ..models import (
    PHASE_EXPLANATIONS,
    STAGE_EXPLANATIONS,
    Contact,
    Partner,
    PartnerQuerySet,
    Phase,
    Sector,
    Stage,
)
from .crumbs import partner_crumbs

PAGE_SIZE = 25
# The CSV streams: partners and their contacts are read a thousand at a time, two queries
# per thousand, so memory stays flat however large the ecosystem.
EXPORT_CHUNK = 1000


def _partners(request: EcosystemRequest) -> PartnerQuerySet:
    return (
        Partner.objects.for_ecosystem(request.ecosystem)
        .with_last_contact()
        .select_related("library_lead")
        .order_by("name", "pk")  # Meta.ordering does not apply to GROUP BY queries
    )


def get_partner(request: EcosystemRequest, pk: int) -> Partner:
    """The ecosystem's partner, or 404: the one way partner pages find their partner."""
    return get_object_or_404(
        Partner.objects.for_ecosystem(request.ecosystem).select_related(
            "ecosystem", "library_lead"
        ),
        pk=pk,
    )


def partner_list(request: EcosystemRequest) -> HttpResponse:
    filterset = PartnerFilter(request.GET, queryset=_partners(request), ecosystem=request.ecosystem)
    page = page_of(request, filterset.qs, PAGE_SIZE)
    context = {"filter": filterset, "page": page, "today": timezone.localdate()}
    return render_list(request, "partners/list.html", context, fragment="partners/_results.html")


def partner_export(request: EcosystemRequest) -> HttpResponseBase:
    filterset = PartnerFilter(request.GET, queryset=_partners(request), ecosystem=request.ecosystem)
    partners = filterset.qs.prefetch_related("contacts")
    header = [
        _("Name"),
        _("Sector"),
        _("Website"),
        _("Relationship stage"),
        _("Garden phase"),
        _("Formalized by"),
        _("Status"),
        _("Library lead"),
        _("Last contact"),
        _("Contacts"),
        _("What the partner needs"),
        _("What the library is interested in"),
        _("What the partner is interested in"),
        _("Expertise it brings"),
        _("What the library brings"),
        _("Shared goal"),
        _("Ended on"),
        _("Why it ended"),
        _("Lessons learned"),
    ]
    rows = (
        [
            partner.name,
            partner.get_sector_display(),
            partner.website,
            partner.get_stage_display(),
            partner.get_phase_display(),
            partner.get_formalization_display(),
            partner.get_status_display(),
            partner.library_lead.get_full_name() if partner.library_lead else "",
            partner.last_contact or "",
            "; ".join(_contact_line(contact) for contact in partner.contacts.all()),
            partner.partner_needs,
            partner.library_interest,
            partner.interests,
            partner.expertise,
            partner.library_brings,
            partner.shared_goal,
            partner.ended_on or "",
            partner.ending_reason,
            partner.lessons_learned,
        ]
        for partner in partners.iterator(chunk_size=EXPORT_CHUNK)
    )
    filename = dated_filename(request.ecosystem.slug, "partners", extension="csv")
    return csv_response(filename, header, rows)


def _contact_line(contact: Contact) -> str:
    return ", ".join(
        part for part in (contact.name, contact.role, contact.email, contact.phone) if part
    )


def partner_directory_pdf(request: EcosystemRequest) -> HttpResponse:
    filterset = PartnerFilter(request.GET, queryset=_partners(request), ecosystem=request.ecosystem)
    partners = list(filterset.qs.prefetch_related("contacts"))
    groups = [
        (label, [partner for partner in partners if partner.sector == value])
        for value, label in Sector.choices
    ]
    context = {
        "title": _("Partner directory"),
        "groups": [(label, members) for label, members in groups if members],
        "total": len(partners),
        "filters": filterset.described(),
    }
    pdf = render_pdf("partners/pdf/directory.html", context, request=request)
    filename = dated_filename(request.ecosystem.slug, "partner-directory", extension="pdf")
    return pdf_response(pdf, filename)


def partner_board(request: EcosystemRequest) -> HttpResponse:
    filterset = BoardFilter(request.GET, queryset=_partners(request), ecosystem=request.ecosystem)
    partners = list(filterset.qs)
    columns = [
        {
            "stage": stage,
            "label": stage.label,
            "explanation": STAGE_EXPLANATIONS[stage],
            "partners": [partner for partner in partners if partner.stage == stage],
        }
        for stage in Stage
    ]
    context = {
        "filter": filterset,
        "columns": columns,
        "total": len(partners),
        "stages": Stage.choices,
        "today": timezone.localdate(),
    }
    return render_list(request, "partners/board.html", context, fragment="partners/_board.html")


def partner_detail(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    context: dict[str, Any] = {
        "partner": partner,
        "contacts": list(partner.contacts.all()),
        "stages": [(stage, STAGE_EXPLANATIONS[stage]) for stage in Stage],
        "phases": [(phase, PHASE_EXPLANATIONS[phase]) for phase in Phase],
        "move_form": MoveForm(initial={"stage": partner.next_stage, "version": partner.version}),
        "last_change": partner.history.select_related("history_user").first(),
        **documents_detail_context(partner),
        **log_detail_context(partner),
    }
    context["crumbs"] = partner_crumbs(request, partner)
    return render(request, "partners/detail.html", context)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def partner_create(request: EcosystemRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None, ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid() and (partner := form.save_all()):
        messages.success(request, _("%(name)s was added.") % {"name": partner.name})
        return redirect(partner)
    return render(
        request,
        "partners/form.html",
        {"form": form, "crumbs": partner_crumbs(request, current=_("Add a partner"))},
        status=422 if form.errors else 200,
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def partner_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    # The form edits a copy, so the page heading keeps the saved name while the user types.
    form = PartnerForm(request.POST or None, instance=copy(partner), ecosystem=request.ecosystem)
    if request.method == "POST":
        if form.is_valid() and (saved := form.save_all()):
            if request.htmx:
                return autosaved(request, saved)
            messages.success(
                request, _("Your changes to %(name)s were saved.") % {"name": saved.name}
            )
            return redirect(saved)
        if request.htmx:
            return autosave_refused(request, form)
    return render(
        request,
        "partners/form.html",
        {"form": form, "partner": partner, "crumbs": partner_crumbs(request, partner, _("Edit"))},
        status=422 if form.errors else 200,
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def partner_delete(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    if request.method == "POST":
        partner.delete()
        messages.success(request, _("%(name)s was removed.") % {"name": partner.name})
        return redirect("partners:partner_list", ecosystem_slug=request.ecosystem.slug)
    counts = Partner.objects.filter(pk=partner.pk).aggregate(
        interactions=Count("interactions", distinct=True),
        harvests=Count("harvests", distinct=True),
        documents=Count("documents", distinct=True),
    )
    context = {
        "partner": partner,
        "counts": counts,
        "crumbs": partner_crumbs(request, partner, _("Remove")),
    }
    return render(request, "partners/delete.html", context)


def _back(request: EcosystemRequest, partner: Partner) -> HttpResponse:
    """Back where the form was sent from (the board or the partner's page)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(partner)


@role_required(Role.EDITOR)
@require_POST
def partner_move(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the four stages."))
        return _back(request, partner)
    stage = Stage(form.cleaned_data["stage"])
    if stage == partner.stage:
        messages.info(
            request,
            _("%(name)s is already at “%(stage)s”.") % {"name": partner.name, "stage": stage.label},
        )
        return _back(request, partner)
    partner.stage = stage
    try:
        save_versioned(partner, form.cleaned_data["version"])
    except StaleEditError as error:
        latest = cast(Partner, error.latest)
        messages.warning(
            request,
            _(
                "Nothing was moved: someone changed %(name)s meanwhile. It is now at "
                "“%(stage)s”. Move it again if it should still go to “%(wanted)s”."
            )
            % {"name": latest.name, "stage": latest.get_stage_display(), "wanted": stage.label},
        )
        return _back(request, partner)
    messages.success(
        request,
        _("%(name)s moved to “%(stage)s”.") % {"name": partner.name, "stage": stage.label},
    )
    return _back(request, partner)


@role_required(Role.EDITOR)
@require_POST
def partner_pause(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    if partner.status == Partner.Status.ACTIVE:
        partner.status = Partner.Status.PAUSED
        _save_status(partner)
        messages.success(
            request,
            _("%(name)s is paused. It leaves the board and the attention list until resumed.")
            % {"name": partner.name},
        )
    return redirect(partner)


@role_required(Role.EDITOR)
@require_POST
def partner_resume(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    if partner.status != Partner.Status.ACTIVE:
        was_ended = partner.status == Partner.Status.ENDED
        partner.status = Partner.Status.ACTIVE
        # The reason and lessons of an earlier ending stay in the record's history.
        partner.ended_on = None
        partner.ending_reason = partner.lessons_learned = ""
        _save_status(partner)
        if was_ended:
            message = _("%(name)s is active again. Its earlier ending is kept in its history.")
        else:
            message = _("%(name)s is active again.")
        messages.success(request, message % {"name": partner.name})
    return redirect(partner)


def _save_status(partner: Partner) -> None:
    # A status change takes the latest version: it never overwrites someone's other edits
    # because only these fields are written.
    partner.version += 1
    partner.save(
        update_fields=["status", "ended_on", "ending_reason", "lessons_learned", "version"]
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def partner_end(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = EndForm(request.POST or None, instance=copy(partner))
    if request.method == "POST" and form.is_valid() and (saved := form.save_checked()):
        messages.success(
            request,
            _("The partnership with %(name)s has ended. Its record stays, with your lessons.")
            % {"name": saved.name},
        )
        return redirect(saved)
    return render(
        request,
        "partners/end.html",
        {
            "form": form,
            "partner": partner,
            "crumbs": partner_crumbs(request, partner, _("End the partnership")),
        },
        status=422 if form.errors else 200,
    )


# --- Contacts -------------------------------------------------------------------------------------


def _get_contact(partner: Partner, contact_pk: int) -> Contact:
    return get_object_or_404(partner.contacts, pk=contact_pk)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def contact_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.partner = partner
        # A new contact has no earlier version to conflict with, so this always saves.
        contact = form.save()
        messages.success(request, _("%(name)s was added.") % {"name": contact.name})
        return redirect(partner.get_absolute_url() + "#contacts")
    return render(
        request,
        "partners/contact_form.html",
        {
            "form": form,
            "partner": partner,
            "crumbs": partner_crumbs(request, partner, _("Add a contact")),
        },
        status=422 if form.errors else 200,
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def contact_update(request: EcosystemRequest, pk: int, contact_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    contact = _get_contact(partner, contact_pk)
    form = ContactForm(request.POST or None, instance=copy(contact))
    if request.method == "POST" and form.is_valid() and (saved := form.save_checked()):
        messages.success(request, _("Your changes to %(name)s were saved.") % {"name": saved.name})
        return redirect(partner.get_absolute_url() + "#contacts")
    return render(
        request,
        "partners/contact_form.html",
        {
            "form": form,
            "partner": partner,
            "contact": contact,
            "crumbs": partner_crumbs(request, partner, _("Edit a contact")),
        },
        status=422 if form.errors else 200,
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def contact_delete(request: EcosystemRequest, pk: int, contact_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    contact = _get_contact(partner, contact_pk)
    if request.method == "POST":
        contact.delete()
        messages.success(request, _("%(name)s was removed.") % {"name": contact.name})
        return redirect(partner.get_absolute_url() + "#contacts")
    context = {
        "partner": partner,
        "contact": contact,
        "crumbs": partner_crumbs(request, partner, _("Remove a contact")),
    }
    return render(request, "partners/contact_delete.html", context)
