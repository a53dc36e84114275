"""Agenda building: cycles, consolidation, ranking and publishing. Each operation that
touches several records runs in one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean
from typing import Any

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.models import Ecosystem, Membership, Organization, User

from . import notices
from .models import (
    AdvocacyIssue,
    AgendaCycle,
    Criterion,
    LegislativeIssue,
    Priority,
    PublishedAgenda,
    Score,
    SignOn,
    Submission,
)
from .models.agenda import DEFAULT_CRITERIA


class AgendaError(Exception):
    """An operation refused for a reason the user should read."""


class IncompleteAgenda(AgendaError):
    """Publishing refused: some priorities lack talking points or an ask, and nobody
    confirmed that the agenda should go out like that."""

    def __init__(self, gaps: dict[str, list[str]]) -> None:
        self.gaps = gaps
        super().__init__(
            _("Some priorities lack talking points or an ask: confirm to publish anyway.")
        )


@transaction.atomic
def create_cycle(
    ecosystem: Ecosystem,
    *,
    title: str,
    session_start: date,
    session_end: date,
    input_deadline: date,
    created_by: User | None,
    introduction: str = "",
) -> AgendaCycle:
    """A new cycle, gathering input, with the default scoring criteria."""
    cycle = AgendaCycle.objects.create(
        ecosystem=ecosystem,
        title=title,
        session_start=session_start,
        session_end=session_end,
        input_deadline=input_deadline,
        introduction=introduction,
        created_by=created_by,
    )
    Criterion.objects.bulk_create(
        Criterion(
            cycle=cycle,
            name=str(name),
            description=str(description),
            weight=weight,
            position=position,
        )
        for position, (name, description, weight) in enumerate(DEFAULT_CRITERIA)
    )
    notices.input_requested(cycle)
    return cycle


# --- Ranking ------------------------------------------------------------------------------------


# One organization, one voice: an organization with five members who score weighs as much
# as one with a single member. A person's scores first make their organization's score (the
# mean of its members' scores, criterion by criterion); the organizations' scores are then
# averaged, and the criteria weighed. A member speaks for at most one organization in an
# ecosystem (their membership names it, as it stands now); someone who speaks for none, or
# is no longer a member, counts as a voice of their own.


@dataclass(frozen=True)
class Voice:
    """Who a score counts for: an organization, or a person who speaks for none."""

    name: str
    organization_id: int | None = None
    person_id: int | None = None

    @property
    def is_organization(self) -> bool:
        return self.organization_id is not None


@dataclass
class VoiceScores:
    """One voice's score of one priority: its people's mean on each criterion."""

    voice: Voice
    averages: dict[int, float | None]  # criterion id → mean of its people's scores
    people: int  # how many of its people scored


# One score as the combination reads it: who it counts for, who gave it, on what, how much.
ScoreRow = tuple[Voice, int, int, int]  # voice, person id, criterion id, value


def combine_scores(
    rows: list[ScoreRow], criterion_ids: list[int]
) -> tuple[list[VoiceScores], dict[int, float | None]]:
    """Each voice's mean per criterion, and the mean of the voices per criterion.

    A criterion nobody of a voice scored leaves that voice out of the criterion's mean,
    as an empty score leaves a person out. Means are rounded to two places for display
    only: the combined mean is taken over the exact ones.

    Three members of A scoring 5, 5, 5 and the one member of B scoring 1 make A 5 and
    B 1, combined 3 (not the 4 that counting people would give).
    """
    values: dict[Voice, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    people: dict[Voice, set[int]] = defaultdict(set)
    for voice, person_id, criterion_id, value in rows:
        values[voice][criterion_id].append(value)
        people[voice].add(person_id)
    exact = {
        voice: {
            cid: fmean(by_criterion[cid]) if by_criterion[cid] else None for cid in criterion_ids
        }
        for voice, by_criterion in values.items()
    }
    voices = [
        VoiceScores(
            voice=voice,
            averages={cid: _rounded(mean) for cid, mean in means.items()},
            people=len(people[voice]),
        )
        for voice, means in sorted(
            exact.items(), key=lambda item: (not item[0].is_organization, item[0].name)
        )
    ]
    combined = {
        cid: _rounded(_mean_of([means[cid] for means in exact.values()])) for cid in criterion_ids
    }
    return voices, combined


def _mean_of(means: list[float | None]) -> float | None:
    given = [mean for mean in means if mean is not None]
    return fmean(given) if given else None


def _rounded(mean: float | None) -> float | None:
    return None if mean is None else round(mean, 2)


def voices_of_members(ecosystem_id: int) -> dict[int, Voice]:
    """Each member who speaks for an organization in the ecosystem: person id → that
    organization's voice. One query."""
    return {
        user_id: Voice(name, organization_id=organization_id)
        for user_id, organization_id, name in Membership.objects.filter(
            ecosystem_id=ecosystem_id, organization__isnull=False
        ).values_list("user_id", "organization_id", "organization__name")
    }


