"""A CSV import of partners waiting to be confirmed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Ecosystem, EcosystemScopedQuerySet
from ecosystem.validators import validate_single_line


class PartnerImportQuerySet(EcosystemScopedQuerySet["PartnerImport"]):
    pass


class PartnerImport(models.Model):
    """A CSV import waiting for the user to confirm it: the parsed rows and their errors."""

    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255, validators=[validate_single_line])
    rows = models.JSONField(default=list)  # [{"line": 2, "data": {...}, "errors": [...]}, ...]
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner import")
        verbose_name_plural = _("partner imports")

    def __str__(self) -> str:
        return self.filename
