"""The documents that formalize a partnership, stored privately; a document's file goes
with its row."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.storage import private_storage
from ecosystem.validators import validate_single_line

from .records import Formalization, Partner


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


@receiver(post_delete, sender=PartnerDocument, dispatch_uid="partners.document_file_delete")
def delete_file_with_document(
    sender: type[PartnerDocument], instance: PartnerDocument, using: str, **kwargs: Any
) -> None:
    """Remove the stored file once the row's deletion is committed: whether the document
    was deleted on its own, or with its partner or ecosystem (a cascade sends this signal
    for every row). Waiting for the commit keeps the file if the deletion is rolled back."""
    name = instance.file.name
    if not name:
        return
    storage = instance.file.storage
    transaction.on_commit(lambda: storage.delete(name), using=using)