def voice_of(person_id: int, name: str, members: dict[int, Voice]) -> Voice:
    """The organization the person speaks for, or the person on their own."""
    return members.get(person_id) or Voice(name, person_id=person_id)


@dataclass
class Ranked:
    priority: Priority
    backers: list[Organization]
    averages: dict[int, float | None]  # criterion id → mean of the voices' means
    voices: list[VoiceScores]  # each organization (or person on their own) that scored
    total: float | None  # weighted mean on the 1-5 scale
    mine: dict[int, int] = field(default_factory=dict)  # criterion id → my score
    rank: int | None = None

    @property
    def organizations(self) -> int:
        """How many organizations scored it."""
        return sum(1 for scores in self.voices if scores.voice.is_organization)

    @property
    def on_their_own(self) -> int:
        """How many people who speak for no organization scored it."""
        return len(self.voices) - self.organizations

    @property
    def people(self) -> int:
        return sum(scores.people for scores in self.voices)


def weighted_total(averages: dict[int, float | None], weights: dict[int, int]) -> float | None:
    """The weighted mean of the criteria that have scores; None when none has.

    >>> weighted_total({1: 4.0, 2: 2.0}, {1: 3, 2: 1})
    3.5
    """
    scored = [(weights[cid], avg) for cid, avg in averages.items() if avg is not None]
    if not scored:
        return None
    return round(sum(w * a for w, a in scored) / sum(w for w, _avg in scored), 2)


def ranking(cycle: AgendaCycle, user: User | None = None) -> list[Ranked]:
    """Every priority with its backers, each voice's scores, the combined scores and the
    weighted total, best first. The one computation behind every page, export and
    published agenda that shows scores or ranks. A fixed number of queries, whatever the
    number of priorities, scores, members and organizations."""
    criteria = list(cycle.criteria.all())
    criterion_ids = [criterion.pk for criterion in criteria]
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    priorities = list(
        cycle.priorities.prefetch_related(
            Prefetch(
                "legislative_issues",
                queryset=LegislativeIssue.objects.select_related("submission__organization"),
            ),
            Prefetch(
                "advocacy_issues",
                queryset=AdvocacyIssue.objects.select_related("submission__organization"),
            ),
        )
    )
    members = voices_of_members(cycle.ecosystem_id)
    rows: dict[int, list[ScoreRow]] = defaultdict(list)
    mine: dict[int, dict[int, int]] = defaultdict(dict)
    for priority_id, criterion_id, user_id, full_name, email, value in Score.objects.filter(
        priority__cycle=cycle
    ).values_list(
        "priority_id", "criterion_id", "user_id", "user__full_name", "user__email", "value"
    ):
        voice = voice_of(user_id, full_name or email, members)  # as User.get_full_name
        rows[priority_id].append((voice, user_id, criterion_id, value))
        if user is not None and user_id == user.pk:
            mine[priority_id][criterion_id] = value
    ranked = []
    for priority in priorities:
        voices, averages = combine_scores(rows[priority.pk], criterion_ids)
        ranked.append(
            Ranked(
                priority=priority,
                backers=backers_of(priority),
                averages=averages,
                voices=voices,
                total=weighted_total(averages, weights),
                mine=mine[priority.pk],
            )
        )
    ranked.sort(key=lambda r: (r.total is None, -(r.total or 0), -len(r.backers), r.priority.title))
    for number, item in enumerate(ranked, start=1):
        item.rank = number if item.total is not None else None
    return ranked


def backers_of(priority: Priority) -> list[Organization]:
    """The organizations whose input the priority merges, by name (needs the prefetch)."""
    organizations = {
        issue.submission.organization
        for issue in [*priority.legislative_issues.all(), *priority.advocacy_issues.all()]
    }
    return sorted(organizations, key=lambda org: org.name)


# --- Publishing -----------------------------------------------------------------------------------


def agenda_gaps(ranked: list[Ranked]) -> dict[str, list[str]]:
    """Priority title → what it lacks (talking points, the ask), for those lacking any."""
    return {item.priority.title: gaps for item in ranked if (gaps := item.priority.gaps())}


