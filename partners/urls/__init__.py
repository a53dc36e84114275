"""The partner pages, under /e/<ecosystem_slug>/partners/: one module per part."""

from . import documents, logs, progress, records

app_name = "partners"

urlpatterns = [
    *records.urlpatterns,
    *documents.urlpatterns,
    *logs.urlpatterns,
    *progress.urlpatterns,
]
