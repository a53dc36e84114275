"""The partner pages, under /e/<ecosystem_slug>/partners/: one module per part."""

from ..webs import urls as webs_urls
from . import documents, garden, imports, logs, progress, records

app_name = "partners"

urlpatterns = [
    *records.urlpatterns,
    *documents.urlpatterns,
    *imports.urlpatterns,
    *logs.urlpatterns,
    *garden.urlpatterns,
    *progress.urlpatterns,
    *webs_urls.urlpatterns,
]
