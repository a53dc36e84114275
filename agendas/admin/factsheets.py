"""Value fact sheets in the admin: the dollar values (toolkit content, shared by every
ecosystem) and every ecosystem's sheets with their lines."""

from __future__ import annotations

from typing import Any

from adminsortable2.admin import SortableAdminMixin
from django import forms
from django.contrib import admin
from django.db.models import Count, Field, OuterRef, PositiveIntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..factsheet import summarize, with_lines
from ..models import FactSheet, FactSheetLine, ValueCategory
from ..templatetags.agenda_tags import dollars


@admin.register(ValueCategory)
class ValueCategoryAdmin(SortableAdminMixin, SimpleHistoryAdmin):
    """Drag the rows to change the order of the lines on every sheet's form and print."""

    list_display = ["position", "name", "unit", "default_value", "active", "sheet_count"]
    list_filter = ["active"]
    search_fields = ["name", "unit", "explanation"]
    fields = ["name", "unit", "default_value", "explanation", "active"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ValueCategory]:
        # Lines point to their category without a reverse relation (related_name="+"),
        # so they are counted with a subquery, in the changelist's own query.
        lines = (
            FactSheetLine.objects.filter(category=OuterRef("pk"))
            .values("category")
            .annotate(count=Count("pk"))
            .values("count")
        )
        queryset: QuerySet[ValueCategory] = super().get_queryset(request)
        return queryset.annotate(sheet_count=Coalesce(Subquery(lines), 0))

    @admin.display(description=_("used on sheets"), ordering="sheet_count")
    def sheet_count(self, obj: ValueCategory) -> int:
        # A category in use cannot be deleted; take it off new sheets instead.
        return int(getattr(obj, "sheet_count", 0))


# Counts run to millions: wider than the admin's small-number inputs.
WIDE_COUNTS: dict[type[Field[Any, Any]], dict[str, Any]] = {
    PositiveIntegerField: {"widget": forms.NumberInput(attrs={"class": "vBigIntegerField"})}
}


class FactSheetLineInline(admin.StackedInline[FactSheetLine, FactSheet]):
    model = FactSheetLine
    fields = ["category", "quantity", "value"]
    extra = 0
    formfield_overrides = WIDE_COUNTS


SHEET_FIELDS = [
    "ecosystem",
    "title",
    "organization",
    "year",
    "households",
    "population",
    "budget",
    "notes",
]


class FactSheetAdminForm(forms.ModelForm[FactSheet]):
    class Meta:
        model = FactSheet
        fields = SHEET_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ecosystem, library = cleaned.get("ecosystem"), cleaned.get("organization")
        if ecosystem and library and library.ecosystem_id != ecosystem.pk:
            self.add_error(
                "organization", _("Choose an organization of the sheet's own ecosystem.")
            )
        return cleaned


@admin.register(FactSheet)
class FactSheetAdmin(admin.ModelAdmin[FactSheet]):
    form = FactSheetAdminForm
    list_display = ["title", "ecosystem", "organization", "year", "total_value", "updated_at"]
    list_filter = ["year", "ecosystem"]
    list_select_related = ["ecosystem", "organization"]
    search_fields = ["title", "organization__name", "ecosystem__name", "notes"]
    autocomplete_fields = ["ecosystem", "organization"]
    fields = [*SHEET_FIELDS, "version", "created_at", "updated_at"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [FactSheetLineInline]
    formfield_overrides = WIDE_COUNTS

    def get_queryset(self, request: HttpRequest) -> QuerySet[FactSheet]:
        return with_lines(super().get_queryset(request))

    @admin.display(description=_("total value"))
    def total_value(self, obj: FactSheet) -> str:
        return dollars(summarize(obj).total)

    def save_model(self, request: HttpRequest, obj: FactSheet, form: Any, change: bool) -> None:
        if change:
            # Someone with the sheet's edit page open is then told, not silently overwritten.
            obj.version += 1
        super().save_model(request, obj, form, change)
