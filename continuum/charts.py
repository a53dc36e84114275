"""Charts drawn on the server as SVG, so a page and its PDF show the same picture.

Every chart is an ``<svg role="img">`` with a title and a description, and every page
that shows one also shows the same numbers as a table. Text is escaped; nothing from
the user reaches the SVG unescaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ecosystem.svg import svg_document, svg_text

from .numbers import one_decimal

if TYPE_CHECKING:
    from .comparison import Comparison
    from .results import RoundResults

# Colour and line style both differ, so the series stay apart when printed in grey.
SERIES = [
    ("#1d3557", ""),
    ("#c45a00", "6 4"),
    ("#1f7a6f", "2 3"),
    ("#8a1c3a", "10 3 2 3"),
    ("#5b4b8a", "1 2"),
    ("#3d5a1e", "8 2"),
]


@dataclass(frozen=True)
class Scale:
    values: Sequence[int]
    labels: Sequence[str]

    @property
    def low(self) -> int:
        return min(self.values)

    @property
    def high(self) -> int:
        return max(self.values)

    def fraction(self, value: float) -> float:
        span = self.high - self.low or 1
        return (value - self.low) / span


def _number(value: float | None) -> str:
    return "—" if value is None else one_decimal(value)


def strand_bars(
    rows: Sequence[tuple[str, float | None, float | None]],
    scale: Scale,
    *,
    title: str,
    first_series: str,
    second_series: str,
    missing: str = "",
) -> SafeString:
    """Horizontal bars, two per strand (e.g. from the answers, and as agreed)."""
    label_width, right, top, row_height, bar = 170, 50, 40, 58, 18
    width = 680
    plot = width - label_width - right
    height = top + row_height * len(rows) + 46
    body: list[str] = []
    # Legend.
    for index, name in enumerate((first_series, second_series)):
        colour = SERIES[index][0]
        x: float = label_width + index * 220
        body.append(
            format_html('<rect x="{}" y="10" width="14" height="14" fill="{}"/>', x, colour)
        )
        body.append(svg_text(x + 20, 22, name, size=12))
    # Grid lines, one per level.
    for level_value, label in zip(scale.values, scale.labels, strict=True):
        x = label_width + plot * scale.fraction(level_value)
        body.append(
            format_html(
                '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#bbb" stroke-width="1"/>',
                x=round(x, 1),
                y1=top - 6,
                y2=height - 40,
            )
        )
        body.append(
            svg_text(x, height - 24, f"{level_value}", anchor="middle", size=11, fill="#444")
        )
        body.append(svg_text(x, height - 10, label, anchor="middle", size=10, fill="#444"))
    for index, (label, first, second) in enumerate(rows):
        y = top + index * row_height
        body.append(
            svg_text(
                label_width - 10,
                y + row_height / 2 - 2,
                label,
                anchor="end",
                size=13,
                weight="bold",
            )
        )
        for offset, (value, (colour, _dash)) in enumerate(
            ((first, SERIES[0]), (second, SERIES[1]))
        ):
            bar_y = y + 6 + offset * (bar + 4)
            if value is None:
                body.append(
                    svg_text(
                        label_width + 4, bar_y + 13, missing or _("none"), size=11, fill="#555"
                    )
                )
                continue
            length = max(plot * scale.fraction(value), 3)
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    label_width,
                    round(bar_y, 1),
                    round(length, 1),
                    bar,
                    colour,
                )
            )
            body.append(svg_text(label_width + length + 5, bar_y + 13, _number(value), size=11))
    description = "; ".join(
        f"{label}: {first_series} {_number(first)}, {second_series} {_number(second)}"
        for label, first, second in rows
    )
    return svg_document(width, height, title, description, body)


def trend_lines(
    series: Sequence[tuple[str, Sequence[float | None]]],
    points: Sequence[str],
    scale: Scale,
    *,
    title: str,
) -> SafeString:
    """One line per strand across rounds (oldest left), gaps where a round has no value."""
    left, right, top, bottom = 120, 30, 20, 70
    width, plot_height = 680, 220
    legend_rows = (len(series) + 2) // 3
    height = top + plot_height + bottom + legend_rows * 20
    plot_width = width - left - right
    step = plot_width / max(len(points) - 1, 1)

    def x_of(index: int) -> float:
        return left + (index * step if len(points) > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return top + plot_height * (1 - scale.fraction(value))

    body: list[str] = []
    for level_value, label in zip(scale.values, scale.labels, strict=True):
        y = y_of(level_value)
        body.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#ccc" stroke-width="1"/>',
                left,
                width - right,
                y=round(y, 1),
            )
        )
        body.append(
            svg_text(
                left - 8, y + 4, f"{label} ({level_value})", anchor="end", size=10, fill="#444"
            )
        )
    for index, point in enumerate(points):
        body.append(svg_text(x_of(index), top + plot_height + 18, point, anchor="middle", size=11))
    for number, (name, values) in enumerate(series):
        colour, dash = SERIES[number % len(SERIES)]
        segment: list[str] = []
        for index, value in enumerate(values):
            if value is None:
                segment = []
                continue
            segment.append(f"{x_of(index):.1f},{y_of(value):.1f}")
            body.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4" fill="{}"/>',
                    round(x_of(index), 1),
                    round(y_of(value), 1),
                    colour,
                )
            )
            if len(segment) > 1:
                body.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
                        'stroke-dasharray="{}"/>',
                        " ".join(segment[-2:]),
                        colour,
                        dash or "none",
                    )
                )
        legend_x = left + (number % 3) * 180
        legend_y = top + plot_height + 44 + (number // 3) * 20
        body.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="3" '
                'stroke-dasharray="{}"/>',
                legend_x,
                legend_x + 26,
                colour,
                dash or "none",
                y=legend_y - 4,
            )
        )
        body.append(svg_text(legend_x + 32, legend_y, name, size=11))
    description = "; ".join(
        f"{name}: "
        + ", ".join(f"{point} {_number(v)}" for point, v in zip(points, values, strict=True))
        for name, values in series
    )
    return svg_document(width, height, title, description, body)


def strand_chart(results: RoundResults) -> str:
    levels = results.levels
    scale = Scale([level.value for level in levels], [level.label for level in levels])
    return strand_bars(
        [(s.strand.name, s.score, s.agreed_score) for s in results.strands],
        scale,
        title=_("Scores by strand: %(round)s") % {"round": results.round.title},
        first_series=_("From the answers (median)"),
        second_series=_("As agreed"),
        missing=_("nothing agreed yet"),
    )


def trend_chart(comparison: Comparison) -> str:
    levels = comparison.results[-1].levels
    return trend_lines(
        [(row.label, row.values) for row in comparison.strands],
        [round.period for round in comparison.rounds],
        Scale([level.value for level in levels], [level.label for level in levels]),
        title=_("Strand ratings over time"),
    )
