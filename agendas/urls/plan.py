"""The year plan (Year Round Advocacy Checklist), under /e/<ecosystem_slug>/agendas/plan/."""

from django.urls import URLPattern, path

from ..views import plan

urlpatterns: list[URLPattern] = [
    path("plan/", plan.plan_list, name="plan"),
    path("plan/calendar/", plan.plan_calendar, name="plan_calendar"),
    path("plan/export.csv", plan.plan_export, name="plan_export"),
    path("plan/year-plan.pdf", plan.plan_pdf, name="plan_pdf"),
    path("plan/generate/", plan.plan_generate, name="plan_generate"),
    path("plan/tasks/new/", plan.task_create, name="task_create"),
    path("plan/tasks/<int:pk>/edit/", plan.task_update, name="task_update"),
    path("plan/tasks/<int:pk>/delete/", plan.task_delete, name="task_delete"),
    path("plan/tasks/<int:pk>/status/", plan.task_status, name="task_status"),
    path("plan/feed/", plan.feed_settings, name="feed_settings"),
    path("plan/feed/create/", plan.feed_create, name="feed_create"),
    path("plan/feed/regenerate/", plan.feed_regenerate, name="feed_regenerate"),
    path("plan/feed/revoke/", plan.feed_revoke, name="feed_revoke"),
]
