"""What an ecosystem agreed on, indicator by indicator, after talking a round through."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from continuum.models.instruments import Indicator, Level
from continuum.models.rounds import Round
from ecosystem.concurrency import Versioned


class Consensus(Versioned):
    """The level the ecosystem agreed on for an indicator after talking it through."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="consensus", verbose_name=_("round")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("agreed level")
    )
    rationale = models.TextField(_("why"), help_text=_("What the discussion concluded."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus")
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="one_consensus_each"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.level}"
