"""The editor of an ecosystem's draft: its wording as one form per page.

The overview page edits the scale's labels and the strands' names; each strand's page
edits its indicators' statements and, for a rubric, what each level looks like. Codes,
order and the scale's values stay as copied, so rounds on the adapted instrument still
compare with rounds on the site-wide one, strand by strand.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.validators import validate_single_line

from .models import Descriptor, Indicator, Instrument, InstrumentVersion, Level, Strand
from .services import Wording

TEXT_LIMIT = 4000


def _line(label: Any, max_length: int, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validate_single_line],
    )


def _text(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_LIMIT,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class WordingForm(forms.Form):
    """Fields named after the records they change, grouped for fieldsets (``sections``)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, version: InstrumentVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["revision"].initial = version.revision
        self._sections: list[tuple[str, list[str]]] = []

    def add_section(self, legend: str, fields: dict[str, tuple[forms.Field, str]]) -> None:
        for name, (field, initial) in fields.items():
            field.initial = initial
            self.fields[name] = field
        self._sections.append((legend, list(fields)))

    @property
    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self._sections]

    def text(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "").strip()

    def wording(self) -> Wording:
        raise NotImplementedError

    def show_stale(self, revision: int) -> None:
        """Someone saved first: keep what was typed and move the form to their revision,
        so saving again overwrites knowingly."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict from the request
        data["revision"] = str(revision)
        self.data = data
        self.add_error(
            None,
            _(
                "Someone else saved this draft while you were editing. Your changes are kept "
                "below and have not been saved yet. Look at the draft's page in another tab "
                "to compare, then save again to keep yours."
            ),
        )


class ScaleAndStrandsForm(WordingForm):
    """The overview: each level's label and short description, each strand's name."""

    def __init__(
        self, *args: Any, levels: list[Level], strands: list[Strand], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.levels, self.strands = levels, strands
        for level in levels:
            self.add_section(
                _("Level %(value)s of the scale") % {"value": level.value},
                {
                    f"level-{level.pk}-label": (_line(_("Label"), 60), level.label),
                    f"level-{level.pk}-description": (
                        _line(_("Short description"), 300, required=False),
                        level.description,
                    ),
                },
            )
        for strand in strands:
            self.add_section(
                _("Strand %(code)s") % {"code": strand.code},
                {
                    f"strand-{strand.pk}-name": (_line(_("Name"), 120), strand.name),
                    f"strand-{strand.pk}-description": (
                        _text(_("Description")),
                        strand.description,
                    ),
                },
            )

    def wording(self) -> Wording:
        return Wording(
            levels={
                level.pk: (
                    self.text(f"level-{level.pk}-label"),
                    self.text(f"level-{level.pk}-description"),
                )
                for level in self.levels
            },
            strands={
                strand.pk: (
                    self.text(f"strand-{strand.pk}-name"),
                    self.text(f"strand-{strand.pk}-description"),
                )
                for strand in self.strands
            },
            indicators={},
            descriptors={},
        )


class StrandWordingForm(WordingForm):
    """One strand's indicators: statement, guidance and (rubrics) each level's descriptor."""

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        levels: list[Level],
        descriptors: dict[tuple[int, int], Descriptor],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        # Checklists answer with the level labels alone: no descriptors to write.
        self.levels = levels if self.version.instrument.kind == Instrument.Kind.RUBRIC else []
        for indicator in indicators:
            fields: dict[str, tuple[forms.Field, str]] = {
                f"indicator-{indicator.pk}-statement": (
                    _text(_("Statement"), required=True, rows=2),
                    indicator.statement,
                ),
                f"indicator-{indicator.pk}-guidance": (
                    _text(_("Guidance"), rows=2),
                    indicator.guidance,
                ),
            }
            for level in self.levels:
                descriptor = descriptors.get((indicator.pk, level.pk))
                fields[f"descriptor-{indicator.pk}-{level.pk}"] = (
                    _text(_("What “%(level)s” looks like") % {"level": level.label}),
                    descriptor.text if descriptor else "",
                )
            self.add_section(_("Indicator %(code)s") % {"code": indicator.code}, fields)

    def wording(self) -> Wording:
        return Wording(
            levels={},
            strands={},
            indicators={
                indicator.pk: (
                    self.text(f"indicator-{indicator.pk}-statement"),
                    self.text(f"indicator-{indicator.pk}-guidance"),
                )
                for indicator in self.indicators
            },
            descriptors={
                (indicator.pk, level.pk): self.text(f"descriptor-{indicator.pk}-{level.pk}")
                for indicator in self.indicators
                for level in self.levels
            },
        )
