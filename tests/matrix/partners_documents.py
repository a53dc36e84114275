"""Rows for a partner's documents: every member downloads them; editors and coordinators
attach and delete them. (Another ecosystem's document, and a stored file's path, are
covered in tests/partners/test_documents.py.)"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import Row, in_ecosystem
from tests.world import TINY_PDF, World


def partner(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk}


def document(world: World) -> dict[str, Any]:
    return {"pk": world.partner.pk, "document": world.document.pk}


def upload(world: World) -> dict[str, Any]:
    return {
        "document-kind": "mou",
        "document-title": "Signed MOU, second copy",
        "document-file": SimpleUploadedFile("mou.pdf", TINY_PDF, "application/pdf"),
    }


ROWS: list[Row] = [
    in_ecosystem("partners:document_create", "editor", kwargs=partner),
    in_ecosystem(
        "partners:document_create", "editor", ok=302, kwargs=partner, method="post", data=upload
    ),
    in_ecosystem("partners:document_download", "viewer", kwargs=document),
    in_ecosystem("partners:document_delete", "editor", kwargs=document),
    in_ecosystem(
        "partners:document_delete",
        "editor",
        ok=302,
        kwargs=document,
        method="post",
        note="the file itself is removed only after the commit, which a test never reaches",
    ),
]
