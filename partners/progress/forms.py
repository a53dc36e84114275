"""The progress record's entry form and the timeline's filters."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import SearchFilterSet, date_input, select
from ecosystem.models import Ecosystem, Organization, User

from ..models import Partner
from .models import ProgressEntry
from .strands import ContinuumStrands


class NamedChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Checkboxes labelled with each record's name."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ProgressEntryForm(VersionedModelForm):
    strand_code = forms.ChoiceField(
        label=_("Strand"),
        help_text=_("The strand of the Ecosystem Continuum this step strengthens."),
        error_messages={"invalid_choice": _("Choose one of the Continuum's strands.")},
    )
    indicator_code = forms.ChoiceField(
        label=_("Indicator (optional)"),
        required=False,
        help_text=_(
            "If the step moves one indicator in particular, choose it. It must belong to the "
            "strand chosen above."
        ),
        error_messages={"invalid_choice": _("Choose one of the Continuum's indicators, or none.")},
    )
    organizations = NamedChoiceField(
        label=_("Participating organizations involved"),
        queryset=Organization.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Choose among this ecosystem's own organizations."),
            "invalid_pk_value": _("Choose among this ecosystem's own organizations."),
        },
    )
    partners = NamedChoiceField(
        label=_("Community partners involved"),
        queryset=Partner.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Choose among this ecosystem's own partners."),
            "invalid_pk_value": _("Choose among this ecosystem's own partners."),
        },
    )

    class Meta:
        model = ProgressEntry
        fields = [
            "date",
            "strand_code",
            "indicator_code",
            "activity",
            "outcome",
            "evidence",
            "next_step",
            "organizations",
            "partners",
        ]
        widgets = {
            "date": date_input(),
            "activity": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "date": _("When it happened, or when it was finished."),
            "activity": _("What the ecosystem did: a meeting, a campaign, a decision, an event."),
            "outcome": _("What came of it, in numbers where you have them."),
            "evidence": _("Where someone can check it: minutes, a signed letter, a web page."),
            "next_step": _("What comes next, and who takes it on."),
        }

    def __init__(
        self,
        *args: Any,
        ecosystem: Ecosystem,
        strands: ContinuumStrands,
        user: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        self.strands = strands
        self.user = user
        strand_choices: list[Any] = strands.strand_choices()
        indicator_choices: list[Any] = strands.indicator_choices()
        # An entry tagged with a code a newer Continuum dropped keeps it until changed.
        saved_strand, saved_indicator = self.instance.strand_code, self.instance.indicator_code
        if saved_strand and strands.strand(saved_strand) is None:
            strand_choices.append((saved_strand, saved_strand))
        if saved_indicator and strands.indicator(saved_indicator) is None:
            indicator_choices.append((saved_indicator, saved_indicator))
        cast(forms.ChoiceField, self.fields["strand_code"]).choices = [
            ("", gettext("Choose a strand")),
            *strand_choices,
        ]
        cast(forms.ChoiceField, self.fields["indicator_code"]).choices = [
            ("", gettext("None in particular")),
            *indicator_choices,
        ]
        organizations = cast(NamedChoiceField, self.fields["organizations"])
        organizations.queryset = Organization.objects.for_ecosystem(ecosystem).order_by("name")
        partners = cast(NamedChoiceField, self.fields["partners"])
        partners.queryset = Partner.objects.for_ecosystem(ecosystem).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        strand_code = cleaned.get("strand_code")
        indicator_code = cleaned.get("indicator_code")
        if strand_code and indicator_code:
            indicator = self.strands.indicator(indicator_code)
            if indicator is not None and indicator.strand_code != strand_code:
                self.add_error(
                    "indicator_code",
                    forms.ValidationError(
                        _(
                            "%(indicator)s belongs to %(its_strand)s, not to %(strand)s. Choose "
                            "an indicator of %(strand)s, choose none, or change the strand."
                        ),
                        params={
                            "indicator": indicator_code,
                            "its_strand": self.strands.strand_name(indicator.strand_code),
                            "strand": self.strands.strand_name(strand_code),
                        },
                        code="other_strand",
                    ),
                )
        return cleaned

    def save(self, commit: bool = True) -> ProgressEntry:
        self.instance.ecosystem = self.ecosystem
        if self.instance.pk is None and self.user is not None:
            self.instance.recorded_by = self.user
        return cast(ProgressEntry, super().save(commit))

    def _show_conflict(self, latest: Any) -> None:
        super()._show_conflict(latest)
        # Say the strand and indicator by name, and the organizations and partners as lists
        # of names, rather than codes and database objects.
        self.conflicts = []
        for name in self.Meta.fields:
            theirs, yours = self._conflict_values(name, latest)
            if theirs != yours:
                self.conflicts.append((str(self.fields[name].label), theirs, yours))

    def _conflict_values(self, name: str, latest: ProgressEntry) -> tuple[str, str]:
        value = self.cleaned_data.get(name)
        if name in ("organizations", "partners"):
            saved = getattr(latest, name).order_by("name")
            return (
                ", ".join(item.name for item in saved),
                ", ".join(item.name for item in sorted(value or [], key=lambda i: i.name)),
            )
        if name == "strand_code":
            return self.strands.strand_name(latest.strand_code), self.strands.strand_name(
                value or ""
            )
        if name == "indicator_code":
            return self._indicator_words(latest.indicator_code), self._indicator_words(value or "")
        saved_value = getattr(latest, name)
        return ("" if saved_value is None else str(saved_value)), (
            "" if value is None else str(value)
        )

    def _indicator_words(self, code: str) -> str:
        indicator = self.strands.indicator(code)
        return indicator.label if indicator else code


class ProgressFilter(SearchFilterSet):
    strand = django_filters.ChoiceFilter(
        label=_("Strand"),
        empty_label=_("All strands"),
        choices=[],
        field_name="strand_code",
        widget=select(),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        empty_label=_("All years"),
        choices=[],
        method="in_year",
        widget=select(),
    )
    search_hint = _("Activity, outcome, organization, partner…")

    class Meta:
        model = ProgressEntry
        fields = ["q", "strand", "year"]

    def __init__(self, *args: Any, strands: ContinuumStrands, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.strands = strands
        self.filters["strand"].extra["choices"] = strands.strand_choices()
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def search(self, queryset: QuerySet[ProgressEntry], name: str, value: str) -> Any:
        for word in value.split():
            queryset = queryset.filter(
                Q(activity__icontains=word)
                | Q(outcome__icontains=word)
                | Q(evidence__icontains=word)
                | Q(next_step__icontains=word)
                | Q(organizations__name__icontains=word)
                | Q(partners__name__icontains=word)
            )
        # The joins through organizations and partners repeat an entry once per match.
        return queryset.distinct() if value.split() else queryset

    def in_year(self, queryset: QuerySet[ProgressEntry], name: str, value: str) -> Any:
        return queryset.filter(date__year=int(value))

    def is_filtered(self) -> bool:
        return any(self.form.data.get(name) for name in self.Meta.fields)

    def describe(self) -> list[str]:
        """The filters in words, for printed copies."""
        if not self.is_valid():
            return []
        data = self.form.cleaned_data
        words = []
        if data.get("strand"):
            words.append(self.strands.strand_name(data["strand"]))
        if data.get("year"):
            words.append(str(data["year"]))
        if data.get("q"):
            words.append(gettext("matching “%(text)s”") % {"text": data["q"]})
        return words

    def strand_counts(self) -> dict[str, int]:
        """How many entries each strand has under the other filters (search and year), so
        the counts still show the whole picture while one strand is chosen."""
        queryset = self.queryset
        # Like the list itself, leave out a filter whose value is not offered.
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        for name in ("q", "year"):
            queryset = self.filters[name].filter(queryset, cleaned.get(name))
        rows = queryset.order_by().values_list("strand_code").annotate(n=Count("pk", distinct=True))
        return {code: count for code, count in rows}
