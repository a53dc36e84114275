"""The ecosystem's dashboard: where every tool stands, on the home page.

Each panel reads a bounded slice plus an aggregate or two, so the page costs the same
number of queries whatever the number of rounds, answers, organizations, tasks, partners
or progress entries (``tests/ecosystem/test_dashboard.py`` compares the demo at scale 1
and 10). A panel with nothing to show may skip its later queries; none ever loops over
rows to query again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agendas.models import AgendaCycle, PlanTask, PublishedAgenda, Submission
from continuum.charts import Scale, strand_bars
from continuum.models import InstrumentVersion, Level, Round, Strand
from continuum.results import Participation, RoundResults, round_results
from ecosystem.models import Ecosystem, Membership, Organization
from partners.log.attention import Attention, needs_attention
from partners.models import Partner, ProgressEntry
from partners.progress.strands import CONTINUUM

SHOWN = 5  # rows of a list panel; its total says how many more there are
LEGEND_CHARS = 28  # a chart legend has room for about this many characters per series


# --- The Continuum: the latest closed round, against the one before it ----------------------


@dataclass(frozen=True)
class StrandChange:
    """One strand's rating in the latest closed round and in the round before it."""

    code: str
    name: str
    rating: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        if self.rating is None or self.previous is None:
            return None
        return round(self.rating - self.previous, 2)

    @property
    def direction(self) -> str:
        """ "up", "down", "same", or "" when there is nothing to compare: templates say it
        in words, so the change never rests on a color or an arrow alone."""
        change = self.change
        if change is None:
            return ""
        if change > 0:
            return "up"
        if change < 0:
            return "down"
        return "same"


@dataclass(frozen=True)
class ContinuumPanel:
    round: Round | None = None  # the latest closed round, of any instrument
    previous: Round | None = None  # the closed round of the same instrument before it
    strands: tuple[StrandChange, ...] = ()
    levels: tuple[Level, ...] = ()
    # Who was invited to the latest round and who submitted: what its results rest on.
    participation: Participation | None = None
    chart: SafeString | None = None

    @property
    def has_ratings(self) -> bool:
        return any(strand.rating is not None for strand in self.strands)


def continuum_panel(ecosystem: Ecosystem) -> ContinuumPanel:
    """Two queries for the rounds, then six per round for their results (at most 14)."""
    closed = Round.objects.for_ecosystem(ecosystem).closed().select_related("version__instrument")
    # Rounds describe periods in the order they were opened; that is the order
    # the Assessment of Ecosystem Progress compares them in too.
    latest = closed.order_by("-opened_at", "-pk").first()
    if latest is None:
        return ContinuumPanel()
    previous = (
        closed.filter(version__instrument_id=latest.version.instrument_id)
        .filter(Q(opened_at__lt=latest.opened_at) | Q(opened_at=latest.opened_at, pk__lt=latest.pk))
        .order_by("-opened_at", "-pk")
        .first()
    )
    results = round_results(latest, with_next_steps=False, with_evidence=False)
    before: dict[str, float | None] = {}
    if previous is not None:
        # Matched by code, so rounds taken against different versions still compare.
        before = {
            strand.strand.code: strand.rating
            for strand in round_results(
                previous, with_next_steps=False, with_evidence=False
            ).strands
        }
    strands = tuple(
        StrandChange(
            code=strand.strand.code,
            name=strand.strand.name,
            rating=strand.rating,
            previous=before.get(strand.strand.code),
        )
        for strand in results.strands
    )
    return ContinuumPanel(
        round=latest,
        previous=previous,
        strands=strands,
        levels=tuple(results.levels),
        participation=results.participation,
        chart=_chart(results, previous, strands),
    )


def _chart(
    results: RoundResults, previous: Round | None, strands: tuple[StrandChange, ...]
) -> SafeString | None:
    if not results.levels or not any(strand.rating is not None for strand in strands):
        return None
    levels = results.levels
    return strand_bars(
        [(strand.name, strand.rating, strand.previous) for strand in strands],
        Scale([level.value for level in levels], [level.label for level in levels]),
        title=_("Strand ratings: %(round)s") % {"round": results.round.title},
        first_series=Truncator(results.round.period).chars(LEGEND_CHARS),
        second_series=(
            Truncator(previous.period).chars(LEGEND_CHARS) if previous else _("Round before")
        ),
        missing=_("not rated") if previous else _("no earlier round"),
    )


