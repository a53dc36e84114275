"""A partner's documents, under /e/<ecosystem_slug>/partners/<pk>/documents/."""

from django.urls import path

from ..views import documents

urlpatterns = [
    path("<int:pk>/documents/add/", documents.document_create, name="document_create"),
    path(
        "<int:pk>/documents/<int:document>/download/",
        documents.document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documents/<int:document>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
]
