"""Agenda building to one voice: the issues organizations raise, the priorities they
are consolidated into and scored on, the published agenda and who signs on to it.

Everything here belongs to one ecosystem, through its cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agendas.models.cycles import AgendaCycle, Submission
from ecosystem.concurrency import Versioned
from ecosystem.models import Organization
from ecosystem.validators import validate_single_line

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


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