@transaction.atomic
def publish_agenda(
    cycle: AgendaCycle, published_by: User, *, accept_gaps: bool = False
) -> PublishedAgenda:
    """Freeze the agenda as it stands into a new numbered version, and mark the cycle
    published. Organizations sign on to a version; a later version starts afresh.

    An agenda whose priorities lack talking points or an ask goes out only when the
    publisher accepted those gaps (``accept_gaps``), having been shown them."""
    locked = AgendaCycle.objects.select_for_update().get(pk=cycle.pk)
    ranked = ranking(locked)
    if not ranked:
        raise AgendaError(_("There are no priorities yet: consolidate the input first."))
    if not accept_gaps and (gaps := agenda_gaps(ranked)):
        raise IncompleteAgenda(gaps)
    content: dict[str, Any] = {
        "title": locked.title,
        "introduction": locked.introduction,
        "session_start": locked.session_start.isoformat(),
        "session_end": locked.session_end.isoformat(),
        "priorities": [
            {
                "rank": item.rank,
                "title": item.priority.title,
                "kind": item.priority.kind,
                "summary": item.priority.summary,
                "talking_points": item.priority.talking_point_list(),
                "ask": {
                    "what": item.priority.ask_what,
                    "who": item.priority.ask_who,
                    "when": item.priority.ask_when,
                },
                "score": item.total,
                "backers": [org.name for org in item.backers],
            }
            for item in ranked
        ],
    }
    number = (locked.agendas.aggregate(Max("number"))["number__max"] or 0) + 1
    agenda = PublishedAgenda.objects.create(
        cycle=locked,
        number=number,
        content=content,
        published_by=published_by,
        published_at=timezone.now(),
    )
    locked.status = AgendaCycle.Status.PUBLISHED
    locked.save(update_fields=["status"])
    notices.agenda_published(agenda)
    return agenda


# --- Each organization's input --------------------------------------------------------------------


def submission_for(cycle: AgendaCycle, organization: Organization) -> Submission:
    submission, _created = Submission.objects.get_or_create(cycle=cycle, organization=organization)
    return submission


@transaction.atomic
def has_content(submission: Submission) -> bool:
    """Something to send: the top concerns written down, or at least one issue."""
    if submission.pk is None:
        return False
    return bool(
        submission.top_concerns.strip()
        or submission.legislative_issues.exists()
        or submission.advocacy_issues.exists()
    )


def send_input(submission: Submission, user: User) -> None:
    """Send the organization's input; refused while it holds nothing to consolidate."""
    if not has_content(submission):
        raise AgendaError(
            _(
                "There is nothing to send yet. Write down your top concerns or add at least "
                "one issue first."
            )
        )
    submission.submitted_at = timezone.now()
    submission.submitted_by = user
    submission.save(update_fields=["submitted_at", "submitted_by", "updated_at"])


# --- Consolidation -----------------------------------------------------------------------------


@transaction.atomic
def merge(
    cycle: AgendaCycle,
    *,
    legislative: list[LegislativeIssue],
    advocacy: list[AdvocacyIssue],
    priority: Priority | None = None,
    title: str = "",
) -> Priority:
    """Merge organizations' issues into one priority (new, or one that exists). The
    originals stay as they are and stay linked, so backers can always be traced."""
    if priority is None:
        first = (legislative or advocacy)[0]
        priority = Priority.objects.create(
            cycle=cycle,
            title=title.strip() or first.title,
            kind=Priority.Kind.LEGISLATIVE if legislative else Priority.Kind.PUBLIC,
            # No summary copied from the input: an organization's notes ("our patrons…")
            # must not reach the public agenda. The consolidators write it.
        )
    priority.legislative_issues.add(*legislative)
    priority.advocacy_issues.add(*advocacy)
    return priority


@transaction.atomic
def save_scores(
    user: User,
    criteria: dict[int, Criterion],
    priorities: dict[int, Priority],
    scores: dict[tuple[int, int], int | None],
) -> None:
    """Store one member's score sheet; an emptied score is removed."""
    for (priority_id, criterion_id), value in scores.items():
        priority, criterion = priorities[priority_id], criteria[criterion_id]
        if value is None:
            Score.objects.filter(priority=priority, criterion=criterion, user=user).delete()
        else:
            Score.objects.update_or_create(
                priority=priority, criterion=criterion, user=user, defaults={"value": value}
            )


def sign_on(agenda: PublishedAgenda, organization: Organization, user: User) -> bool:
    """Record that ``organization`` supports the agenda; False if it already did."""
    signed, created = SignOn.objects.get_or_create(
        agenda=agenda, organization=organization, defaults={"signed_by": user}
    )
    if created:
        notices.signed_on(signed)
    return created