# --- Open rounds and who has answered -------------------------------------------------------


@dataclass(frozen=True)
class OpenRound:
    round: Round
    invited: int
    submitted: int
    days_left: int | None  # None without a due date; negative once it has passed
    invited_me: bool  # the member looking at the page was invited to answer
    submitted_mine: bool

    @property
    def is_late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def waiting(self) -> int:
        return self.invited - self.submitted


def open_rounds(ecosystem: Ecosystem, membership: Membership, today: date) -> list[OpenRound]:
    """Every open round with its counts, in one query: the soonest due first."""
    answers = Q(responses__submitted_at__isnull=False)
    mine = Q(responses__user_id=membership.user_id)
    rounds = (
        Round.objects.for_ecosystem(ecosystem)
        .open()
        .select_related("version__instrument")
        .annotate(
            invited=Count("responses"),
            submitted=Count("responses", filter=answers),
            invited_me=Count("responses", filter=mine),
            submitted_mine=Count("responses", filter=mine & answers),
        )
        .order_by(F("due_date").asc(nulls_last=True), "-opened_at", "-pk")
    )
    return [
        OpenRound(
            round=round,
            invited=round.invited,  # type: ignore[attr-defined]
            submitted=round.submitted,  # type: ignore[attr-defined]
            days_left=(round.due_date - today).days if round.due_date else None,
            invited_me=bool(round.invited_me),  # type: ignore[attr-defined]
            submitted_mine=bool(round.submitted_mine),  # type: ignore[attr-defined]
        )
        for round in rounds
    ]


# --- The current agenda cycle ---------------------------------------------------------------


@dataclass(frozen=True)
class AgendaPanel:
    cycle: AgendaCycle | None = None
    days_left: int = 0  # until the input deadline; negative once it has passed
    organizations: int = 0  # the ecosystem's, who could all send input
    sent: int = 0
    drafts: int = 0  # started, not sent yet
    mine_sent: bool = False  # the member's own organization has sent its input
    mine_started: bool = False
    agenda: PublishedAgenda | None = None  # the newest published version, if published
    signed: int = 0  # organizations that signed on to that version
    mine_signed: bool = False

    @property
    def deadline_passed(self) -> bool:
        return self.days_left < 0

    @property
    def days_ago(self) -> int:
        return -self.days_left


def agenda_panel(
    ecosystem: Ecosystem, membership: Membership, organizations: int, today: date
) -> AgendaPanel:
    """The current cycle, its input in one aggregate and, once published, its sign-ons in
    one more: three queries at most."""
    cycle = AgendaCycle.objects.for_ecosystem(ecosystem).current()
    if cycle is None:
        return AgendaPanel(organizations=organizations)
    # Without an organization this reads "organization IS NULL": never true, so no "mine".
    mine = Q(organization_id=membership.organization_id)
    sent = Q(submitted_at__isnull=False)
    counts = Submission.objects.filter(cycle=cycle).aggregate(
        sent=Count("pk", filter=sent),
        drafts=Count("pk", filter=~sent),
        mine_sent=Count("pk", filter=mine & sent),
        mine_started=Count("pk", filter=mine),
    )
    agenda = None
    if cycle.status == AgendaCycle.Status.PUBLISHED:
        agenda = (
            PublishedAgenda.objects.filter(cycle=cycle)
            .annotate(
                signed=Count("sign_ons"),
                mine_signed=Count(
                    "sign_ons", filter=Q(sign_ons__organization_id=membership.organization_id)
                ),
            )
            .order_by("-number")
            .first()
        )
    return AgendaPanel(
        cycle=cycle,
        days_left=(cycle.input_deadline - today).days,
        organizations=organizations,
        sent=counts["sent"],
        drafts=counts["drafts"],
        mine_sent=bool(counts["mine_sent"]),
        mine_started=bool(counts["mine_started"]),
        agenda=agenda,
        signed=agenda.signed if agenda else 0,
        mine_signed=bool(agenda and agenda.mine_signed),
    )


