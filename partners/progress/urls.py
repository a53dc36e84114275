"""Recording Progress Towards a Library Ecosystem, under /e/<ecosystem_slug>/partners/progress/."""

from django.urls import URLPattern, path

from . import views as progress

urlpatterns: list[URLPattern] = [
    path("progress/", progress.progress_list, name="progress_list"),
    path("progress/export.csv", progress.progress_export, name="progress_export"),
    path("progress/progress-record.pdf", progress.progress_pdf, name="progress_pdf"),
    path("progress/template.pdf", progress.progress_template_pdf, name="progress_template_pdf"),
    path("progress/example/", progress.progress_example, name="progress_example"),
    path("progress/new/", progress.progress_create, name="progress_create"),
    path("progress/<int:pk>/", progress.progress_detail, name="progress_detail"),
    path("progress/<int:pk>/edit/", progress.progress_update, name="progress_update"),
    path("progress/<int:pk>/delete/", progress.progress_delete, name="progress_delete"),
]
