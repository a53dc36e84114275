"""The comparison of rounds (the toolkit's Assessment of Ecosystem Progress): several
closed rounds of an instrument side by side.

Strands and indicators are matched by code, so rounds taken against different versions of
an instrument still compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import Round
from .results import RoundResults, round_results

MAX_COMPARED_ROUNDS = 8


@dataclass
class ComparisonRow:
    code: str
    label: str
    values: list[float | None]  # one per round, oldest first
    strand_code: str = ""
    covered: list[bool] = field(default_factory=list)  # did each round cover it?

    @property
    def cells(self) -> list[tuple[float | None, bool]]:
        return list(zip(self.values, self.covered, strict=True))

    @property
    def matched(self) -> bool:
        """Covered by at least two of the rounds, so there is something to compare."""
        return sum(self.covered) >= 2

    @property
    def change(self) -> float | None:
        """From the first round that rated it to the last. Rounds that did not cover it
        have no value, so they never enter the change."""
        present = [value for value in self.values if value is not None]
        if len(present) < 2:
            return None
        return round(present[-1] - present[0], 2)


@dataclass
class Comparison:
    rounds: list[Round]
    results: list[RoundResults]
    strands: list[ComparisonRow]
    indicators: list[ComparisonRow]
    # Strands and indicators only one of the rounds covered: nothing to compare them with.
    unmatched_strands: list[ComparisonRow] = field(default_factory=list)
    unmatched_indicators: list[ComparisonRow] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        """Some round covered only part of what the others did."""
        return any(not all(row.covered) for row in self.strands + self.unmatched_strands)


def compare(rounds: Sequence[Round]) -> Comparison:
    """Line rounds up oldest first; strands and indicators are matched by code, so rounds
    taken against different versions of an instrument still compare. A round that
    covered only some strands has no value for the others, and a row is compared only
    when at least two rounds covered it."""
    ordered = sorted(rounds, key=lambda r: r.opened_at)
    results = [round_results(r, with_next_steps=False, with_evidence=False) for r in ordered]
    strand_rows: dict[str, ComparisonRow] = {}
    indicator_rows: dict[str, ComparisonRow] = {}
    # The newest wording names each row; older rounds fill in their values by code.
    for position, result in reversed(list(enumerate(results))):
        for strand in result.strands:
            row = strand_rows.setdefault(
                strand.strand.code,
                ComparisonRow(
                    strand.strand.code,
                    strand.strand.name,
                    [None] * len(results),
                    covered=[False] * len(results),
                ),
            )
            row.values[position] = strand.rating
            row.covered[position] = True
            for item in strand.indicators:
                indicator = item.indicator
                irow = indicator_rows.setdefault(
                    indicator.code,
                    ComparisonRow(
                        indicator.code,
                        indicator.statement,
                        [None] * len(results),
                        strand_code=strand.strand.code,
                        covered=[False] * len(results),
                    ),
                )
                irow.values[position] = item.rating
                irow.covered[position] = True
    return Comparison(
        rounds=ordered,
        results=results,
        strands=[row for row in strand_rows.values() if row.matched],
        indicators=[row for row in indicator_rows.values() if row.matched],
        unmatched_strands=[row for row in strand_rows.values() if not row.matched],
        unmatched_indicators=[row for row in indicator_rows.values() if not row.matched],
    )