# --- Overdue year-plan tasks ----------------------------------------------------------------


@dataclass(frozen=True)
class LateTask:
    task: PlanTask
    days_late: int


@dataclass(frozen=True)
class TaskPanel:
    overdue: tuple[LateTask, ...]
    overdue_count: int
    open_count: int
    total: int  # every task of the plan, done or not

    @property
    def more(self) -> int:
        return self.overdue_count - len(self.overdue)


def task_panel(ecosystem: Ecosystem, today: date) -> TaskPanel:
    """The counts in one aggregate, the oldest overdue tasks with their owners in one more."""
    tasks = PlanTask.objects.for_ecosystem(ecosystem)
    overdue = tasks.overdue(today)
    counts = tasks.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status=PlanTask.Status.DONE)),
        overdue=Count("pk", filter=Q(pk__in=overdue.values("pk"))),
    )
    first = overdue.select_related("owner").order_by("due_date", "title", "pk")[:SHOWN]
    return TaskPanel(
        overdue=tuple(LateTask(task, (today - task.due_date).days) for task in first),
        overdue_count=counts["overdue"],
        open_count=counts["open"],
        total=counts["total"],
    )


# --- Partners needing attention -------------------------------------------------------------


@dataclass(frozen=True)
class AttentionPanel:
    items: tuple[Attention, ...]
    total: int
    active: int  # active partners, the ones the list looks at
    mine: tuple[Attention, ...] = ()  # every one whose library lead is the member

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def attention_panel(ecosystem: Ecosystem, membership: Membership, today: date) -> AttentionPanel:
    """needs_attention's two queries, plus the count of active partners."""
    items = needs_attention(ecosystem, today=today)
    return AttentionPanel(
        items=tuple(items[:SHOWN]),
        total=len(items),
        active=Partner.objects.for_ecosystem(ecosystem).active().count(),
        mine=tuple(item for item in items if item.partner.library_lead_id == membership.user_id),
    )


# --- Recent progress entries ----------------------------------------------------------------


@dataclass(frozen=True)
class RecentEntry:
    entry: ProgressEntry
    strand_name: str


@dataclass(frozen=True)
class ProgressPanel:
    entries: tuple[RecentEntry, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.entries)


def progress_panel(ecosystem: Ecosystem) -> ProgressPanel:
    """The newest entries, their total, and the strands' names: three queries."""
    entries = ProgressEntry.objects.for_ecosystem(ecosystem)
    latest = list(entries.order_by("-date", "-pk")[:SHOWN])
    total = entries.count()
    names: dict[str, str] = {}
    if latest:
        # The names of the newest published Continuum (later versions overwrite earlier
        # ones); a code it no longer has is shown as it is, as on the progress pages.
        names = dict(
            Strand.objects.filter(
                version__instrument__slug=CONTINUUM,
                version__status=InstrumentVersion.Status.PUBLISHED,
                code__in={entry.strand_code for entry in latest},
            )
            .order_by("version__number")
            .values_list("code", "name")
        )
    return ProgressPanel(
        entries=tuple(
            RecentEntry(entry, names.get(entry.strand_code, entry.strand_code)) for entry in latest
        ),
        total=total,
    )


# --- The whole dashboard --------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    today: date
    organizations: int
    continuum: ContinuumPanel
    open_rounds: list[OpenRound]
    agenda: AgendaPanel
    tasks: TaskPanel
    attention: AttentionPanel
    progress: ProgressPanel


def dashboard(ecosystem: Ecosystem, membership: Membership, today: date | None = None) -> Dashboard:
    """Where every tool stands for ``membership``'s ecosystem, as of ``today``."""
    today = today or timezone.localdate()
    organizations = Organization.objects.for_ecosystem(ecosystem).count()
    return Dashboard(
        today=today,
        organizations=organizations,
        continuum=continuum_panel(ecosystem),
        open_rounds=open_rounds(ecosystem, membership, today),
        agenda=agenda_panel(ecosystem, membership, organizations, today),
        tasks=task_panel(ecosystem, today),
        attention=attention_panel(ecosystem, membership, today),
        progress=progress_panel(ecosystem),
    )
