"""Agenda building: cycles, each organization's input, consolidation, the agenda."""

from django.urls import path

from ..views import consolidation, cycles, inputs

INPUT = "cycles/<int:pk>/input/<int:org_pk>/"
AGENDA = "cycles/<int:pk>/agenda/<int:number>/"

urlpatterns = [
    path("", cycles.index, name="index"),
    path("worksheets/<slug:name>.pdf", inputs.worksheet_pdf, name="worksheet_pdf"),
    path("cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", cycles.cycle_update, name="cycle_update"),
    path("cycles/<int:pk>/criteria/", cycles.criteria, name="criteria"),
    path(INPUT, inputs.input_page, name="input"),
    path(f"{INPUT}send/", inputs.input_send, name="input_send"),
    path(f"{INPUT}reopen/", inputs.input_reopen, name="input_reopen"),
    path(f"{INPUT}input.pdf", inputs.input_pdf, name="input_pdf"),
    path(f"{INPUT}<slug:kind>/new/", inputs.issue_create, name="issue_create"),
    path(f"{INPUT}<slug:kind>/<int:issue_pk>/edit/", inputs.issue_update, name="issue_update"),
    path(f"{INPUT}<slug:kind>/<int:issue_pk>/delete/", inputs.issue_delete, name="issue_delete"),
    path("cycles/<int:pk>/consolidate/", consolidation.consolidate, name="consolidate"),
    path("cycles/<int:pk>/consolidate/merge/", consolidation.merge, name="merge"),
    path("cycles/<int:pk>/issues.csv", consolidation.issues_export, name="issues_export"),
    path(
        "cycles/<int:pk>/priorities/<int:priority_pk>/",
        consolidation.priority_detail,
        name="priority_detail",
    ),
    path(
        "cycles/<int:pk>/priorities/<int:priority_pk>/edit/",
        consolidation.priority_update,
        name="priority_update",
    ),
    path(
        "cycles/<int:pk>/priorities/<int:priority_pk>/delete/",
        consolidation.priority_delete,
        name="priority_delete",
    ),
    path("cycles/<int:pk>/scores/", consolidation.scoring, name="scoring"),
    path("cycles/<int:pk>/ranking/", consolidation.ranking, name="ranking"),
    path("cycles/<int:pk>/publish/", consolidation.publish, name="publish"),
    path(AGENDA, consolidation.agenda_detail, name="agenda_detail"),
    path(f"{AGENDA}sign-on/", consolidation.sign_on, name="sign_on"),
    path(f"{AGENDA}<slug:layout>.pdf", consolidation.agenda_pdf, name="agenda_pdf"),
]
