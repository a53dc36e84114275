"""Forms of a partner's log: interactions, harvests, health checks and yearly reflections;
the filters of the harvest list and of the "needs attention" list.

Counts and dollars are typed the way people write them ("1,200", "$350") and refused next
to the field, in plain words, when negative or beyond what the model holds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agendas.factsheet_forms import CountField, DollarField
from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import SearchFilterSet, date_input, select
from ecosystem.models import Ecosystem, User

from ..forms import LeadChoiceField, members_of
from ..models import (
    HEALTH_ELEMENTS,
    MAX_COUNT,
    MAX_DOLLARS,
    Harvest,
    HealthCheck,
    Interaction,
    Partner,
    Rating,
    Reflection,
    Sector,
)
from .attention import QUIET_DAYS
from .health import HEALTH_EXPLANATIONS, HEALTH_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_YEAR, MAX_YEAR = 1990, 2200  # Reflection.year's validators


def reflection_year(help_text: StrOrPromise) -> CountField:
    """The year a reflection looks back on, for the per-partner and whole-garden forms."""
    # The messages stay lazy (translated when shown), so the range is spelled out.
    out_of_range = _("Enter a year from 1990 to 2200.")
    return CountField(
        label=_("Year"),
        minimum=MIN_YEAR,
        limit=MAX_YEAR,
        help_text=help_text,
        error_messages={
            "invalid": _("Enter the year in four digits, such as 2025."),
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class PartnerChildForm(VersionedModelForm):
    """A form for a record that belongs to one partner (set before validation, so the
    model's own checks see it). ``author_field`` names the field that records who wrote
    a new record."""

    author_field = "recorded_by"

    def __init__(self, *args: Any, partner: Partner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.instance.partner = partner


class InteractionForm(PartnerChildForm):
    class Meta:
        model = Interaction
        fields = [
            "date",
            "kind",
            "summary",
            "participants",
            "outcome",
            "next_step",
            "next_step_due",
            "next_step_done",
        ]
        widgets = {
            "date": date_input(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "next_step_due": date_input(),
        }
        help_texts = {
            "date": _("A date still to come plans the contact; it counts once it has happened."),
            "participants": _("Names and organizations, on both sides."),
            "outcome": _("What was decided or came of it."),
            "next_step": _("What happens next, and who does it."),
            "next_step_due": _("Past this date, an open next step is flagged as overdue."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("next_step"):
            if cleaned.get("next_step_due"):
                self.add_error(
                    "next_step_due", _("Say what the next step is, or clear its due date.")
                )
            if cleaned.get("next_step_done"):
                self.add_error(
                    "next_step_done", _("There is no next step to mark done: describe it first.")
                )
        return cleaned


class HarvestForm(PartnerChildForm):
    people_reached = CountField(
        label=_("People reached"),
        limit=MAX_COUNT,
        required=False,
        help_text=_("Leave empty if nobody counted."),
    )
    sessions_held = CountField(label=_("Sessions held"), limit=MAX_COUNT, required=False)
    dollars_raised = DollarField(
        label=_("Dollars raised"),
        limit=Decimal(MAX_DOLLARS),
        required=False,
        help_text=_("Money, or the value of goods and services given."),
    )

    class Meta:
        model = Harvest
        fields = [
            "date",
            "title",
            "people_reached",
            "sessions_held",
            "dollars_raised",
            "story",
            "share_in_reports",
        ]
        widgets = {"date": date_input(), "story": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "title": _("For example: Summer reading at the community center."),
            "story": _(
                "What happened, told so that a board member or a legislator remembers it: "
                "who took part and what changed for them."
            ),
        }

    def number_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("people_reached", "sessions_held", "dollars_raised")]


class RatingField(forms.TypedChoiceField):
    """One element of a health check: a scale from "Not yet" to "Fully", as radio buttons."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Rating.choices,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose how true this is, from “Not yet” to “Fully”."),
                "invalid_choice": _("Choose one of the four answers."),
            },
            **kwargs,
        )


