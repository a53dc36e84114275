"""Value fact sheets, under /e/<ecosystem_slug>/agendas/fact-sheets/."""

from django.urls import path

from ..views import factsheets

urlpatterns = [
    path("fact-sheets/", factsheets.factsheet_list, name="factsheet_list"),
    path("fact-sheets/export.csv", factsheets.factsheet_export, name="factsheet_export"),
    path("fact-sheets/new/", factsheets.factsheet_create, name="factsheet_create"),
    path("fact-sheets/<int:pk>/", factsheets.factsheet_detail, name="factsheet_detail"),
    path("fact-sheets/<int:pk>/edit/", factsheets.factsheet_update, name="factsheet_update"),
    path("fact-sheets/<int:pk>/delete/", factsheets.factsheet_delete, name="factsheet_delete"),
    path("fact-sheets/<int:pk>/fact-sheet.pdf", factsheets.factsheet_pdf, name="factsheet_pdf"),
]
