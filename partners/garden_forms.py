"""The whole-garden reflection's form: one a year per ecosystem, edited by several people
(so versioned), long (so it autosaves once saved)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.models import Ecosystem

from .log.forms import reflection_year
from .models import GardenReflection

GARDEN_QUESTIONS = ["enough_gardeners", "missing_sectors", "community_needs", "plant_next"]


class GardenReflectionForm(VersionedModelForm):
    year = reflection_year(_("The year the garden is looked back on."))

    class Meta:
        model = GardenReflection
        fields = ["year", *GARDEN_QUESTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in GARDEN_QUESTIONS}
        labels = {
            "enough_gardeners": _("Do we have enough gardeners for our partners?"),
            "missing_sectors": _("Which sectors are missing?"),
            "community_needs": _("What did the community need most?"),
            "plant_next": _("What do we plant next year?"),
        }
        help_texts = {
            "enough_gardeners": _(
                "Too many plants and too few people to tend them? Say who could take on a "
                "partnership, or which ones to scale back."
            ),
            "missing_sectors": _(
                "Parts of the community the library does not work with yet, and whether that "
                "matters."
            ),
            "community_needs": _("The needs you heard most often, and which crops fed them."),
            "plant_next": _("The partnerships to start, grow or let go in the season ahead."),
        }

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        # Set before validation, so the one-a-year rule is checked next to the year.
        self.instance.ecosystem = ecosystem
        if not self.is_bound and self.instance.pk is None and self.initial.get("year") is None:
            # Last year, unless it is written already: then this one.
            today = timezone.localdate()
            written = set(
                GardenReflection.objects.for_ecosystem(ecosystem).values_list("year", flat=True)
            )
            year = today.year - 1
            while year in written:
                year += 1
            self.initial["year"] = year

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        taken = GardenReflection.objects.for_ecosystem(self.ecosystem).filter(year=year)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "The garden already has its reflection on %(year)s. There is one a year: "
                    "open that one to change it, or choose another year."
                ),
                params={"year": year},
                code="duplicate",
            )
        return year
