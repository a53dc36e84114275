"""Operations on instruments and rounds that touch several records; each is one transaction."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.models import Ecosystem, Membership, Role, User

from . import documents
from .models import (
    Answer,
    Indicator,
    Instrument,
    InstrumentVersion,
    Level,
    Resource,
    Response,
    Round,
    Strand,
)


class ContinuumError(Exception):
    """An operation refused for a reason the user should read."""


# --- Instrument versions ---------------------------------------------------------------------


def completeness_problems(version: InstrumentVersion) -> list[str]:
    """What stops a draft from being published, in words; empty when it is ready."""
    problems = []
    levels = list(version.levels.all())
    if len(levels) < 2:
        problems.append(_("The scale needs at least two levels."))
    strands = list(version.strands.prefetch_related("indicators__descriptors"))
    if not strands:
        problems.append(_("There are no strands."))
    for strand in strands:
        indicators = list(strand.indicators.all())
        if not indicators:
            problems.append(_("Strand %(code)s has no indicators.") % {"code": strand.code})
        if version.instrument.kind != Instrument.Kind.RUBRIC:
            continue  # checklists rely on the level labels alone
        for indicator in indicators:
            described = {d.level_id for d in indicator.descriptors.all() if d.text.strip()}
            missing = [level.label for level in levels if level.pk not in described]
            if missing:
                problems.append(
                    _("Indicator %(code)s has no descriptor for: %(levels)s.")
                    % {"code": indicator.code, "levels": ", ".join(missing)}
                )
    return problems


@transaction.atomic
def publish(version: InstrumentVersion) -> None:
    if version.is_published:
        raise ContinuumError(_("%(version)s is already published.") % {"version": version})
    problems = completeness_problems(version)
    if problems:
        raise ContinuumError(" ".join(problems))
    version.status = InstrumentVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])


@transaction.atomic
def duplicate_as_draft(version: InstrumentVersion) -> InstrumentVersion:
    """A new draft with the same wording, numbered after the newest version.

    It goes through the same document format as export and import, so a duplicate is
    exactly what an export followed by an import would give. Resources linked to the
    old strands and indicators are linked to the new ones too.
    """
    document = documents.version_document(version)
    latest = version.instrument.versions.aggregate(Max("number"))["number__max"] or 0
    document["version"] = {"number": latest + 1, "notes": ""}
    draft: InstrumentVersion = documents.import_document(document)
    new_strands = {s.code: s for s in draft.strands.all()}
    new_indicators = {i.code: i for i in draft.indicators.all()}
    for resource in Resource.objects.filter(strands__version=version).distinct():
        resource.strands.add(
            *[new_strands[s.code] for s in resource.strands.filter(version=version)]
        )
    for resource in Resource.objects.filter(indicators__version=version).distinct():
        resource.indicators.add(
            *[new_indicators[i.code] for i in resource.indicators.filter(version=version)]
        )
    return draft


# --- Rounds ----------------------------------------------------------------------------------


def eligible_respondents(ecosystem: Ecosystem) -> list[Membership]:
    """Members who may answer: contributors and up (viewers only read)."""
    return list(
        Membership.objects.for_ecosystem(ecosystem)
        .filter(role__gte=Role.CONTRIBUTOR)
        .select_related("user", "organization")
        .order_by("user__full_name")
    )


@transaction.atomic
def open_round(
    ecosystem: Ecosystem,
    *,
    version: InstrumentVersion,
    title: str,
    period: str,
    due_date: date | None,
    anonymous: bool,
    disagreement_threshold: int,
    invitees: Iterable[Membership],
    opened_by: User,
    strands: Iterable[Strand] | None = None,
) -> Round:
    """Open a round on ``strands`` of the version (every strand when None)."""
    if not version.is_published:
        raise ContinuumError(_("Rounds can only use a published version."))
    round = Round.objects.create(
        ecosystem=ecosystem,
        version=version,
        title=title,
        period=period,
        due_date=due_date,
        anonymous=anonymous,
        disagreement_threshold=disagreement_threshold,
        opened_by=opened_by,
    )
    if strands is not None:
        chosen = list(strands)
        check_strands(version, chosen)
        round.strands.set(chosen)
    invite(round, invitees)
    return round


def check_strands(version: InstrumentVersion, strands: list[Strand]) -> None:
    if not strands:
        raise ContinuumError(_("Choose at least one strand."))
    if any(strand.version_id != version.pk for strand in strands):
        raise ContinuumError(_("Choose strands of the round's own instrument version."))


def strands_locked(round: Round) -> bool:
    """Once someone submitted, their answers were checked complete against the round's
    strands, so the strands no longer change."""
    return Response.objects.filter(round=round).submitted().exists()


@transaction.atomic
def set_strands(round: Round, strands: Iterable[Strand]) -> None:
    """Change the part of the rubric a round covers, while nobody has submitted.

    Answers already drafted for a strand that is taken out are kept, not deleted: they
    are left out of the pages and results, and count again if the strand comes back.
    """
    # The same row lock as submit(), so a submission cannot slip in between the check
    # and the change.
    locked = Round.objects.select_for_update().get(pk=round.pk)
    chosen = list(strands)
    check_strands(locked.version, chosen)
    if {s.pk for s in chosen} == set(locked.strands.values_list("pk", flat=True)):
        return
    if strands_locked(locked):
        raise ContinuumError(
            _("Someone has already submitted answers, so the strands can no longer change.")
        )
    round.strands.set(chosen)


def invite(round: Round, invitees: Iterable[Membership]) -> int:
    """Add responses for members not yet invited; returns how many were added."""
    already = set(round.responses.values_list("user_id", flat=True))
    new: list[Response] = [
        Response(
            round=round,
            user=member.user,
            respondent_name=member.user.get_full_name(),
            organization=member.organization,
        )
        for member in invitees
        if member.ecosystem_id == round.ecosystem_id and member.user_id not in already
    ]
    # Numbers after those already given, shuffled so they do not follow the names.
    start = max(
        (alias or 0 for alias in round.responses.values_list("alias", flat=True)), default=0
    )
    numbers = list(range(start + 1, start + 1 + len(new)))
    random.SystemRandom().shuffle(numbers)
    for response, number in zip(new, numbers, strict=True):
        response.alias = number
    Response.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def close_round(round: Round) -> None:
    round.status = Round.Status.CLOSED
    round.closed_at = timezone.now()
    round.save(update_fields=["status", "closed_at"])


@transaction.atomic
def reopen_round(round: Round) -> None:
    round.status = Round.Status.OPEN
    round.closed_at = None
    round.save(update_fields=["status", "closed_at"])


# --- Answering -------------------------------------------------------------------------------


@dataclass
class AnswerInput:
    level: Level | None
    evidence: str
    next_step: str


@transaction.atomic
def save_answers(response: Response, answers: dict[Indicator, AnswerInput]) -> None:
    """Store a page of answers (a draft is fine: levels may be missing)."""
    locked = Round.objects.select_for_update().get(pk=response.round_id)
    if not locked.is_open:
        raise ContinuumError(_("This round is closed; its answers can no longer change."))
    existing = {a.indicator_id: a for a in response.answers.filter(indicator__in=answers)}
    for indicator, given in answers.items():
        answer = existing.get(indicator.pk) or Answer(response=response, indicator=indicator)
        answer.level = given.level
        answer.evidence = given.evidence.strip()
        answer.next_step = given.next_step.strip()
        answer.save()
    if response.started_at is None:
        response.started_at = timezone.now()
    response.save(update_fields=["started_at", "updated_at"])


def unanswered(response: Response) -> list[Indicator]:
    """Indicators still without a level, each with ``step``: the page it is on."""
    answered = set(
        response.answers.filter(level__isnull=False).values_list("indicator_id", flat=True)
    )
    strands = strands_of(response.round)
    steps = {strand.pk: number for number, strand in enumerate(strands, 1)}
    missing = []
    for indicator in (
        Indicator.objects.filter(strand__in=strands)
        .select_related("strand")
        .order_by("strand__position", "strand__pk", "position", "pk")
    ):
        if indicator.pk not in answered:
            indicator.step = steps[indicator.strand_id]  # type: ignore[attr-defined]
            missing.append(indicator)
    return missing


class IncompleteResponseError(ContinuumError):
    def __init__(self, missing: list[Indicator]) -> None:
        super().__init__(_("Some indicators have no level yet."))
        self.missing = missing


@transaction.atomic
def submit(response: Response) -> None:
    if not Round.objects.select_for_update().get(pk=response.round_id).is_open:
        raise ContinuumError(_("This round is closed; its answers can no longer change."))
    missing = unanswered(response)
    if missing:
        raise IncompleteResponseError(missing)
    response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at", "updated_at"])


def strands_of(round: Round) -> list[Strand]:
    """The strands a round's respondents answer, one page each."""
    return round.covered_strands()
