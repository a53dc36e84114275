"""A partner's log in the admin: interactions (with their history), harvests, health checks
and reflections, searchable and filtered by ecosystem; and the whole-garden reflections."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import GardenReflection, Harvest, HealthCheck, Interaction, Reflection

ECOSYSTEM = "partner__ecosystem"


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "partner", "kind", "next_step", "next_step_due", "next_step_done"]
    list_filter = [ECOSYSTEM, "kind", "next_step_done"]
    list_select_related = ["partner"]
    search_fields = ["summary", "participants", "outcome", "next_step", "partner__name"]
    date_hierarchy = "date"
    raw_id_fields = ["partner", "recorded_by"]
    readonly_fields = ["created_at", "updated_at", "version"]


@admin.register(Harvest)
class HarvestAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "partner",
        "date",
        "people_reached",
        "sessions_held",
        "dollars_raised",
        "share_in_reports",
    ]
    list_filter = [ECOSYSTEM, "share_in_reports", "partner__sector"]
    list_select_related = ["partner"]
    search_fields = ["title", "story", "partner__name"]
    date_hierarchy = "date"
    raw_id_fields = ["partner", "recorded_by"]
    readonly_fields = ["created_at", "version"]


@admin.register(HealthCheck)
class HealthCheckAdmin(admin.ModelAdmin[HealthCheck]):
    list_display = ["partner", "date", "interests", "adaptability", "communication", "ownership"]
    list_filter = [ECOSYSTEM, "communication", "interests"]
    list_select_related = ["partner"]
    search_fields = ["partner__name", "notes"]
    date_hierarchy = "date"
    raw_id_fields = ["partner", "checked_by"]
    readonly_fields = ["version"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin[Reflection]):
    list_display = ["partner", "year", "decision", "written_by"]
    list_filter = [ECOSYSTEM, "decision", "year"]
    list_select_related = ["partner", "written_by"]
    search_fields = ["partner__name", "what_worked", "what_did_not", "what_to_change"]
    raw_id_fields = ["partner", "written_by"]
    readonly_fields = ["created_at", "version"]


@admin.register(GardenReflection)
class GardenReflectionAdmin(admin.ModelAdmin[GardenReflection]):
    list_display = ["ecosystem", "year", "written_by", "updated_at"]
    list_filter = ["ecosystem", "year"]
    list_select_related = ["ecosystem", "written_by"]
    search_fields = ["ecosystem__name", "enough_gardeners", "community_needs", "plant_next"]
    raw_id_fields = ["written_by"]
    readonly_fields = ["created_at", "updated_at", "version"]

    def save_model(self, request: Any, obj: GardenReflection, form: Any, change: bool) -> None:
        # Admin edits move the version on, so an edit form open in the app notices them.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
