"""A partner's yearly reflections. Editors and coordinators write them."""

from __future__ import annotations

from copy import copy

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.models import Role

from ...log.forms import ReflectionForm
from .common import delete_child, edit_child, get_partner


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def reflection_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    form = ReflectionForm(request.POST or None, partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/reflection_form.html",
        context={},
        current=_("Yearly reflection"),
        anchor="reflections",
        saved=_("The reflection was saved."),
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def reflection_update(request: EcosystemRequest, pk: int, reflection_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    reflection = get_object_or_404(partner.reflections, pk=reflection_pk)
    form = ReflectionForm(request.POST or None, instance=copy(reflection), partner=partner)
    return edit_child(
        request,
        form,
        template="partners/logs/reflection_form.html",
        context={"reflection": reflection},
        current=_("Edit a reflection"),
        anchor="reflections",
        saved=_("Your changes to the reflection on %(year)s were saved.")
        % {"year": reflection.year},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def reflection_delete(request: EcosystemRequest, pk: int, reflection_pk: int) -> HttpResponse:
    partner = get_partner(request, pk)
    reflection = get_object_or_404(partner.reflections, pk=reflection_pk)
    return delete_child(
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
        },
        current=_("Delete a reflection"),
        deleted=_("The reflection on %(year)s was deleted.") % {"year": reflection.year},
    )