class HealthCheckForm(PartnerChildForm):
    author_field = "checked_by"

    interests = RatingField()
    adaptability = RatingField()
    communication = RatingField()
    ownership = RatingField()

    class Meta:
        model = HealthCheck
        fields = ["date", *HEALTH_FIELDS, "notes"]
        widgets = {"date": date_input(), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "notes": _(
                "What lies behind the ratings, and what you mean to do about the weak ones."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in HEALTH_ELEMENTS:
            self.fields[name].label = label
            self.fields[name].help_text = HEALTH_EXPLANATIONS[name]

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HEALTH_FIELDS]

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("A health check looks back: its date cannot be later than today.")
            )
        return day


DECISION_EXPLANATIONS = {
    Reflection.Decision.KEEP: _("It works: carry on as you are."),
    Reflection.Decision.GROW: _("More partners, more gardeners or a bigger plot."),
    Reflection.Decision.SCALE_BACK: _("Too many plants for the gardeners there are: do less."),
    Reflection.Decision.LET_GO: _(
        "It has run its course: end it, thank the partner, keep the lessons."
    ),
}


class ReflectionForm(PartnerChildForm):
    author_field = "written_by"

    year = reflection_year(_("The year you look back on."))

    class Meta:
        model = Reflection
        fields = ["year", "what_worked", "what_did_not", "what_to_change", "decision"]
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_did_not": forms.Textarea(attrs={"rows": 3}),
            "what_to_change": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.RadioSelect,
        }
        help_texts = {
            "decision": _("What to do with this partnership in the season ahead."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None and self.initial.get("year") is None:
            # This year, unless it is written already: then, most likely, the one before.
            year = timezone.localdate().year
            while self.partner.reflections.filter(year=year).exists():
                year -= 1
            self.initial["year"] = year
        decision = cast(forms.ChoiceField, self.fields["decision"])
        decision.choices = [
            (value, f"{label} — {DECISION_EXPLANATIONS[Reflection.Decision(value)]}")
            for value, label in Reflection.Decision.choices
        ]
        decision.error_messages["required"] = _("Choose what to do with the partnership.")

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        taken = self.partner.reflections.filter(year=year)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "This partnership already has a reflection for %(year)s. There is one a "
                    "year: edit that one instead, or choose another year."
                ),
                params={"year": year},
                code="duplicate",
            )
        return year


# --- Lists -----------------------------------------------------------------------------------


class HarvestFilter(SearchFilterSet):
    shared = django_filters.BooleanFilter(
        label=_("Shared in reports"),
        field_name="share_in_reports",
        widget=forms.Select(
            attrs={"class": "form-select"},
            choices=[
                ("", _("Shared or not")),
                ("true", _("Shared only")),
                ("false", _("Not shared")),
            ],
        ),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="date__year",
        empty_label=_("All years"),
        choices=[],
        widget=select(),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        field_name="partner__sector",
        empty_label=_("All sectors"),
        choices=Sector.choices,
        widget=select(),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        empty_label=_("All partners"),
        widget=select(),
    )
    search_hint = _("What was achieved, the story, the partner…")

    class Meta:
        model = Harvest
        fields = ["q", "shared", "year", "sector", "partner"]

    def __init__(self, *args: Any, ecosystem: Ecosystem, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]
        partner = cast(forms.ModelChoiceField[Partner], self.filters["partner"].field)
        partner.queryset = Partner.objects.for_ecosystem(ecosystem).order_by("name")

    def search(self, queryset: QuerySet[Harvest], name: str, value: str) -> Any:
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(story__icontains=word)
                | Q(partner__name__icontains=word)
            )
        return queryset

    def is_filtered(self) -> bool:
        return any(self.form[name].value() for name in self.Meta.fields)


class AttentionForm(forms.Form):
    """How long a silence is too long, and whose partners to show."""

    days = CountField(
        label=_("Flag after this many days without contact"),
        minimum=1,
        limit=3650,
        required=False,
    )
    lead = LeadChoiceField(
        label=_("Library lead"), queryset=User.objects.none(), required=False, widget=select()
    )

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = cast(forms.ModelChoiceField[User], self.fields["lead"])
        lead.queryset = members_of(ecosystem)
        lead.empty_label = _("Everyone")

    def settings(self) -> tuple[int, User | None]:
        """The days and the lead to use: the defaults for anything left empty or invalid
        (the form then shows why next to the field)."""
        self.is_valid()
        return self.cleaned_data.get("days") or QUIET_DAYS, self.cleaned_data.get("lead")
