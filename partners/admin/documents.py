"""Partnership documents and pending CSV imports in the admin.

A document's file is added only on the partner's page, where its type is checked from its
content; here a site administrator can correct its title and kind, see what was stored,
and delete it (its file goes with it). Pending imports are listed read-only so a stuck
one can be found and deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..models import PartnerDocument, PartnerImport


@admin.register(PartnerDocument)
class PartnerDocumentAdmin(admin.ModelAdmin[PartnerDocument]):
    list_display = ["title", "partner", "kind", "file_size", "uploaded_at"]
    list_filter = ["kind", "content_type", "partner__ecosystem"]
    list_select_related = ["partner"]
    search_fields = ["title", "original_name", "partner__name"]
    date_hierarchy = "uploaded_at"
    fields = [
        "partner",
        "kind",
        "title",
        "original_name",
        "content_type",
        "file_size",
        "stored_as",
        "uploaded_by",
        "uploaded_at",
    ]
    # The file itself is never replaced here: only the upload form checks what it is.
    readonly_fields = [
        "partner",
        "original_name",
        "content_type",
        "file_size",
        "stored_as",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, obj: PartnerDocument) -> str:
        return str(filesizeformat(obj.size))

    @admin.display(description=_("stored as"))
    def stored_as(self, obj: PartnerDocument) -> str:
        # A name, not a link: private files have no URL; members download them from the
        # partner's page.
        name: str = obj.file.name
        return name


@admin.register(PartnerImport)
class PartnerImportAdmin(admin.ModelAdmin[PartnerImport]):
    list_display = ["filename", "ecosystem", "created_by", "created_at", "row_count"]
    list_filter = ["ecosystem"]
    list_select_related = ["ecosystem", "created_by"]
    search_fields = ["filename", "created_by__email"]
    fields = ["filename", "ecosystem", "created_by", "created_at", "row_count"]
    readonly_fields = ["filename", "ecosystem", "created_by", "created_at", "row_count"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("rows"))
    def row_count(self, obj: PartnerImport) -> int:
        return len(obj.rows)
