"""Every ecosystem's Webs of Connection in the admin: ties to look up and fix, with their
history, and the yearly snapshots (read-only: a snapshot is a record of its year)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Connection, WebSnapshot


@admin.register(Connection)
class ConnectionAdmin(SimpleHistoryAdmin):
    list_display = ["first_end", "other_end", "kind", "strength", "since", "ecosystem"]
    list_filter = ["ecosystem", "kind", "strength"]
    search_fields = [
        "organization__name",
        "first_partner__name",
        "other_organization__name",
        "partner__name",
        "notes",
    ]
    list_select_related = [
        "ecosystem",
        "organization",
        "first_partner",
        "other_organization",
        "partner",
    ]
    autocomplete_fields = ["organization", "first_partner", "other_organization", "partner"]
    fields = [
        "ecosystem",
        "organization",
        "first_partner",
        "other_organization",
        "partner",
        "kind",
        "strength",
        "since",
        "notes",
    ]

    @admin.display(description=_("one side"))
    def first_end(self, connection: Connection) -> str:
        return str(connection.first_end or "")

    @admin.display(description=_("connected with"))
    def other_end(self, connection: Connection) -> str:
        return str(connection.other_end or "")

    def save_model(self, request: HttpRequest, obj: Connection, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)

        class ConnectionAdminForm(form):  # type: ignore[misc,valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean() or {}
                ecosystem = cleaned.get("ecosystem")
                first = cleaned.get("organization")
                first_partner = cleaned.get("first_partner")
                other = cleaned.get("other_organization")
                partner = cleaned.get("partner")
                if bool(first) == bool(first_partner):
                    raise ValidationError(
                        _("Fill in either the organization or the first partner, not both.")
                    )
                if bool(other) == bool(partner):
                    raise ValidationError(
                        _("Fill in either the connected organization or the partner, not both.")
                    )
                if first_partner and other:
                    raise ValidationError(
                        _(
                            "A tie between an organization and a partner keeps the "
                            "organization first: fill in the organization and the partner."
                        )
                    )
                for name in ("organization", "first_partner", "other_organization", "partner"):
                    end = cleaned.get(name)
                    if ecosystem and end is not None and end.ecosystem_id != ecosystem.pk:
                        self.add_error(name, _("Choose one of the ecosystem's own records."))
                return cleaned

        return ConnectionAdminForm


@admin.register(WebSnapshot)
class WebSnapshotAdmin(admin.ModelAdmin[WebSnapshot]):
    list_display = ["ecosystem", "year", "taken_at", "taken_by"]
    list_filter = ["ecosystem", "year"]
    list_select_related = ["ecosystem", "taken_by"]
    readonly_fields = ["ecosystem", "year", "taken_at", "taken_by", "data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # taken on the Webs of Connection page, from the web as it stands
