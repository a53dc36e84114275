"""The Year Round Advocacy Checklist: the toolkit's task templates (shared by every
ecosystem, edited in the admin) and each ecosystem's year plan and calendar feed.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agendas.models.cycles import AgendaCycle
from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet
from ecosystem.validators import validate_single_line

if TYPE_CHECKING:
    from datetime import date


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


TASK_HORIZON_DAYS = 14  # a task is "due soon" this many days before its due date


class PlanTaskQuerySet(EcosystemScopedQuerySet["PlanTask"]):
    def open(self) -> PlanTaskQuerySet:
        return self.exclude(status=PlanTask.Status.DONE)

    def overdue(self, today: date | None = None) -> PlanTaskQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_soon_or_late(self, today: date) -> PlanTaskQuerySet:
        """Open tasks late or due within ``TASK_HORIZON_DAYS``: what a member's to-do list
        and their weekly e-mail both list, so the two never disagree."""
        return self.open().filter(due_date__lte=today + timedelta(TASK_HORIZON_DAYS))


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
