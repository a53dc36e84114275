"""What a round's answers add up to: per indicator and per strand (rounds side by side
are in ``comparison``).

The arithmetic lives in small pure functions (``group_medians``, ``summarize``, ``mean``)
that the tests check against hand-worked examples; ``round_results`` only gathers the
rows, in a fixed number of queries whatever the number of respondents.

Only submitted responses count: a draft may be half-finished. "Not sure" answers are
counted, but never in a median or a spread.

Results are per organization by default: an organization's value for an indicator is
the median of its members' answers, and the summary is over organizations, so a library
that sent five people does not outweigh one that sent one. A respondent without an
organization counts as their own. Per person, every respondent counts once.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Ecosystem

from .models import (
    Answer,
    Consensus,
    Descriptor,
    Indicator,
    Level,
    Resource,
    Response,
    Round,
    Strand,
)


class By(models.TextChoices):
    """Whose answers the results add up: each organization's, or each person's."""

    ORGANIZATION = "organization", _("per organization")
    PERSON = "person", _("per person")

    @classmethod
    def from_param(cls, value: str | None) -> By:
        """The ``by`` GET parameter; anything unknown falls back to the default."""
        return cls.PERSON if value == cls.PERSON.value else cls.ORGANIZATION


@dataclass(frozen=True)
class Summary:
    counts: tuple[int, ...]  # how many chose each level, in scale order
    median: float | None  # of the chosen levels' values
    spread: float | None  # scale steps between the lowest and the highest answer (see below)
    not_sure: int = 0  # answered "not sure": in no count above, no median, no spread
    between: int = 0  # per organization: medians that fall between two levels

    @property
    def answered(self) -> int:
        """Those with a value on the scale (not the "not sure" ones)."""
        return sum(self.counts) + self.between


def group_medians(answers: Iterable[tuple[Hashable, float | None]]) -> tuple[list[float], int]:
    """Each group's value: the median of its members' answers, given as (group, value)
    pairs where ``None`` is "not sure". Returns the values of the groups that gave at
    least one level, and how many groups said only "not sure".

    >>> group_medians([("a", 1), ("a", 3), ("b", 4), ("c", None), ("a", None)])
    ([2.0, 4.0], 1)
    """
    groups: dict[Hashable, list[float]] = {}
    for group, value in answers:
        values = groups.setdefault(group, [])
        if value is not None:
            values.append(value)
    medians = [float(statistics.median(values)) for values in groups.values() if values]
    return medians, sum(1 for values in groups.values() if not values)


def _steps(value: float, scale: Sequence[int]) -> float:
    """Where a value sits on the scale, in steps from the lowest level; a value between
    two levels sits between their steps in proportion (2.5 on 1-2-3-4 is 1.5 steps)."""
    for index, level in enumerate(scale):
        if value == level:
            return index
        if value < level:
            below = scale[index - 1]
            return index - 1 + (value - below) / (level - below)
    raise ValueError(value)


def summarize(values: Iterable[float], scale: Sequence[int], not_sure: int = 0) -> Summary:
    """Count, median and spread of answers given as values on ``scale``.

    Per person the values are levels; per organization they are each organization's
    median, which may fall between two levels: it is then counted as ``between``.

    The spread counts the scale's steps between the lowest and the highest answer. In
    groups of ten or more, the lowest and highest tenth are set aside first, so that one
    outlier among a hundred does not make an indicator look contested.

    >>> summarize([1, 3, 3, 4], [1, 2, 3, 4], not_sure=2)
    Summary(counts=(1, 0, 2, 1), median=3.0, spread=3, not_sure=2, between=0)
    """
    position: dict[float, int] = {value: index for index, value in enumerate(scale)}
    chosen = [value for value in values if scale and scale[0] <= value <= scale[-1]]
    counts = [0] * len(scale)
    between = 0
    for value in chosen:
        if value in position:
            counts[position[value]] += 1
        else:
            between += 1
    if not chosen:
        return Summary(tuple(counts), None, None, not_sure, between)
    steps = sorted(_steps(value, scale) for value in chosen)
    outliers = len(steps) // 10
    spread = steps[-1 - outliers] - steps[outliers]
    return Summary(
        tuple(counts),
        float(statistics.median(chosen)),
        int(spread) if float(spread).is_integer() else round(spread, 2),
        not_sure,
        between,
    )


def mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return round(statistics.fmean(present), 2) if present else None


@dataclass
class Evidence:
    level: Level | None
    text: str
    next_step: str
    respondent: str | None  # None where names are not shown (see continuum/rules.py)
    not_sure: bool = False


@dataclass
class GivenAnswer:
    """One respondent's answer, shown in full where an indicator was seen differently."""

    level: Level | None
    evidence: str
    respondent: str  # the name, or "Respondent 3" in anonymous rounds
    next_step: str = ""
    number: int = 0  # that random number in anonymous rounds, to sort by
    not_sure: bool = False


