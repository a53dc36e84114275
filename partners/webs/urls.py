"""Webs of Connection, under /e/<ecosystem_slug>/partners/webs/."""

from django.urls import URLPattern, path

from . import views as webs

urlpatterns: list[URLPattern] = [
    path("webs/", webs.web, name="webs"),
    path("webs/webs.pdf", webs.web_pdf, name="webs_pdf"),
    path("webs/connections.csv", webs.connection_export, name="connection_export"),
    path("webs/compare/", webs.web_compare, name="web_compare"),
    path("webs/snapshot/", webs.snapshot_create, name="web_snapshot_create"),
    path("webs/connections/new/", webs.connection_create, name="connection_create"),
    path("webs/connections/<int:pk>/edit/", webs.connection_update, name="connection_update"),
    path("webs/connections/<int:pk>/delete/", webs.connection_delete, name="connection_delete"),
]
