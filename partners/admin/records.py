"""Partner records in the admin: every ecosystem's partners with their contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ecosystem.admin_columns import CountedRelations, count_column
from ecosystem.validators import validate_single_line

from ..models import Contact, Partner


class ContactInline(admin.StackedInline[Contact, Partner]):
    # Stacked, not tabular: tabular inlines leave their inputs without labels.
    model = Contact
    fields = ["name", "role", "email", "phone"]
    extra = 0


class PartnerAdminForm(forms.ModelForm[Partner]):
    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        validators=[validate_single_line],
    )

    class Meta:
        model = Partner
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ecosystem, lead = cleaned.get("ecosystem"), cleaned.get("library_lead")
        if ecosystem and lead and not lead.memberships.filter(ecosystem=ecosystem).exists():
            self.add_error(
                "library_lead", _("The library lead must be a member of the partner's ecosystem.")
            )
        if cleaned.get("status") == Partner.Status.ENDED and not cleaned.get("ending_reason"):
            self.add_error("ending_reason", _("Say why the partnership ended."))
        return cleaned


@admin.register(Partner)
class PartnerAdmin(CountedRelations, SimpleHistoryAdmin):
    form = PartnerAdminForm
    list_display = [
        "name",
        "ecosystem",
        "sector",
        "stage",
        "phase",
        "status",
        "library_lead",
        "interaction_count",
        "updated_at",
    ]
    list_filter = ["ecosystem", "sector", "stage", "phase", "formalization", "status"]
    search_fields = ["name", "shared_goal", "interests", "contacts__name", "contacts__email"]
    list_select_related = ["ecosystem", "library_lead"]
    autocomplete_fields = ["library_lead"]
    inlines = [ContactInline]
    fieldsets = [
        (None, {"fields": ["ecosystem", "name", "sector", "website", "library_lead"]}),
        (
            _("Need meets interest"),
            {
                "fields": [
                    "partner_needs",
                    "library_interest",
                    "interests",
                    "expertise",
                    "library_brings",
                    "shared_goal",
                ]
            },
        ),
        (_("Where it stands"), {"fields": ["stage", "phase", "formalization", "status"]}),
        (_("Ending"), {"fields": ["ended_on", "ending_reason", "lessons_learned"]}),
    ]
    counted = {"interaction_count": "interactions"}
    interaction_count = count_column("interaction_count", _("log entries"))

    def save_model(self, request: Any, obj: Partner, form: Any, change: bool) -> None:
        # Admin edits move the version on, so an edit form open in the app notices them.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
