"""The documents that formalize a partnership, stored privately."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.validators import validate_single_line

from .records import Formalization, Partner

if TYPE_CHECKING:
    pass


def private_storage() -> FileSystemStorage:
    """Documents live outside the static files and the web server's reach: only a view
    that checks the member's access ever reads them. (A callable, so migrations name the
    function instead of one machine's folder.)"""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def document_path(document: PartnerDocument, filename: str) -> str:
    # A random name: nobody can guess a file's path from a partner or its title.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"partners/{uuid.uuid4().hex}{suffix}"


class PartnerDocument(models.Model):
    """A document that formalizes a partnership: a proposal, a letter, an MOU, a contract."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("kind"), max_length=20, choices=Formalization, validators=[validate_single_line]
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path)
    content_type = models.CharField(
        max_length=100, editable=False, validators=[validate_single_line]
    )
    size = models.PositiveIntegerField(editable=False)
    original_name = models.CharField(
        max_length=255, editable=False, validators=[validate_single_line]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("partnership document")
        verbose_name_plural = _("partnership documents")
        ordering = ["partner", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title
