"""Recording Progress Towards a Library Ecosystem: the ecosystem's own record of its steps,
tagged by the Continuum's strands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet, Organization
from ecosystem.validators import validate_single_line

from ..models.records import Partner


class ProgressEntryQuerySet(EcosystemScopedQuerySet["ProgressEntry"]):
    pass


class ProgressEntry(Versioned):
    """A step the ecosystem took, tagged with the Continuum strand it strengthens."""

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="progress_entries"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    strand_code = models.CharField(
        _("strand"),
        max_length=20,
        help_text=_("The Continuum strand this work strengthens."),
        validators=[validate_single_line],
    )
    indicator_code = models.CharField(
        _("indicator"), max_length=20, blank=True, validators=[validate_single_line]
    )
    activity = models.TextField(_("activity"))
    outcome = models.TextField(_("outcome"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="progress_entries", verbose_name=_("organizations")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="progress_entries", verbose_name=_("partners")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["ecosystem", "-date"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.activity[:60]}"
