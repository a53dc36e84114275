"""A partner's documents: attaching one (editor and up), downloading it (every member) and
deleting it (editor and up).

Files are never served by a URL of their own: the download view finds the document
through the request's ecosystem and the partner, so another ecosystem's document, or a
guessed path, is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.downloads import stored_file_response
from ecosystem.models import Role
from ecosystem.security.uploads import explain_refusal, upload_limit

from ..document_forms import DocumentForm
from ..models import Partner, PartnerDocument
from .crumbs import partner_crumbs


def _get_partner(request: EcosystemRequest, pk: int) -> Partner:
    return get_object_or_404(Partner.objects.for_ecosystem(request.ecosystem), pk=pk)


def _get_document(request: EcosystemRequest, pk: int, document: int) -> PartnerDocument:
    partner = _get_partner(request, pk)
    found = get_object_or_404(partner.documents.select_related("uploaded_by"), pk=document)
    found.partner = partner  # already loaded, through the ecosystem
    return found


def _back_to_partner(partner: Partner) -> HttpResponse:
    return redirect(partner.get_absolute_url() + "#documents")


@upload_limit("DOCUMENT_MAX_BYTES")
@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def document_create(request: EcosystemRequest, pk: int) -> HttpResponse:
    partner = _get_partner(request, pk)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, partner=partner)
        if form.is_valid():
            document = form.save_document(uploaded_by=request.user)
            messages.success(
                request,
                _("%(title)s was attached to %(partner)s.")
                % {"title": document.title, "partner": partner.name},
            )
            return _back_to_partner(partner)
        explain_refusal(request, form, "file")
    else:
        form = DocumentForm(partner=partner)
    context = {
        "form": form,
        "partner": partner,
        "crumbs": partner_crumbs(request, partner, _("Attach a document")),
    }
    return render(request, "partners/documents/form.html", context)


@require_GET
def document_download(request: EcosystemRequest, pk: int, document: int) -> FileResponse:
    found = _get_document(request, pk, document)
    return stored_file_response(
        found.file.storage,
        found.file.name,
        found.original_name,
        found.content_type,
        download=True,
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def document_delete(request: EcosystemRequest, pk: int, document: int) -> HttpResponse:
    found = _get_document(request, pk, document)
    if request.method == "POST":
        found.delete()  # the file goes too, once this commits (see partners.models.documents)
        messages.success(request, _("%(title)s was deleted.") % {"title": found.title})
        return _back_to_partner(found.partner)
    return render(
        request,
        "partners/documents/delete.html",
        {
            "document": found,
            "partner": found.partner,
            "crumbs": partner_crumbs(request, found.partner, _("Delete a document")),
        },
    )
