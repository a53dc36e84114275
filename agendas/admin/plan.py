"""The Year Round Advocacy Checklist in the admin: site administrators edit, order and
retire the task templates every ecosystem plans from; the ecosystems' tasks and calendar
feeds are there to look up and fix."""

from __future__ import annotations

from adminsortable2.admin import SortableAdminMixin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import plan
from ..models import CalendarFeed, PlanTask, TaskTemplate


@admin.register(TaskTemplate)
class TaskTemplateAdmin(SortableAdminMixin, SimpleHistoryAdmin):
    # SortableAdminMixin adds the drag handle on ``position`` (the first field of
    # Meta.ordering) and keeps it out of the form.
    list_display = ["title", "when", "active"]
    list_filter = ["timing", "active"]
    search_fields = ["title", "description"]
    fields = ["title", "description", "timing", "month", "weeks", "active"]

    @admin.display(description=_("when"))
    def when(self, obj: TaskTemplate) -> str:
        return plan.describe_timing(obj)


@admin.register(PlanTask)
class PlanTaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "ecosystem", "cycle", "due_date", "owner", "status"]
    list_filter = ["ecosystem", "status", "cycle"]
    list_select_related = ["ecosystem", "cycle", "owner"]
    search_fields = ["title", "description", "owner__full_name", "owner__email"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["owner"]
    raw_id_fields = ["cycle", "template"]
    readonly_fields = ["done_at", "updated_at"]
    fields = [
        "ecosystem",
        "cycle",
        "template",
        "title",
        "description",
        "due_date",
        "owner",
        "status",
        "done_at",
        "updated_at",
    ]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin[CalendarFeed]):
    list_display = ["ecosystem", "created_by", "created_at"]
    list_select_related = ["ecosystem", "created_by"]
    search_fields = ["ecosystem__name"]
    # The token is made by the app; to change it, delete the feed here (or a coordinator
    # makes a new address on the feed page).
    readonly_fields = ["token", "created_by", "created_at"]
    fields = ["ecosystem", "token", "created_by", "created_at"]
