"""Operations on instruments and rounds that touch several records; each is one transaction."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.concurrency import StaleEditError
from ecosystem.models import Ecosystem, Membership, Role, User
from ecosystem.models.memberships import MembershipQuerySet

from . import notices
from .models import (
    Answer,
    Descriptor,
    Indicator,
    Instrument,
    InstrumentVersion,
    Level,
    Resource,
    Response,
    Round,
    Strand,
)
from .rubric_files import loading, writing


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
    document = writing.version_document(version)
    latest = version.instrument.versions.aggregate(Max("number"))["number__max"] or 0
    document["version"] = {"number": latest + 1, "notes": ""}
    draft: InstrumentVersion = loading.import_document(document)
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


def rounds_keeping_old_wording(version: InstrumentVersion) -> QuerySet[Round]:
    """Open rounds on an earlier version of the same instrument: publishing ``version``
    does not move them, they keep the wording they were opened with."""
    return (
        Round.objects.open()
        .filter(version__instrument=version.instrument_id, version__number__lt=version.number)
        .select_related("ecosystem", "version")
        .order_by("ecosystem__name", "title")
    )


# --- Adapting an instrument for one ecosystem ---------------------------------------------


def _adapted_slug(instrument: Instrument, ecosystem: Ecosystem) -> str:
    base = f"{instrument.slug}-{ecosystem.slug}"[:55]
    slug, number = base, 2
    while Instrument.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def adapt(version: InstrumentVersion, ecosystem: Ecosystem) -> InstrumentVersion:
    """A draft of ``ecosystem``'s own copy of a published site-wide version, numbered 1.

    The copy is a new instrument, so the site-wide one (and other ecosystems) never see
    the changes; the codes stay the same, so the adapted rounds still compare by strand.
    """
    if not version.is_published or not version.instrument.is_site_wide:
        raise ContinuumError(_("Only a published site-wide version can be adapted."))
    source = version.instrument
    own = Instrument.objects.create(
        slug=_adapted_slug(source, ecosystem),
        name=_("%(name)s (%(ecosystem)s)") % {"name": source.name, "ecosystem": ecosystem.name},
        kind=source.kind,
        description=source.description,
        position=source.position,
        ecosystem=ecosystem,
        adapted_from=version,
        based_on=source.based_on,
    )
    document = writing.version_document(version)
    document["instrument"] = {
        **document["instrument"],
        "slug": own.slug,
        "name": own.name,
    }
    document["version"] = {
        "number": 1,
        "notes": _("Adapted from %(version)s.") % {"version": version},
    }
    draft: InstrumentVersion = loading.import_document(document)
    return draft


@transaction.atomic
def start_draft(instrument: Instrument) -> InstrumentVersion:
    """The instrument's draft to edit: the existing one, or a copy of its newest
    published version."""
    existing = (
        InstrumentVersion.objects.drafts().filter(instrument=instrument).order_by("-number").first()
    )
    if existing is not None:
        return existing
    latest = instrument.latest_published()
    if latest is None:
        raise ContinuumError(_("There is no published version to start from."))
    return duplicate_as_draft(latest)


@dataclass
class Wording:
    """What the editor may change in a draft: texts by record id."""

    levels: dict[int, tuple[str, str]]  # label, description
    strands: dict[int, tuple[str, str]]  # name, description
    indicators: dict[int, tuple[str, str]]  # statement, guidance
    descriptors: dict[tuple[int, int], str]  # (indicator, level): text


@transaction.atomic
def save_wording(version: InstrumentVersion, expected_revision: int, wording: Wording) -> None:
    """Store a draft's new wording if nobody saved it since ``expected_revision``.

    The check locks the version's row, so two editors of the same draft never silently
    overwrite each other (see ecosystem/concurrency.py for the same idea on one record).
    """
    latest = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    latest.check_editable()
    if latest.revision != expected_revision:
        raise StaleEditError(latest)
    for level in version.levels.filter(pk__in=wording.levels):
        level.label, level.description = wording.levels[level.pk]
        level.save(update_fields=["label", "description"])
    for strand in version.strands.filter(pk__in=wording.strands):
        strand.name, strand.description = wording.strands[strand.pk]
        strand.save(update_fields=["name", "description"])
    indicators = {
        indicator.pk: indicator
        for indicator in version.indicators.select_related("strand__version").filter(
            pk__in={*wording.indicators, *(i for i, _level in wording.descriptors)}
        )
    }
    for pk, (statement, guidance) in wording.indicators.items():
        indicator = indicators[pk]
        indicator.statement, indicator.guidance = statement, guidance
        indicator.save(update_fields=["statement", "guidance"])
    existing = {
        (d.indicator_id, d.level_id): d
        for d in Descriptor.objects.filter(indicator__in=indicators.values())
    }
    levels = {level.pk: level for level in version.levels.all()}
    for (indicator_pk, level_pk), text in wording.descriptors.items():
        descriptor = existing.get((indicator_pk, level_pk))
        if descriptor is None:
            if text:
                Descriptor(
                    indicator=indicators[indicator_pk], level=levels[level_pk], text=text
                ).save()
        elif descriptor.text != text:
            descriptor.text = text
            descriptor.save(update_fields=["text"])
    InstrumentVersion.objects.filter(pk=version.pk).update(revision=latest.revision + 1)


# --- Rounds ----------------------------------------------------------------------------------


REMINDER_DAYS = 3  # the e-mail reminder before the due date, unless the round says otherwise


def eligible_respondents(ecosystem: Ecosystem) -> list[Membership]:
    """Members who may answer: contributors and up (viewers only read)."""
    return list(
        Membership.objects.for_ecosystem(ecosystem)
        .filter(role__gte=Role.CONTRIBUTOR)
        .select_related("user", "organization")
        .order_by("user__full_name")
    )


def not_yet_invited(round: Round) -> MembershipQuerySet:
    """Members who may answer (contributors and up) but were not invited to the round, for
    instance someone who joined after it opened without being added to it."""
    # A response whose person left keeps no user: NULL in a NOT IN list would match nothing.
    invited = round.responses.filter(user__isnull=False).values("user_id")
    return Membership.objects.filter(
        ecosystem_id=round.ecosystem_id, role__gte=Role.CONTRIBUTOR
    ).exclude(user_id__in=invited)


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
    reminder_days: int = REMINDER_DAYS,
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
        reminder_days=reminder_days,
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
    """Add responses for members not yet invited, and tell them by e-mail while the round
    is open; returns how many were added."""
    invitees = list(invitees)
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
    if round.is_open and new:
        added = {response.user_id for response in new}
        notices.round_opened(round, [m for m in invitees if m.user_id in added])
    return len(new)


@transaction.atomic
def close_round(round: Round) -> None:
    round.status = Round.Status.CLOSED
    round.closed_at = timezone.now()
    round.save(update_fields=["status", "closed_at"])
    notices.round_closed(round)


def open_title_taken(ecosystem: Ecosystem, title: str, exclude_pk: int | None = None) -> bool:
    """Another open round of the ecosystem has this title (letter case and spaces aside):
    members choosing a round to answer could not tell the two apart."""
    rounds = Round.objects.for_ecosystem(ecosystem).open().filter(title__iexact=title.strip())
    if exclude_pk is not None:
        rounds = rounds.exclude(pk=exclude_pk)
    return rounds.exists()


@transaction.atomic
def reopen_round(round: Round) -> None:
    """Open a closed round again; refused while another open round has its title."""
    if open_title_taken(round.ecosystem, round.title, round.pk):
        raise ContinuumError(
            _(
                "Another open round is called “%(title)s”. Rename one of the two before "
                "opening this one again, so members can tell them apart."
            )
            % {"title": round.title}
        )
    round.status = Round.Status.OPEN
    round.closed_at = None
    round.save(update_fields=["status", "closed_at"])


# --- Answering -------------------------------------------------------------------------------


@dataclass
class AnswerInput:
    level: Level | None
    evidence: str
    next_step: str
    not_sure: bool = False


@transaction.atomic
def save_answers(response: Response, answers: dict[Indicator, AnswerInput]) -> None:
    """Store a page of answers (a draft is fine: levels may be missing)."""
    locked = Round.objects.select_for_update().get(pk=response.round_id)
    if not locked.is_open:
        raise ContinuumError(_("This round is closed; its answers can no longer change."))
    existing = {a.indicator_id: a for a in response.answers.filter(indicator__in=answers)}
    for indicator, given in answers.items():
        answer = existing.get(indicator.pk) or Answer(response=response, indicator=indicator)
        # "Not sure" and a level exclude each other (a database constraint says so too).
        answer.not_sure = given.not_sure and given.level is None
        answer.level = given.level
        answer.evidence = given.evidence.strip()
        answer.next_step = given.next_step.strip()
        answer.save()
    if response.started_at is None:
        response.started_at = timezone.now()
    response.save(update_fields=["started_at", "updated_at"])


def unanswered(response: Response) -> list[Indicator]:
    """Indicators still without a level or "not sure", each with ``step``: the page it
    is on."""
    answered = set(
        response.answers.filter(Q(level__isnull=False) | Q(not_sure=True)).values_list(
            "indicator_id", flat=True
        )
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
        super().__init__(_("Some indicators have no answer yet."))
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