@dataclass
class IndicatorResult:
    indicator: Indicator
    summary: Summary
    seen_differently: bool
    consensus: Consensus | None
    evidence: list[Evidence] = field(default_factory=list)
    answers: list[GivenAnswer] = field(default_factory=list)  # every submitted answer

    @property
    def rating(self) -> float | None:
        """The agreed level where one was recorded, otherwise the median answer."""
        return float(self.consensus.level.value) if self.consensus else self.summary.median

    def evidence_by_level(self) -> list[tuple[Level | None, list[Evidence]]]:
        """The evidence grouped by the level its author chose, lowest level first."""
        groups: dict[Level | None, list[Evidence]] = {}
        for entry in self.evidence:  # already sorted by level
            groups.setdefault(entry.level, []).append(entry)
        return list(groups.items())


@dataclass
class StrandResult:
    strand: Strand
    indicators: list[IndicatorResult]

    @property
    def score(self) -> float | None:
        """From the answers alone: the mean of the indicators' medians."""
        return mean(result.summary.median for result in self.indicators)

    @property
    def agreed_score(self) -> float | None:
        """With consensus: agreed levels, medians where nothing was agreed. None if no
        consensus was recorded in this strand."""
        if not any(result.consensus for result in self.indicators):
            return None
        return mean(result.rating for result in self.indicators)

    @property
    def rating(self) -> float | None:
        return self.agreed_score if self.agreed_score is not None else self.score

    @property
    def agreed_count(self) -> int:
        return sum(1 for result in self.indicators if result.consensus)

    @property
    def seen_differently(self) -> list[IndicatorResult]:
        return [result for result in self.indicators if result.seen_differently]


# Fewer submitted responses than this and a round's results are one or two people's view,
# however many were invited (see Participation.is_low).
FEWEST_SUBMITTED = 3


@dataclass
class Participation:
    invited: int
    started: int
    submitted: int

    @property
    def fewer_than_half(self) -> bool:
        """Most of those invited did not submit: the ones who did are often the most
        engaged, and the silent majority may well see the ecosystem otherwise."""
        return self.submitted * 2 < self.invited

    @property
    def is_low(self) -> bool:
        """Too few answers for the results to stand for the whole ecosystem, so the pages
        that show them say so: fewer than half of those invited submitted, or fewer than
        ``FEWEST_SUBMITTED`` people did at all (with two answers, the median is merely
        their midpoint)."""
        return self.submitted < FEWEST_SUBMITTED or self.fewer_than_half


@dataclass
class NextStep:
    """Where a weak indicator could go: the next level's description, and the steps
    respondents proposed."""

    item: IndicatorResult
    next_level: Level | None
    descriptor: str
    ideas: list[str]


@dataclass
class RoundResults:
    round: Round
    levels: list[Level]
    strands: list[StrandResult]
    participation: Participation
    by: By = By.ORGANIZATION
    resources: list[Resource] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)
    covers_everything: bool = True  # False when the round works on some strands only

    @property
    def indicators(self) -> list[IndicatorResult]:
        return [result for strand in self.strands for result in strand.indicators]

    @property
    def seen_differently(self) -> list[IndicatorResult]:
        return [result for result in self.indicators if result.seen_differently]

    @property
    def weakest(self) -> list[StrandResult]:
        """The strand(s) with the lowest rating: where next steps matter most."""
        rated = [strand for strand in self.strands if strand.rating is not None]
        if not rated:
            return []
        lowest = min(strand.rating for strand in rated)  # type: ignore[type-var]
        return [strand for strand in rated if strand.rating == lowest]

    def next_level(self, result: IndicatorResult) -> Level | None:
        """The level above where the indicator stands (its rating rounded down)."""
        if result.rating is None:
            return None
        above = [level for level in self.levels if level.value > result.rating]
        return above[0] if above else None


