"""The Continuum's pages, under /e/<ecosystem_slug>/continuum/."""

from django.urls import path

from .views import (
    adapting,
    answering,
    comparison,
    instruments,
    reminders,
    resources,
    results,
    rounds,
)

app_name = "continuum"

urlpatterns = [
    path("", instruments.index, name="index"),
    path("instruments/<slug:instrument>/", instruments.instrument_detail, name="instrument_detail"),
    path(
        "instruments/<slug:instrument>/v<int:number>/blank.pdf",
        instruments.blank_pdf,
        name="blank_pdf",
    ),
    path("instruments/<slug:instrument>/draft/start/", adapting.draft_start, name="draft_start"),
    path("instruments/<slug:instrument>/draft/", adapting.draft_edit, name="draft_edit"),
    path(
        "instruments/<slug:instrument>/draft/strands/<str:code>/",
        adapting.draft_strand,
        name="draft_strand",
    ),
    path(
        "instruments/<slug:instrument>/draft/publish/",
        adapting.draft_publish,
        name="draft_publish",
    ),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", rounds.round_update, name="round_update"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/reopen/", rounds.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/remind/", reminders.round_remind, name="round_remind"),
    path("rounds/<int:pk>/answers/<int:step>/", answering.answer_step, name="answer_step"),
    path("rounds/<int:pk>/answers/review/", answering.answer_review, name="answer_review"),
    path("rounds/<int:pk>/answers/submit/", answering.answer_submit, name="answer_submit"),
    path(
        "rounds/<int:pk>/responses/<int:response_pk>.pdf",
        answering.response_pdf,
        name="response_pdf",
    ),
    path("rounds/<int:pk>/results/", results.results, name="results"),
    path("rounds/<int:pk>/results.pdf", results.results_pdf, name="results_pdf"),
    path("rounds/<int:pk>/results.csv", results.results_export, name="results_export"),
    path("rounds/<int:pk>/blank.pdf", instruments.round_blank_pdf, name="round_blank_pdf"),
    path("rounds/<int:pk>/consensus/", results.consensus_all, name="consensus_all"),
    path("rounds/<int:pk>/consensus/<int:indicator_pk>/", results.consensus, name="consensus"),
    path("progress/", comparison.comparison, name="comparison"),
    path("progress.pdf", comparison.comparison_pdf, name="comparison_pdf"),
    path("resources/", resources.resource_list, name="resource_list"),
    path("resources/export.csv", resources.resource_export, name="resource_export"),
    path("resources/new/", resources.resource_create, name="resource_create"),
    path("resources/<int:pk>/edit/", resources.resource_update, name="resource_update"),
    path("resources/<int:pk>/delete/", resources.resource_delete, name="resource_delete"),
]
