"""Every ecosystem's progress record in the admin, to look up and fix entries, with their
history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from continuum.models import Strand

from .models import ProgressEntry
from .strands import continuum_strands, latest_continuum

EDITABLE = [
    "ecosystem",
    "date",
    "strand_code",
    "indicator_code",
    "activity",
    "outcome",
    "evidence",
    "next_step",
    "organizations",
    "partners",
]


class ProgressEntryAdminForm(forms.ModelForm[ProgressEntry]):
    """The strand and indicator chosen from the Continuum, and only the entry's own
    ecosystem's organizations and partners."""

    class Meta:
        model = ProgressEntry
        fields = EDITABLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strands = continuum_strands()
        strand_choices: list[Any] = self.strands.strand_choices()
        indicator_choices: list[Any] = self.strands.indicator_choices()
        if self.instance.strand_code and not self.strands.strand(self.instance.strand_code):
            strand_choices.append((self.instance.strand_code, self.instance.strand_code))
        code = self.instance.indicator_code
        if code and not self.strands.indicator(code):
            indicator_choices.append((code, code))
        self.fields["strand_code"] = forms.ChoiceField(
            label=_("strand"), choices=[("", "---------"), *strand_choices]
        )
        self.fields["indicator_code"] = forms.ChoiceField(
            label=_("indicator"), choices=[("", "---------"), *indicator_choices], required=False
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        indicator = self.strands.indicator(cleaned.get("indicator_code") or "")
        if indicator and indicator.strand_code != cleaned.get("strand_code"):
            self.add_error(
                "indicator_code",
                gettext("%(indicator)s belongs to another strand: %(strand)s.")
                % {
                    "indicator": indicator.code,
                    "strand": self.strands.strand_name(indicator.strand_code),
                },
            )
        ecosystem = cleaned.get("ecosystem")
        for name in ("organizations", "partners"):
            foreign = [
                item
                for item in cleaned.get(name) or []
                if item.ecosystem_id != getattr(ecosystem, "pk", None)
            ]
            if ecosystem and foreign:
                self.add_error(
                    name,
                    gettext("Not in this entry's ecosystem: %(names)s.")
                    % {"names": ", ".join(item.name for item in foreign)},
                )
        return cleaned


class StrandFilter(admin.SimpleListFilter):
    """The strands by name (the entries store their codes)."""

    title = _("strand")
    parameter_name = "strand"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        names = dict(continuum_strands().strand_choices())
        used = ProgressEntry.objects.order_by("strand_code").values_list("strand_code", flat=True)
        return [(code, names.get(code, code)) for code in sorted(set(used) | set(names))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(strand_code=value) if value else queryset


@admin.register(ProgressEntry)
class ProgressEntryAdmin(SimpleHistoryAdmin):
    form = ProgressEntryAdminForm
    list_display = ["date", "ecosystem", "strand", "indicator_code", "activity_excerpt"]
    list_filter = ["ecosystem", StrandFilter]
    list_select_related = ["ecosystem"]
    search_fields = [
        "activity",
        "outcome",
        "evidence",
        "next_step",
        "indicator_code",
        "organizations__name",
        "partners__name",
    ]
    date_hierarchy = "date"
    # The lists can be long; side-by-side boxes with a filter beat one tall multi-select.
    filter_horizontal = ["organizations", "partners"]
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
    fields = [*EDITABLE, "recorded_by", "created_at", "updated_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgressEntry]:
        # The strand's name in the latest Continuum, in the changelist's own query.
        names = Strand.objects.filter(version=latest_continuum(), code=OuterRef("strand_code"))
        queryset: QuerySet[ProgressEntry] = super().get_queryset(request)
        return queryset.annotate(strand_name=Subquery(names.values("name")[:1]))

    @admin.display(description=_("strand"), ordering="strand_name")
    def strand(self, obj: ProgressEntry) -> str:
        return getattr(obj, "strand_name", None) or obj.strand_code

    @admin.display(description=_("activity"))
    def activity_excerpt(self, obj: ProgressEntry) -> str:
        return Truncator(obj.activity).chars(80)
