"""An ecosystem adapts an instrument: copy, edit the wording, publish for itself only.

Coordinators copy a published site-wide version into a draft of their own instrument,
edit it here, and publish it; then rounds can use it. Only the ecosystem's own
instruments are ever found here (``for_ecosystem``): a site-wide one stays read-only, and
another ecosystem's is a 404.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.concurrency import StaleEditError
from ecosystem.models import Role

from .. import services
from ..models import Descriptor, Instrument, InstrumentVersion
from ..models.instruments import FrozenVersionError
from ..wording import ScaleAndStrandsForm, StrandWordingForm, WordingForm
from .common import crumbs


def _own_instrument(request: EcosystemRequest, slug: str) -> Instrument:
    return get_object_or_404(
        Instrument.objects.for_ecosystem(request.ecosystem).select_related(
            "ecosystem", "adapted_from__instrument"
        ),
        slug=slug,
    )


def _draft(request: EcosystemRequest, slug: str) -> InstrumentVersion:
    instrument = _own_instrument(request, slug)
    draft = (
        InstrumentVersion.objects.drafts().filter(instrument=instrument).order_by("-number").first()
    )
    if draft is None:
        raise Http404("No draft to edit.")
    draft.instrument = instrument
    return draft


def _editor_url(request: EcosystemRequest, instrument: Instrument) -> HttpResponse:
    return redirect("continuum:draft_edit", request.ecosystem.slug, instrument.slug)


@role_required(Role.COORDINATOR)
@require_POST
def draft_start(request: EcosystemRequest, instrument: str) -> HttpResponse:
    """Adapt a site-wide instrument (a new instrument of the ecosystem's own), or start the
    next draft of one the ecosystem already owns."""
    found = get_object_or_404(
        Instrument.objects.visible_to(request.ecosystem).select_related("ecosystem"),
        slug=instrument,
    )
    try:
        if found.is_site_wide:
            version = found.latest_published()
            if version is None:
                raise Http404("Nothing published to adapt.")
            draft = services.adapt(version, request.ecosystem)
            messages.success(
                request,
                _(
                    "This is your ecosystem's own copy of %(name)s. Change its wording here, "
                    "then publish it; only your ecosystem sees it."
                )
                % {"name": found.name},
            )
        else:
            draft = services.start_draft(found)
    except services.ContinuumError as error:
        messages.error(request, str(error))
        return redirect("continuum:instrument_detail", request.ecosystem.slug, found.slug)
    return _editor_url(request, draft.instrument)


def _save(request: EcosystemRequest, form: WordingForm, draft: InstrumentVersion) -> bool:
    """Store the form's wording; False (and the form says why) if someone saved first."""
    try:
        services.save_wording(draft, form.cleaned_data["revision"], form.wording())
    except StaleEditError as error:
        form.show_stale(cast(InstrumentVersion, error.latest).revision)
        return False
    except FrozenVersionError as error:
        # Published by another coordinator meanwhile: nothing can change any more.
        form.add_error(None, error.messages[0])
        return False
    messages.success(request, _("The draft's wording was saved."))
    return True


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def draft_edit(request: EcosystemRequest, instrument: str) -> HttpResponse:
    draft = _draft(request, instrument)
    levels = list(draft.levels.order_by("value"))
    strands = list(draft.strands.order_by("position", "pk"))
    form = ScaleAndStrandsForm(request.POST or None, version=draft, levels=levels, strands=strands)
    if request.method == "POST" and form.is_valid() and _save(request, form, draft):
        return _editor_url(request, draft.instrument)
    return render(
        request,
        "continuum/draft_edit.html",
        {
            "draft": draft,
            "form": form,
            "strands": strands,
            "problems": services.completeness_problems(draft),
            "crumbs": crumbs(request, _("Draft")),
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def draft_strand(request: EcosystemRequest, instrument: str, code: str) -> HttpResponse:
    draft = _draft(request, instrument)
    strand = get_object_or_404(draft.strands.all(), code=code)
    indicators = list(strand.indicators.order_by("position", "pk"))
    descriptors = {
        (d.indicator_id, d.level_id): d for d in Descriptor.objects.filter(indicator__strand=strand)
    }
    form = StrandWordingForm(
        request.POST or None,
        version=draft,
        indicators=indicators,
        levels=list(draft.levels.order_by("value")),
        descriptors=descriptors,
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, draft):
        return _editor_url(request, draft.instrument)
    return render(
        request,
        "continuum/draft_strand.html",
        {"draft": draft, "strand": strand, "form": form, "crumbs": crumbs(request, _("Draft"))},
    )


@role_required(Role.COORDINATOR)
@require_POST
def draft_publish(request: EcosystemRequest, instrument: str) -> HttpResponse:
    draft = _draft(request, instrument)
    try:
        services.publish(draft)
    except services.ContinuumError as error:
        messages.error(request, str(error))
        return _editor_url(request, draft.instrument)
    messages.success(
        request,
        _("%(version)s is published for your ecosystem. Rounds can now use it.")
        % {"version": draft},
    )
    keeping = services.rounds_keeping_old_wording(draft).filter(ecosystem=request.ecosystem)
    if keeping:
        messages.info(
            request,
            _("These open rounds keep the wording they were opened with: %(rounds)s.")
            % {"rounds": ", ".join(f"{r.title} ({r.version})" for r in keeping)},
        )
    return redirect("continuum:instrument_detail", request.ecosystem.slug, draft.instrument.slug)
