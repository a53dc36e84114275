"""The partner pages, under /e/<ecosystem_slug>/partners/: one module per part here, the
progress record's and the webs' in their own packages."""

from ..progress import urls as progress_urls
from ..webs import urls as webs_urls
from . import documents, garden, imports, logs, records

app_name = "partners"

urlpatterns = [
    *records.urlpatterns,
    *documents.urlpatterns,
    *imports.urlpatterns,
    *logs.urlpatterns,
    *garden.urlpatterns,
    *progress_urls.urlpatterns,
    *webs_urls.urlpatterns,
]
