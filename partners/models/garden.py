"""The whole garden's yearly reflection, beside each partnership's own."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet


class GardenReflectionQuerySet(EcosystemScopedQuerySet["GardenReflection"]):
    pass


class GardenReflection(Versioned):
    """Resting the whole garden: once a year the ecosystem looks at all its partnerships
    together (beside each partnership's own reflection) and plans the next season."""

    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.CASCADE,
        related_name="garden_reflections",
        verbose_name=_("ecosystem"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    enough_gardeners = models.TextField(
        _("do we have enough gardeners for our partners?"), blank=True
    )
    missing_sectors = models.TextField(_("which sectors are missing?"), blank=True)
    community_needs = models.TextField(_("what did the community need most?"), blank=True)
    plant_next = models.TextField(_("what do we plant next year?"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GardenReflectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("whole-garden reflection")
        verbose_name_plural = _("whole-garden reflections")
        ordering = ["ecosystem", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["ecosystem", "year"], name="one_garden_reflection_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ecosystem} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:garden_reflection_detail",
            kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk},
        )
