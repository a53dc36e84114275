"""Importing partners from CSV, under /e/<ecosystem_slug>/partners/import/."""

from django.urls import path

from ..views import imports

urlpatterns = [
    path("import/", imports.partner_import, name="partner_import"),
    path("import/sample.csv", imports.partner_import_sample, name="partner_import_sample"),
    path("import/<int:pk>/", imports.partner_import_preview, name="partner_import_preview"),
    path("import/<int:pk>/confirm/", imports.partner_import_confirm, name="partner_import_confirm"),
    path("import/<int:pk>/cancel/", imports.partner_import_cancel, name="partner_import_cancel"),
]
