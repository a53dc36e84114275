"""The value fact sheet's form: the sheet's own fields and one row per use counted.

Numbers are typed the way people write them ("12,500", "$17.50") and refused, next to the
field, in plain words when they are negative, not numbers, or beyond what the models hold
(their limits: ``MAX_QUANTITY``, ``MAX_UNIT_VALUE``, ``MAX_MONEY``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import SearchFilterSet, select
from ecosystem.models import Ecosystem, Organization

from .models import FactSheet, FactSheetLine, ValueCategory
from .models.factsheets import MAX_MONEY, MAX_QUANTITY, MAX_UNIT_VALUE
from .templatetags.agenda_tags import count, dollars

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_YEAR, MAX_YEAR = 1900, 2200  # the model's validators on FactSheet.year


CENT = Decimal("0.01")


def _plain_number(value: Any) -> Any:
    """Numbers as people type them: "12,500" and "$17.50" lose the separators and sign."""
    if isinstance(value, str):
        return value.replace(",", "").replace("$", "").replace(" ", "").strip()
    return value


def _later(text: StrOrPromise, **params: Callable[[], str]) -> StrOrPromise:
    """``text % params``, worked out when the message is shown (in the reader's language
    and number format), not when the field is defined at import."""
    return lazy(lambda: str(text) % {key: make() for key, make in params.items()}, str)()


YEAR_RANGE = _later(
    _("Enter a year from %(first)s to %(last)s."),
    first=lambda: str(MIN_YEAR),
    last=lambda: str(MAX_YEAR),
)
TOO_LARGE = _("Enter %(limit)s or less: that is the most this field holds. Check for extra zeros.")


class CountField(forms.IntegerField):
    """A whole number from ``minimum`` (zero unless given) up to ``limit``."""

    def __init__(self, *, limit: int = MAX_QUANTITY, minimum: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        if minimum > 0:
            too_small = _later(
                _("Enter %(minimum)s or more, or leave it empty if you do not know."),
                minimum=lambda: count(minimum),
            )
        else:
            too_small = _("Enter zero or more: a count cannot be negative.")
        messages = {
            "invalid": _("Enter a whole number, such as 12500, without letters."),
            "min_value": too_small,
            "max_value": _later(TOO_LARGE, limit=lambda: count(limit)),
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(min_value=minimum, max_value=limit, error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> int | None:
        return super().to_python(_plain_number(value))


class DollarField(forms.DecimalField):
    """An amount in dollars and cents, from ``minimum`` ($0 unless given) up to ``limit``."""

    def __init__(self, *, limit: Decimal, minimum: Decimal = Decimal("0"), **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        if minimum > 0:
            too_small = _("Enter more than $0, or leave it empty if you do not know.")
        else:
            too_small = _("Enter $0 or more: a value cannot be negative.")
        messages = {
            "invalid": _("Enter an amount in dollars, such as 17.50, without letters."),
            "min_value": too_small,
            "max_value": _later(TOO_LARGE, limit=lambda: dollars(limit)),
            "max_decimal_places": _("Enter at most two digits after the point: cents."),
        }
        messages.update(kwargs.pop("error_messages", {}))
        # No max_digits: the limit in dollars says it better than a number of digits.
        super().__init__(
            min_value=minimum,
            max_value=limit,
            max_digits=None,
            decimal_places=2,
            error_messages=messages,
            **kwargs,
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return super().to_python(_plain_number(value))


@dataclass(frozen=True)
class LineRow:
    """One use on the form: its category and the names of its two fields."""

    category: ValueCategory
    quantity: str
    value: str


class FactSheetForm(VersionedModelForm):
    """The sheet, and how much of each use the library counted in the year."""

    year = CountField(
        label=_("Year"),
        minimum=MIN_YEAR,
        limit=MAX_YEAR,
        help_text=_("The year the use was counted in."),
        error_messages={
            "invalid": _("Enter the year in four digits, such as 2025."),
            "min_value": YEAR_RANGE,
            "max_value": YEAR_RANGE,
        },
    )
    households = CountField(
        label=_("Households served"),
        minimum=1,
        required=False,
        help_text=_("To show the value per household. Leave empty if you do not know."),
    )
    population = CountField(
        label=_("People served"),
        minimum=1,
        required=False,
        help_text=_("To show the value per person: the population of the service area."),
    )
    budget = DollarField(
        label=_("Annual budget (dollars)"),
        limit=MAX_MONEY,
        minimum=CENT,
        required=False,
        help_text=_("The operating budget for the year, to show the return on every dollar."),
    )

    class Meta:
        model = FactSheet
        fields = ["title", "organization", "year", "households", "population", "budget", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "title": _("For example: Capital City Public Library, value to the community 2025."),
            "notes": _(
                "For the people who keep the sheet: where the counts come from, who to ask. "
                "Not printed."
            ),
        }

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        library: Any = self.fields["organization"]
        library.queryset = Organization.objects.for_ecosystem(ecosystem).order_by("name")
        library.empty_label = _("None: the sheet speaks for the whole ecosystem")
        library.help_text = _("The library (or other organization) this sheet speaks for.")
        library.error_messages["invalid_choice"] = _(
            "Choose one of this ecosystem's organizations from the list."
        )
        if self.instance.pk is None and self.initial.get("year") is None:
            # A sheet usually reports the last full year.
            self.initial["year"] = timezone.localdate().year - 1
        self.rows = self._add_line_fields()

    # --- one row per use ------------------------------------------------------------------

    def _add_line_fields(self) -> list[LineRow]:
        """A row for every category offered on new sheets, and for every category this
        sheet already counts (even one no longer offered), in the admin's order."""
        saved: dict[int, FactSheetLine] = {}
        if self.instance.pk is not None:
            saved = {line.category_id: line for line in self.instance.lines.all()}
        categories = ValueCategory.objects.filter(Q(active=True) | Q(pk__in=list(saved)))
        rows = []
        for category in categories.order_by("position", "name"):
            line = saved.get(category.pk)
            row = LineRow(category, f"quantity_{category.pk}", f"value_{category.pk}")
            self.fields[row.quantity] = CountField(
                label=gettext("%(use)s: how many in the year") % {"use": category.name},
                required=False,
                initial=line.quantity if line else None,
                help_text=category.unit,
            )
            self.fields[row.value] = DollarField(
                label=gettext("%(use)s: value each, in dollars") % {"use": category.name},
                limit=MAX_UNIT_VALUE,
                required=False,
                initial=line.value if line else None,
                help_text=gettext("Leave empty to use the default, %(value)s.")
                % {"value": dollars(category.default_value)},
            )
            # Reads as a default, not as something typed.
            self.fields[row.value].widget.attrs["placeholder"] = gettext("default %(value)s") % {
                "value": dollars(category.default_value)
            }
            for name in (row.quantity, row.value):
                # The template lays these out itself (crispy styles the sheet's fields).
                self.fields[name].widget.attrs["class"] = "form-control"
            rows.append(row)
        return rows

    def line_fields(self) -> list[tuple[ValueCategory, forms.BoundField, forms.BoundField]]:
        """For the template: each category with its two bound fields."""
        return [(row.category, self[row.quantity], self[row.value]) for row in self.rows]

    def figure_fields(self) -> list[forms.BoundField]:
        """The year and the figures the value is divided by, laid out side by side."""
        return [self[name] for name in ("year", "households", "population", "budget")]

    def full_clean(self) -> None:
        super().full_clean()
        # Bootstrap shows a message only after an input marked invalid; crispy marks the
        # sheet's own fields, the template lays out the lines' fields itself.
        lines = {name for row in self.rows for name in (row.quantity, row.value)}
        for name in lines.intersection(self.errors):
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    # --- saving -------------------------------------------------------------------------

    def save(self, commit: bool = True) -> FactSheet:
        self.instance.ecosystem = self.ecosystem
        sheet: FactSheet = super().save(commit)
        return sheet

    def save_all(self) -> FactSheet | None:
        """Save the sheet and its lines together, or nothing; None if someone else saved
        the sheet since this edit began (the form then shows both versions)."""
        with transaction.atomic():
            sheet = self.save_checked()
            if sheet is not None:
                self._save_lines(sheet)
        return sheet

    def _save_lines(self, sheet: FactSheet) -> None:
        saved = {line.category_id: line for line in FactSheetLine.objects.filter(sheet=sheet)}
        new, changed, emptied = [], [], []
        for row in self.rows:
            quantity = self.cleaned_data.get(row.quantity) or 0
            value = self.cleaned_data.get(row.value)
            line = saved.get(row.category.pk)
            # A line is kept while it counts something or carries the sheet's own value.
            keep = quantity > 0 or value is not None
            if line is None:
                if keep:
                    new.append(
                        FactSheetLine(
                            sheet=sheet, category=row.category, quantity=quantity, value=value
                        )
                    )
            elif not keep:
                emptied.append(line.pk)
            elif (line.quantity, line.value) != (quantity, value):
                line.quantity, line.value = quantity, value
                changed.append(line)
        FactSheetLine.objects.bulk_create(new)
        FactSheetLine.objects.bulk_update(changed, ["quantity", "value"])
        FactSheetLine.objects.filter(pk__in=emptied).delete()

    def _show_conflict(self, latest: Any) -> None:
        super()._show_conflict(latest)
        # The lines are part of the sheet: show where the saved counts differ too.
        saved = {line.category_id: line for line in FactSheetLine.objects.filter(sheet=latest)}
        for row in self.rows:
            line = saved.get(row.category.pk)
            theirs = (line.quantity if line else 0, line.value if line else None)
            yours = (
                self.cleaned_data.get(row.quantity) or 0,
                self.cleaned_data.get(row.value),
            )
            if theirs[0] != yours[0]:
                self.conflicts.append(
                    (str(self.fields[row.quantity].label), count(theirs[0]), count(yours[0]))
                )
            if theirs[1] != yours[1]:
                default = gettext("the default")
                self.conflicts.append(
                    (
                        str(self.fields[row.value].label),
                        dollars(theirs[1]) if theirs[1] is not None else default,
                        dollars(yours[1]) if yours[1] is not None else default,
                    )
                )


class FactSheetFilter(SearchFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), empty_label=_("All years"), choices=[], widget=select()
    )
    search_hint = _("Title or library…")

    class Meta:
        model = FactSheet
        fields = ["q", "year"]

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def search(self, queryset: QuerySet[FactSheet], name: str, value: str) -> Any:
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(organization__name__icontains=word)
            )
        return queryset