def round_results(
    round: Round,
    *,
    with_next_steps: bool = True,
    with_evidence: bool = True,
    by: By = By.ORGANIZATION,
    with_names: bool = False,
) -> RoundResults:
    """Every indicator's summary for the round, strand by strand. Pages that only chart
    the ratings (the dashboard) skip the evidence: reading every answer's text was most
    of their time. ``with_names`` puts the respondent's name next to their evidence; the
    views decide it with ``continuum.rules.may_see_answers``."""
    version = round.version
    levels = list(Level.objects.filter(version=version).order_by("value"))
    scale = [level.value for level in levels]
    level_by_id = {level.pk: level for level in levels}
    # Only the strands the round covers; answers kept from strands taken out are ignored.
    # One query tells both the covered strands and whether any were left out.
    every_strand = list(
        Strand.objects.filter(version=version)
        .annotate(
            covered=Exists(
                Round.strands.through.objects.filter(round=round.pk, strand=OuterRef("pk"))
            )
        )
        .order_by("position", "pk")
    )
    strands = [strand for strand in every_strand if strand.covered]
    indicators = list(Indicator.objects.filter(strand__in=strands).order_by("position", "pk"))
    responses = list(Response.objects.filter(round=round).select_related("organization"))
    submitted = {response.pk: response for response in responses if response.submitted_at}
    consensus = {
        item.indicator_id: item
        for item in Consensus.objects.filter(round=round).select_related("level", "recorded_by")
    }

    # Per indicator: (group, value) pairs, where the value None is "not sure".
    values: dict[int, list[tuple[Hashable, float | None]]] = defaultdict(list)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    given: dict[int, list[GivenAnswer]] = defaultdict(list)
    answers = Answer.objects.filter(response__in=list(submitted), indicator__in=indicators)
    rows: Iterable[tuple[int, int, int | None, bool, str, str]]
    if with_evidence:
        rows = answers.order_by("response__respondent_name", "pk").values_list(
            "response_id", "indicator_id", "level_id", "not_sure", "evidence", "next_step"
        )
    else:
        rows = (
            (response_id, indicator_id, level_id, not_sure, "", "")
            for response_id, indicator_id, level_id, not_sure in answers.values_list(
                "response_id", "indicator_id", "level_id", "not_sure"
            )
        )
    for response_id, indicator_id, level_id, not_sure, text, next_step in rows:
        level = level_by_id.get(level_id) if level_id is not None else None
        if level is not None or not_sure:
            group = _group(submitted[response_id], by)
            values[indicator_id].append((group, level.value if level else None))
        if with_evidence:
            response = submitted[response_id]
            number = (response.alias or 0) if round.anonymous else 0
            label = respondent_label(response, round, with_names=with_names)
            given[indicator_id].append(GivenAnswer(level, text, label, next_step, number, not_sure))
        if text or next_step:
            name = _respondent(submitted[response_id]) if with_names else None
            evidence[indicator_id].append(Evidence(level, text, next_step, name, not_sure))

    by_strand: dict[int, list[IndicatorResult]] = defaultdict(list)
    for indicator in indicators:
        medians, unsure = group_medians(values[indicator.pk])
        summary = summarize(medians, scale, not_sure=unsure)
        by_strand[indicator.strand_id].append(
            IndicatorResult(
                indicator=indicator,
                summary=summary,
                seen_differently=(summary.spread or 0) >= round.disagreement_threshold,
                consensus=consensus.get(indicator.pk),
                evidence=sorted(evidence[indicator.pk], key=_by_level),
                answers=sorted(given[indicator.pk], key=_answer_order),
            )
        )
    results = RoundResults(
        round=round,
        levels=levels,
        strands=[StrandResult(strand, by_strand[strand.pk]) for strand in strands],
        participation=Participation(
            invited=len(responses),
            started=sum(1 for r in responses if r.started_at or r.submitted_at),
            submitted=len(submitted),
        ),
        by=by,
        covers_everything=len(strands) == len(every_strand),
    )
    if with_next_steps and results.weakest:
        results.resources = suggested_resources(results.weakest, round.ecosystem)
        results.next_steps = next_steps(results)
    return results


def next_steps(results: RoundResults) -> list[NextStep]:
    weak = [item for strand in results.weakest for item in strand.indicators]
    descriptors = {
        (d.indicator_id, d.level_id): d.text
        for d in Descriptor.objects.filter(indicator__in=[item.indicator for item in weak])
    }
    steps = []
    for item in weak:
        level = results.next_level(item)
        steps.append(
            NextStep(
                item=item,
                next_level=level,
                descriptor=descriptors.get((item.indicator.pk, level.pk), "") if level else "",
                # The same proposal from several people is listed once.
                ideas=list(dict.fromkeys(e.next_step for e in item.evidence if e.next_step)),
            )
        )
    return steps


def suggested_resources(strands: list[StrandResult], ecosystem: Ecosystem) -> list[Resource]:
    """The shipped resources and the ecosystem's own (never another's) for these codes."""
    strand_codes = {result.strand.code for result in strands}
    indicator_codes = {i.indicator.code for result in strands for i in result.indicators}
    resources = Resource.objects.visible_to(ecosystem).for_codes(strand_codes, indicator_codes)
    return list(resources.prefetch_related("topics")[:6])


def _group(response: Response, by: By) -> Hashable:
    """Whose answer this is for adding up: the organization's, or the person's own (a
    respondent without an organization counts as their own)."""
    if by == By.ORGANIZATION and response.organization_id is not None:
        return ("organization", response.organization_id)
    return ("person", response.pk)


def _respondent(response: Response) -> str:
    if response.organization:
        return f"{response.respondent_name} ({response.organization.name})"
    return response.respondent_name


def respondent_label(response: Response, round: Round, *, with_names: bool) -> str:
    """Who gave an answer: the name (and organization) where the reader may see names,
    otherwise (anonymous rounds) the respondent's random number, which stays the same
    throughout the round."""
    if with_names and not round.anonymous:
        return _respondent(response)
    if response.alias is None:
        return str(_("A respondent"))
    return str(_("Respondent %(number)s") % {"number": response.alias})


def _answer_order(item: GivenAnswer) -> tuple[int, int, str]:
    # Lowest level first; within a level by name, or by the random number when anonymous.
    return (item.level.value if item.level else -1, item.number, item.respondent)


def _by_level(item: Evidence) -> tuple[int, str]:
    # Where names are hidden, the order must not follow them: sort by the text.
    return (item.level.value if item.level else -1, item.respondent or item.text)
