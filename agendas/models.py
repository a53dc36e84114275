"""Agenda building to one voice: cycles, each organization's input, the consolidated and
published agenda; the year-round advocacy plan; the value fact sheets.

Templates of the year-round checklist and the default dollar values are the toolkit's
own content (shared by every ecosystem, edited in the admin); everything else belongs to
one ecosystem.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet, Organization
from ecosystem.validators import validate_single_line

if TYPE_CHECKING:
    from datetime import date

    from django.db.models.fields.related_descriptors import RelatedManager


# --- Agenda cycles and each organization's input ----------------------------------------------


class AgendaCycleQuerySet(EcosystemScopedQuerySet["AgendaCycle"]):
    def current(self) -> AgendaCycle | None:
        """The cycle being worked on: the newest that is not archived."""
        return self.exclude(status=AgendaCycle.Status.ARCHIVED).order_by("-session_start").first()


class AgendaCycle(models.Model):
    """One round of agenda building, usually for one legislative session."""

    class Status(models.TextChoices):
        GATHERING = "gathering", _("Gathering input")
        CONSOLIDATING = "consolidating", _("Consolidating")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.CASCADE,
        related_name="agenda_cycles",
        verbose_name=_("ecosystem"),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For example: 2027 legislative session."),
        validators=[validate_single_line],
    )
    session_start = models.DateField(_("session opens"))
    session_end = models.DateField(_("session closes"))
    input_deadline = models.DateField(
        _("input due"), help_text=_("Organizations can send and change their input until then.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.GATHERING,
        validators=[validate_single_line],
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few words that open the published agenda."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgendaCycleQuerySet.as_manager()

    if TYPE_CHECKING:
        submissions: RelatedManager[Submission]
        priorities: RelatedManager[Priority]
        criteria: RelatedManager[Criterion]
        agendas: RelatedManager[PublishedAgenda]

    class Meta:
        verbose_name = _("agenda cycle")
        verbose_name_plural = _("agenda cycles")
        ordering = ["-session_start"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "agendas:cycle_detail", kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk}
        )

    def clean(self) -> None:
        if self.session_start and self.session_end and self.session_end < self.session_start:
            raise ValidationError({"session_end": _("The session cannot close before it opens.")})

    @property
    def deadline_passed(self) -> bool:
        return timezone.localdate() > self.input_deadline

    @property
    def is_gathering(self) -> bool:
        return self.status == self.Status.GATHERING


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def submitted(self) -> SubmissionQuerySet:
        return self.filter(submitted_at__isnull=False)


class Submission(Versioned):
    """One organization's input to a cycle: the Information Gathering Template, with its
    legislative and public-facing issues."""

    cycle = models.ForeignKey(
        AgendaCycle, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("cycle")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="agenda_submissions",
        verbose_name=_("organization"),
    )
    top_concerns = models.TextField(
        _("top concerns"),
        blank=True,
        help_text=_("What worries your organization most this year, in a few lines."),
    )
    current_initiatives = models.TextField(
        _("current initiatives"),
        blank=True,
        help_text=_("What you are already working on that others could join or support."),
    )
    data_and_stories = models.TextField(
        _("data and stories you can bring"),
        blank=True,
        help_text=_("Figures, studies and local stories that could support the shared agenda."),
    )
    late_changes_allowed = models.BooleanField(
        _("open after the deadline"),
        default=False,
        help_text=_("Set by a coordinator to let this organization change its input late."),
    )
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = SubmissionQuerySet.as_manager()

    if TYPE_CHECKING:
        legislative_issues: RelatedManager[LegislativeIssue]
        advocacy_issues: RelatedManager[AdvocacyIssue]

    class Meta:
        verbose_name = _("information gathering input")
        verbose_name_plural = _("information gathering input")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organization"], name="one_submission_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.cycle}"

    @property
    def accepts_changes(self) -> bool:
        """Input can change while the cycle gathers it, until the deadline unless a
        coordinator opened it again for this organization."""
        return self.cycle.is_gathering and (
            not self.cycle.deadline_passed or self.late_changes_allowed
        )


class Urgency(models.IntegerChoices):
    LOW = 1, _("Low: can wait for a later session")
    MEDIUM = 2, _("Medium: this session if possible")
    HIGH = 3, _("High: needed this session")
    CRITICAL = 4, _("Critical: harm if nothing happens now")


class GovernmentLevel(models.TextChoices):
    LOCAL = "local", _("Local")
    STATE = "state", _("State")
    FEDERAL = "federal", _("Federal")


class AskKind(models.TextChoices):
    BILL = "bill", _("A bill")
    BUDGET = "budget", _("A budget line")
    POLICY = "policy", _("A policy or rule")
    OTHER = "other", _("Something else")


def library_type_choices() -> list[tuple[str, str]]:
    return [(kind.value, str(kind.label)) for kind in LIBRARY_TYPES]


LIBRARY_TYPES = [kind for _group, kinds in Organization.KIND_GROUPS[:1] for kind in kinds]


class IssueQuerySet(models.QuerySet[Any]):
    def for_cycle(self, cycle: AgendaCycle) -> IssueQuerySet:
        return self.filter(submission__cycle=cycle)


class Issue(Versioned):
    """What both worksheets share: who is affected, the order, the dates."""

    library_types = models.JSONField(
        _("library types affected"), default=list, blank=True
    )  # Organization.Kind values of libraries; a JSON list works on SQLite and PostgreSQL.
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Several people of one organization may edit its worksheets: saves are checked
    # (the version comes from Versioned).

    objects = IssueQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def library_type_labels(self) -> list[str]:
        labels = dict(library_type_choices())
        return [labels.get(value, value) for value in self.library_types]


class LegislativeIssue(Issue):
    """An entry of the Legislative Issues worksheet."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="legislative_issues",
        verbose_name=_("input"),
    )
    title = models.CharField(_("issue"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)
    government_level = models.CharField(
        _("level of government"),
        max_length=20,
        choices=GovernmentLevel,
        default=GovernmentLevel.STATE,
        validators=[validate_single_line],
    )
    ask_kind = models.CharField(
        _("kind of ask"),
        max_length=20,
        choices=AskKind,
        default=AskKind.BILL,
        validators=[validate_single_line],
    )
    ask = models.TextField(
        _("the ask"),
        blank=True,
        help_text=_("The bill, budget line or policy, as precisely as you can."),
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency, default=Urgency.MEDIUM
    )
    supporting_evidence = models.TextField(_("supporting data and stories"), blank=True)
    allies = models.TextField(_("likely allies"), blank=True)
    opponents = models.TextField(_("likely opponents"), blank=True)
    desired_outcome = models.TextField(_("desired outcome"), blank=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta(Issue.Meta):
        verbose_name = _("legislative issue")
        verbose_name_plural = _("legislative issues")

    def __str__(self) -> str:
        return self.title


class AdvocacyIssue(Issue):
    """An entry of the Public-Facing Advocacy Issues worksheet."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="advocacy_issues",
        verbose_name=_("input"),
    )
    title = models.CharField(_("issue"), max_length=200, validators=[validate_single_line])
    audience = models.TextField(_("audience"), blank=True, help_text=_("Who needs to hear it."))
    message = models.TextField(_("message"), blank=True)
    channels = models.TextField(_("channels"), blank=True, help_text=_("How it will reach them."))
    messengers = models.TextField(_("messengers"), blank=True, help_text=_("Who carries it."))
    timing = models.TextField(_("timing"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta(Issue.Meta):
        verbose_name = _("public-facing advocacy issue")
        verbose_name_plural = _("public-facing advocacy issues")

    def __str__(self) -> str:
        return self.title


# --- Consolidation: priorities, criteria, scores ---------------------------------------------


class Priority(Versioned):
    """A consolidated issue: duplicates from several organizations merged into one."""

    class Kind(models.TextChoices):
        LEGISLATIVE = "legislative", _("Legislative")
        PUBLIC = "public", _("Public-facing")

    cycle = models.ForeignKey(
        AgendaCycle, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("cycle")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        default=Kind.LEGISLATIVE,
        validators=[validate_single_line],
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    summary = models.TextField(_("summary"), blank=True)
    talking_points = models.TextField(
        _("shared talking points"),
        blank=True,
        help_text=_("What every organization says about it, one point per line."),
    )
    # The ask: what a legislator or partner is asked to do, put so they can say yes to it.
    ask_what = models.TextField(
        _("what we ask for"),
        blank=True,
        help_text=_("Exactly what is requested: an amount, a bill, a change of rule."),
    )
    ask_who = models.CharField(
        _("who decides"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "The body or office that can grant it, e.g. the House Appropriations Committee."
        ),
    )
    ask_when = models.CharField(
        _("by when"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
        help_text=_("A date or a moment, e.g. “by March 1, 2027” or “2027 session”."),
    )
    legislative_issues = models.ManyToManyField(
        LegislativeIssue, blank=True, related_name="priorities", verbose_name=_("legislative input")
    )
    advocacy_issues = models.ManyToManyField(
        AdvocacyIssue, blank=True, related_name="priorities", verbose_name=_("public-facing input")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    if TYPE_CHECKING:
        scores: RelatedManager[Score]

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["cycle", "title"]

    def __str__(self) -> str:
        return self.title

    def talking_point_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.talking_points.splitlines() if line.strip()]

    def missing_ask_parts(self) -> list[str]:
        """The parts of the ask still empty, by their labels; an ask needs all three."""
        labels = {field.name: field.verbose_name for field in self._meta.concrete_fields}
        return [str(labels[name]) for name in ASK_FIELDS if not getattr(self, name).strip()]

    def gaps(self) -> list[str]:
        """What the priority still lacks before it can go out to legislators and partners."""
        gaps = []
        if not self.talking_point_list():
            gaps.append(str(_("no talking points")))
        missing = self.missing_ask_parts()
        if len(missing) == len(ASK_FIELDS):
            gaps.append(str(_("no ask")))
        elif missing:
            gaps.append(str(_("the ask lacks: %(parts)s")) % {"parts": ", ".join(missing)})
        return gaps


ASK_FIELDS = ("ask_what", "ask_who", "ask_when")


DEFAULT_CRITERIA = [
    (_("Breadth"), _("How many kinds of libraries it matters to."), 2),
    (_("Impact"), _("How much difference it makes to the people libraries serve."), 2),
    (_("Feasibility"), _("How likely it is to succeed this session."), 1),
    (_("Urgency"), _("How much waiting would cost."), 1),
]


class Criterion(models.Model):
    """What priorities are scored on, with a weight; editable for each cycle."""

    cycle = models.ForeignKey(
        AgendaCycle, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("cycle")
    )
    name = models.CharField(_("name"), max_length=80, validators=[validate_single_line])
    description = models.CharField(
        _("what it means"), max_length=200, blank=True, validators=[validate_single_line]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["cycle", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """One member's score of one priority on one criterion, from 1 (low) to 5 (high)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_scores"
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "criterion", "user"], name="one_score_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.priority} · {self.criterion}: {self.value}"


# --- The published agenda and who signs on ------------------------------------------------------


class PublishedAgenda(models.Model):
    """A frozen, numbered snapshot of the One Voice agenda: what organizations sign on to."""

    cycle = models.ForeignKey(
        AgendaCycle, on_delete=models.CASCADE, related_name="agendas", verbose_name=_("cycle")
    )
    number = models.PositiveIntegerField(_("version"))
    # The agenda as published: introduction, and each priority in rank order with its
    # summary, talking points, score and backers. Later edits never change it.
    content = models.JSONField(_("content"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    if TYPE_CHECKING:
        sign_ons: RelatedManager[SignOn]

    class Meta:
        verbose_name = _("published agenda")
        verbose_name_plural = _("published agendas")
        ordering = ["cycle", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="one_agenda_per_number"),
        ]

    def __str__(self) -> str:
        return _("%(cycle)s agenda, version %(number)s") % {
            "cycle": self.cycle,
            "number": self.number,
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("A published agenda never changes; publish a new version."))
        super().save(*args, **kwargs)


class SignOn(models.Model):
    agenda = models.ForeignKey(
        PublishedAgenda, on_delete=models.CASCADE, related_name="sign_ons", verbose_name=_("agenda")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="sign_ons",
        verbose_name=_("organization"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed on"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-on")
        verbose_name_plural = _("sign-ons")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "organization"], name="one_sign_on_each"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.agenda}"


# --- The Year Round Advocacy Checklist ---------------------------------------------------------


class TaskTemplate(models.Model):
    """A task of the year-round checklist, placed by month or relative to the session."""

    class Timing(models.TextChoices):
        MONTH = "month", _("In a given month")
        BEFORE_SESSION = "before_session", _("Weeks before the session opens")
        DURING_SESSION = "during_session", _("Weeks after the session opens")
        AFTER_SESSION = "after_session", _("Weeks after the session closes")

    title = models.CharField(_("task"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("what it involves"), blank=True)
    timing = models.CharField(
        _("timing"),
        max_length=20,
        choices=Timing,
        default=Timing.MONTH,
        validators=[validate_single_line],
    )
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 for January to 12 for December; for tasks placed by month."),
    )
    weeks = models.PositiveSmallIntegerField(
        _("weeks"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(52)],
        help_text=_("For tasks placed relative to the session."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in new plans"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year-round task template")
        verbose_name_plural = _("year-round task templates")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.timing == self.Timing.MONTH and not self.month:
            raise ValidationError({"month": _("Choose the month for a task placed by month.")})
        if self.timing != self.Timing.MONTH and self.weeks is None:
            raise ValidationError(
                {"weeks": _("Say how many weeks, for a task placed by the session.")}
            )


class PlanTaskQuerySet(EcosystemScopedQuerySet["PlanTask"]):
    def open(self) -> PlanTaskQuerySet:
        return self.exclude(status=PlanTask.Status.DONE)

    def overdue(self, today: date | None = None) -> PlanTaskQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class PlanTask(Versioned):
    """A task of an ecosystem's year plan, with an owner and a due date."""

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="plan_tasks", verbose_name=_("ecosystem")
    )
    cycle = models.ForeignKey(
        AgendaCycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("cycle"),
    )
    template = models.ForeignKey(
        TaskTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("task"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("what it involves"), blank=True)
    due_date = models.DateField(_("due"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_tasks",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.TODO,
        validators=[validate_single_line],
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Edits of the wording are checked against the version (from Versioned); status
    # changes don't touch it.

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])
    objects = PlanTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("year-plan task")
        verbose_name_plural = _("year-plan tasks")
        ordering = ["due_date", "title"]
        indexes = [models.Index(fields=["ecosystem", "due_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_date < timezone.localdate()


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address calendar apps subscribe to; revoking it makes the address dead."""

    ecosystem = models.OneToOneField(
        Ecosystem, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_feed_token,
        editable=False,
        validators=[validate_single_line],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.ecosystem)


# --- The value fact sheet ---------------------------------------------------------------------


MAX_QUANTITY = 100_000_000  # a year's use of one service in one library system
MAX_UNIT_VALUE = Decimal("10000.00")
MAX_MONEY = Decimal("10000000000.00")


class ValueCategory(models.Model):
    """A kind of library use and what it is worth, e.g. a book borrowed: $17."""

    name = models.CharField(_("use"), max_length=120, validators=[validate_single_line])
    unit = models.CharField(
        _("counted as"),
        max_length=60,
        help_text=_("For example: items borrowed, visits, hours."),
        validators=[validate_single_line],
    )
    default_value = models.DecimalField(
        _("default value (dollars)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_UNIT_VALUE)],
    )
    explanation = models.CharField(
        _("where the value comes from"),
        max_length=300,
        blank=True,
        validators=[validate_single_line],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered on new sheets"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("value category")
        verbose_name_plural = _("value categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FactSheetQuerySet(EcosystemScopedQuerySet["FactSheet"]):
    pass


class FactSheet(Versioned):
    """What one library (or the ecosystem) gives back to its community, in dollars."""

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="fact_sheets", verbose_name=_("ecosystem")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fact_sheets",
        verbose_name=_("library"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    households = models.PositiveIntegerField(
        _("households served"), null=True, blank=True, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    population = models.PositiveIntegerField(
        _("people served"), null=True, blank=True, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    budget = models.DecimalField(
        _("annual budget (dollars)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MONEY)],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FactSheetQuerySet.as_manager()

    if TYPE_CHECKING:
        lines: RelatedManager[FactSheetLine]

    class Meta:
        verbose_name = _("value fact sheet")
        verbose_name_plural = _("value fact sheets")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class FactSheetLine(models.Model):
    sheet = models.ForeignKey(FactSheet, on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(ValueCategory, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(
        _("how many in the year"), default=0, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    value = models.DecimalField(
        _("value each (dollars)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_UNIT_VALUE)],
        help_text=_("Leave empty to use the default value."),
    )

    class Meta:
        verbose_name = _("fact sheet line")
        verbose_name_plural = _("fact sheet lines")
        ordering = ["category__position", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "category"], name="one_line_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.quantity}"

    @property
    def unit_value(self) -> Decimal:
        return self.value if self.value is not None else self.category.default_value

    @property
    def total(self) -> Decimal:
        return self.unit_value * self.quantity
