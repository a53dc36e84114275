"""The partner pages, under /e/<ecosystem_slug>/partners/: one module per part."""

from . import documents, garden, imports, logs, progress, records, webs

app_name = "partners"

urlpatterns = [
    *records.urlpatterns,
    *documents.urlpatterns,
    *imports.urlpatterns,
    *logs.urlpatterns,
    *garden.urlpatterns,
    *progress.urlpatterns,
    *webs.urlpatterns,
]
