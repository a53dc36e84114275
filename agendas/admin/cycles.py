"""Agenda cycles and everything gathered in them, for site administrators."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ecosystem.admin_columns import CountedRelations, count_column

from ..models import (
    AdvocacyIssue,
    AgendaCycle,
    Criterion,
    LegislativeIssue,
    Priority,
    PublishedAgenda,
    Score,
    SignOn,
    Submission,
)


class CriterionInline(admin.StackedInline[Criterion, AgendaCycle]):
    model = Criterion
    extra = 0


@admin.register(AgendaCycle)
class AgendaCycleAdmin(CountedRelations, admin.ModelAdmin[AgendaCycle]):
    list_display = [
        "title",
        "ecosystem",
        "status",
        "session_start",
        "input_deadline",
        "submission_count",
        "priority_count",
    ]
    list_filter = ["status", "ecosystem"]
    list_select_related = ["ecosystem"]
    search_fields = ["title", "ecosystem__name"]
    date_hierarchy = "session_start"
    raw_id_fields = ["created_by"]
    inlines = [CriterionInline]
    counted = {"submission_count": "submissions", "priority_count": "priorities"}
    submission_count = count_column("submission_count", _("organizations with input"))
    priority_count = count_column("priority_count", _("priorities"))


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "cycle", "submitted_at", "late_changes_allowed", "updated_at"]
    list_filter = ["cycle__ecosystem", "cycle", "late_changes_allowed"]
    list_select_related = ["organization", "cycle"]
    search_fields = ["organization__name", "top_concerns", "current_initiatives"]
    raw_id_fields = ["cycle", "organization", "submitted_by"]


class IssueAdmin(SimpleHistoryAdmin):
    list_filter = ["submission__cycle__ecosystem", "submission__cycle"]
    list_select_related = ["submission__organization", "submission__cycle"]
    raw_id_fields = ["submission"]

    @admin.display(description=_("organization"), ordering="submission__organization__name")
    def organization(self, obj: LegislativeIssue | AdvocacyIssue) -> str:
        return obj.submission.organization.name


@admin.register(LegislativeIssue)
class LegislativeIssueAdmin(IssueAdmin):
    list_display = ["title", "organization", "government_level", "ask_kind", "urgency"]
    list_filter = [*IssueAdmin.list_filter, "government_level", "ask_kind", "urgency"]
    search_fields = ["title", "description", "ask", "submission__organization__name"]


@admin.register(AdvocacyIssue)
class AdvocacyIssueAdmin(IssueAdmin):
    list_display = ["title", "organization", "audience"]
    search_fields = ["title", "audience", "message", "submission__organization__name"]


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cycle", "kind", "ask_who", "ask_when", "updated_at"]
    list_filter = ["kind", "cycle__ecosystem", "cycle"]
    list_select_related = ["cycle"]
    search_fields = ["title", "summary", "talking_points", "ask_what", "ask_who"]
    raw_id_fields = ["cycle", "legislative_issues", "advocacy_issues"]
    fieldsets = [
        (None, {"fields": ["cycle", "kind", "title", "summary", "talking_points"]}),
        (_("The ask"), {"fields": ["ask_what", "ask_who", "ask_when"]}),
        (_("The input it merges"), {"fields": ["legislative_issues", "advocacy_issues"]}),
    ]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin[Score]):
    list_display = ["priority", "criterion", "user", "value", "updated_at"]
    list_filter = ["priority__cycle__ecosystem", "priority__cycle"]
    list_select_related = ["priority", "criterion", "user"]
    search_fields = ["priority__title", "user__email"]
    raw_id_fields = ["priority", "criterion", "user"]


class SignOnInline(admin.TabularInline[SignOn, PublishedAgenda]):
    model = SignOn
    extra = 0
    raw_id_fields = ["organization", "signed_by"]


@admin.register(PublishedAgenda)
class PublishedAgendaAdmin(admin.ModelAdmin[PublishedAgenda]):
    """Read-only: a published agenda never changes; publish a new version instead."""

    list_display = ["__str__", "cycle", "number", "published_at", "published_by"]
    list_filter = ["cycle__ecosystem"]
    list_select_related = ["cycle", "published_by"]
    search_fields = ["cycle__title"]
    readonly_fields = ["cycle", "number", "content", "published_at", "published_by"]
    inlines = [SignOnInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
