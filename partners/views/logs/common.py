"""The steps every log view shares: the partner it belongs to, the edit form that saves
with a version check (and autosaves), the delete confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ecosystem.access import EcosystemRequest
from ecosystem.autosave import autosave_refused, autosaved

from ...log.forms import PartnerChildForm
from ...models import Partner
from ..crumbs import partner_crumbs

PAGE_SIZE = 25


def get_partner(request: EcosystemRequest, pk: int) -> Partner:
    return get_object_or_404(
        Partner.objects.for_ecosystem(request.ecosystem).select_related("library_lead"), pk=pk
    )


def partner_url(request: EcosystemRequest, partner: Partner) -> str:
    return reverse(
        "partners:partner_detail",
        kwargs={"ecosystem_slug": request.ecosystem.slug, "pk": partner.pk},
    )


def edit_child(
    request: EcosystemRequest,
    form: PartnerChildForm,
    *,
    template: str,
    context: dict[str, Any],
    anchor: str,
    saved: str,
    current: str,
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
        {
            "form": form,
            "partner": form.partner,
            "crumbs": partner_crumbs(request, form.partner, current),
            **context,
        },
        status=422 if form.errors else 200,
    )


def delete_child(
    request: EcosystemRequest,
    partner: Partner,
    record: Model,
    *,
    anchor: str,
    context: dict[str, Any],
    deleted: str,
    current: str,
) -> HttpResponse:
    if request.method == "POST":
        record.delete()
        messages.success(request, deleted)
        return redirect(f"{partner_url(request, partner)}#{anchor}")
    crumbs = partner_crumbs(request, partner, current)
    return render(
        request, "partners/logs/delete.html", {"partner": partner, "crumbs": crumbs, **context}
    )
