"""The whole-garden reflection, once a year for the whole ecosystem: the list of years, one
year's reflection (on screen and as a PDF), writing and changing it. Every member reads;
editors and coordinators write, as for the partners themselves."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.autosave import autosave_refused, autosaved
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from .. import garden
from ..garden_forms import GARDEN_QUESTIONS, GardenReflectionForm
from ..models import GardenReflection
from .crumbs import garden_crumbs


def _reflections(request: EcosystemRequest) -> QuerySet[GardenReflection]:
    return GardenReflection.objects.for_ecosystem(request.ecosystem).select_related("written_by")


def _get(request: EcosystemRequest, pk: int) -> GardenReflection:
    return get_object_or_404(_reflections(request), pk=pk)


def garden_reflection_list(request: EcosystemRequest) -> HttpResponse:
    context = {
        # The long answers are not needed to list the years.
        "reflections": list(_reflections(request).defer(*GARDEN_QUESTIONS)),
        **garden.facts(request.ecosystem),
    }
    return render(request, "partners/garden/list.html", context)


def garden_reflection_detail(request: EcosystemRequest, pk: int) -> HttpResponse:
    reflection = _get(request, pk)
    context = {
        "reflection": reflection,
        **garden.facts(request.ecosystem),
        "crumbs": garden_crumbs(request, _("The garden in %(year)s") % {"year": reflection.year}),
    }
    return render(request, "partners/garden/detail.html", context)


def garden_reflection_pdf(request: EcosystemRequest, pk: int) -> HttpResponse:
    reflection = _get(request, pk)
    context = {
        "title": _("The whole garden in %(year)s") % {"year": reflection.year},
        "reflection": reflection,
        **garden.facts(request.ecosystem),
    }
    pdf = render_pdf("partners/pdf/garden_reflection.html", context, request=request)
    name = f"{request.ecosystem.slug}-{reflection.year}"
    return pdf_response(pdf, dated_filename(name, "garden-reflection", extension="pdf"))


def _edit(
    request: EcosystemRequest, form: GardenReflectionForm, reflection: GardenReflection | None
) -> HttpResponse:
    """Show the form; on a valid POST save it (refusing to overwrite someone else's newer
    save). Once saved, the form also autosaves as the user types, like the partner's own
    reflection: htmx posts it and shows a few words in the status line."""
    autosaving = reflection is not None and request.htmx
    if request.method == "POST":
        if form.is_valid():
            if reflection is None:
                form.instance.written_by = request.user
            saved = form.save_checked()
            if saved is not None:
                if autosaving:
                    return autosaved(request, saved)
                messages.success(
                    request,
                    _("The reflection on the garden of %(year)s was saved.") % {"year": saved.year},
                )
                return redirect(saved.get_absolute_url())
        if autosaving:
            return autosave_refused(request, form)
    context = {
        "form": form,
        "reflection": reflection,
        **garden.facts(request.ecosystem),
        "crumbs": garden_crumbs(request, _("Edit") if reflection else _("Reflect on a year")),
    }
    status = 422 if form.errors else 200
    return render(request, "partners/garden/form.html", context, status=status)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def garden_reflection_create(request: EcosystemRequest) -> HttpResponse:
    form = GardenReflectionForm(request.POST or None, ecosystem=request.ecosystem)
    return _edit(request, form, None)


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def garden_reflection_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    reflection = _get(request, pk)
    # The form edits a copy, so the heading keeps the saved year while the user types.
    form = GardenReflectionForm(
        request.POST or None, instance=copy(reflection), ecosystem=request.ecosystem
    )
    return _edit(request, form, reflection)
