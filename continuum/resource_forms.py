"""The resource library's forms: filtering the list, and a coordinator's own resource."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import SearchFilterSet, date_input, select
from ecosystem.models import Ecosystem
from ecosystem.validators import validate_single_line

from .forms import TEXT_LIMIT
from .models import InstrumentVersion, Resource, Strand, Topic


def strand_choices(ecosystem: Ecosystem | None) -> list[tuple[str, str]]:
    """Strand codes across the published versions the ecosystem sees, named as in their
    newest version (a site-wide name wins over an adapted one, so the list stays familiar)."""
    names: dict[str, str] = {}
    for code, name in (
        Strand.objects.filter(
            version__in=InstrumentVersion.objects.published().visible_to(ecosystem)
        )
        .order_by(F("version__instrument__ecosystem").asc(nulls_first=True), "-version__number")
        .values_list("code", "name")
    ):
        names.setdefault(code, name)
    return sorted(((code, name) for code, name in names.items()), key=lambda item: item[1])


class ResourceFilter(SearchFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), empty_label=_("All kinds"), choices=Resource.Kind.choices, widget=select()
    )
    strand = django_filters.ChoiceFilter(
        label=_("Strand"),
        empty_label=_("All strands"),
        choices=[],  # filled in per ecosystem
        field_name="strands__code",
        distinct=True,
        widget=select(),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        empty_label=_("All topics"),
        queryset=Topic.objects.all(),
        field_name="topics",
        widget=select(),
    )
    search_hint = _("Title or summary…")

    class Meta:
        model = Resource
        fields = ["q", "kind", "strand", "topic"]

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["strand"].extra["choices"] = strand_choices(ecosystem)


class ResourceForm(VersionedModelForm):
    """A coordinator's own resource. Strands are chosen by code, like the filter, and
    tag every published strand with that code the ecosystem sees."""

    strand_codes = forms.MultipleChoiceField(
        label=_("Helps with these strands"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Its public address, if it has one; otherwise leave it empty."),
        validators=[validate_single_line],
    )

    class Meta:
        model = Resource
        fields = ["title", "kind", "source", "url", "summary", "published_on", "topics"]
        widgets = {
            "published_on": date_input(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        codes: Any = self.fields["strand_codes"]
        codes.choices = strand_choices(ecosystem)
        if self.instance.pk:
            codes.initial = sorted({strand.code for strand in self.instance.strands.all()})

    def clean_summary(self) -> str:
        summary: str = self.cleaned_data["summary"]
        if len(summary) > TEXT_LIMIT:
            raise forms.ValidationError(
                _("Keep it under %(limit)s characters.") % {"limit": TEXT_LIMIT}
            )
        return summary

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]
        self.instance.strands.set(
            Strand.objects.filter(
                code__in=self.cleaned_data.get("strand_codes") or [],
                version__in=InstrumentVersion.objects.published().visible_to(self.ecosystem),
            )
        )
