"""The value fact sheet: what a library gives back to its community, in dollars.

The value categories and their default dollar values are the toolkit's own content
(shared by every ecosystem, edited in the admin); the sheets belong to one ecosystem.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet, Organization
from ecosystem.validators import validate_single_line

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


MAX_QUANTITY = 100_000_000  # a year's use of one service in one library system
MAX_UNIT_VALUE = Decimal("10000.00")
MAX_MONEY = Decimal("10000000000.00")


class ValueCategory(models.Model):
    """A kind of library use and what it is worth, e.g. a book borrowed: $17."""

    name = models.CharField(_("use"), max_length=120, validators=[validate_single_line])
    unit = models.CharField(
        _("counted as"),
        max_length=60,
        help_text=_("For example: items borrowed, visits, hours."),
        validators=[validate_single_line],
    )
    default_value = models.DecimalField(
        _("default value (dollars)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_UNIT_VALUE)],
    )
    explanation = models.CharField(
        _("where the value comes from"),
        max_length=300,
        blank=True,
        validators=[validate_single_line],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered on new sheets"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("value category")
        verbose_name_plural = _("value categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FactSheetQuerySet(EcosystemScopedQuerySet["FactSheet"]):
    pass


class FactSheet(Versioned):
    """What one library (or the ecosystem) gives back to its community, in dollars."""

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="fact_sheets", verbose_name=_("ecosystem")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fact_sheets",
        verbose_name=_("library"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    households = models.PositiveIntegerField(
        _("households served"), null=True, blank=True, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    population = models.PositiveIntegerField(
        _("people served"), null=True, blank=True, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    budget = models.DecimalField(
        _("annual budget (dollars)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MONEY)],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FactSheetQuerySet.as_manager()

    if TYPE_CHECKING:
        lines: RelatedManager[FactSheetLine]

    class Meta:
        verbose_name = _("value fact sheet")
        verbose_name_plural = _("value fact sheets")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class FactSheetLine(models.Model):
    sheet = models.ForeignKey(FactSheet, on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(ValueCategory, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(
        _("how many in the year"), default=0, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    value = models.DecimalField(
        _("value each (dollars)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_UNIT_VALUE)],
        help_text=_("Leave empty to use the default value."),
    )

    class Meta:
        verbose_name = _("fact sheet line")
        verbose_name_plural = _("fact sheet lines")
        ordering = ["category__position", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "category"], name="one_line_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.quantity}"

    @property
    def unit_value(self) -> Decimal:
        return self.value if self.value is not None else self.category.default_value

    @property
    def total(self) -> Decimal:
        return self.unit_value * self.quantity
