"""The Continuum's strands and indicators that progress entries are tagged with.

They come from the latest published version of the Continuum, read once per request
(``continuum_strands()``). Entries keep plain codes, so they survive a new edition of the
rubric; a code the latest edition no longer has is shown as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from continuum.models import Indicator, InstrumentVersion, Strand

CONTINUUM = "ecosystem-continuum"


@dataclass(frozen=True)
class IndicatorRef:
    code: str
    statement: str
    strand_code: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.statement}"


@dataclass(frozen=True)
class StrandRef:
    code: str
    name: str
    description: str = ""
    indicators: tuple[IndicatorRef, ...] = ()


class ContinuumStrands:
    """The strands of the latest published Ecosystem Continuum, with their indicators."""

    def __init__(self, strands: Sequence[StrandRef]) -> None:
        self.strands = list(strands)
        self._strands = {strand.code: strand for strand in self.strands}
        self._indicators = {
            indicator.code: indicator for strand in self.strands for indicator in strand.indicators
        }

    def __iter__(self) -> Any:
        return iter(self.strands)

    def __bool__(self) -> bool:
        return bool(self.strands)

    def strand(self, code: str) -> StrandRef | None:
        return self._strands.get(code)

    def indicator(self, code: str) -> IndicatorRef | None:
        return self._indicators.get(code)

    def strand_name(self, code: str) -> str:
        """The strand's name; a code the latest Continuum no longer has, as it is."""
        strand = self._strands.get(code)
        return strand.name if strand else code

    def strand_choices(self) -> list[tuple[str, str]]:
        return [(strand.code, strand.name) for strand in self.strands]

    def indicator_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The indicators grouped by strand, for a select with an ``<optgroup>`` per strand."""
        return [
            (strand.name, [(indicator.code, indicator.label) for indicator in strand.indicators])
            for strand in self.strands
            if strand.indicators
        ]


def latest_continuum() -> InstrumentVersion | None:
    return (
        InstrumentVersion.objects.published()
        .filter(instrument__slug=CONTINUUM)
        .order_by("-number")
        .first()
    )


def continuum_strands() -> ContinuumStrands:
    """The Continuum's strands for the record, in three queries (none without a Continuum)."""
    version = latest_continuum()
    if version is None:
        return ContinuumStrands([])
    strands = Strand.objects.filter(version=version).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
    )
    return ContinuumStrands(
        [
            StrandRef(
                code=strand.code,
                name=strand.name,
                description=strand.description,
                indicators=tuple(
                    IndicatorRef(indicator.code, indicator.statement, strand.code)
                    for indicator in strand.indicators.all()
                ),
            )
            for strand in strands.order_by("position", "pk")
        ]
    )


def strand_choices() -> list[tuple[str, str]]:
    """The strands a progress entry can be tagged with: the Ecosystem Continuum's only (the
    checklists share the strand codes but are not what the record tracks)."""
    return continuum_strands().strand_choices()
