"""Agenda cycles and each organization's input to one.

Everything here belongs to one ecosystem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet, Organization
from ecosystem.validators import validate_single_line

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from agendas.models.agenda import (
        AdvocacyIssue,
        Criterion,
        LegislativeIssue,
        Priority,
        PublishedAgenda,
    )


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
