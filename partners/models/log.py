"""A partnership's log: every interaction, what it yielded (harvests), how healthy it is,
and a yearly reflection."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.concurrency import Versioned
from ecosystem.validators import validate_single_line

from .records import Partner


class InteractionQuerySet(models.QuerySet["Interaction"]):
    def overdue_next_steps(self, today: Any = None) -> InteractionQuerySet:
        return self.filter(
            next_step_due__lt=today or timezone.localdate(), next_step_done=False
        ).exclude(next_step="")


class Interaction(Versioned):
    """One entry of a partner's log: a meeting, a call, a joint program…"""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        EVENT = "event", _("Event")
        JOINT_PROGRAM = "joint_program", _("Joint program")
        SHARED_RESOURCE = "shared_resource", _("Shared resource")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="interactions")
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        default=Kind.MEETING,
        validators=[validate_single_line],
    )
    summary = models.TextField(_("what happened"))
    participants = models.CharField(
        _("who took part"), max_length=300, blank=True, validators=[validate_single_line]
    )
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(
        _("next step"), max_length=300, blank=True, validators=[validate_single_line]
    )
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_done = models.BooleanField(_("next step done"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["partner", "-date"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"

    @property
    def next_step_overdue(self) -> bool:
        return bool(
            self.next_step
            and not self.next_step_done
            and self.next_step_due
            and self.next_step_due < timezone.localdate()
        )


MAX_COUNT = 10_000_000
MAX_DOLLARS = 1_000_000_000


class Harvest(Versioned):
    """What a partnership yielded: numbers and a story worth telling."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="harvests")
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(
        _("what was achieved"), max_length=200, validators=[validate_single_line]
    )
    people_reached = models.PositiveIntegerField(
        _("people reached"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    sessions_held = models.PositiveIntegerField(
        _("sessions held"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    dollars_raised = models.DecimalField(
        _("dollars raised"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DOLLARS)],
    )
    story = models.TextField(_("the story"), blank=True)
    share_in_reports = models.BooleanField(
        _("share in reports"),
        default=False,
        help_text=_("Include it in the coordinator's report and advocacy materials."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("harvest")
        verbose_name_plural = _("harvests")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


class Rating(models.IntegerChoices):
    NOT_YET = 1, _("Not yet")
    PARTLY = 2, _("Partly")
    MOSTLY = 3, _("Mostly")
    FULLY = 4, _("Fully")


# The four elements that successful partnerships share (seed 003), in our own words.
HEALTH_ELEMENTS = [
    ("interests", _("Each side's interest is addressed")),
    ("adaptability", _("Adaptability and sustainability are planned")),
    ("communication", _("Communication and evaluation are constant")),
    ("ownership", _("The community takes ownership")),
]


class HealthCheck(Versioned):
    """How a partnership is doing on the four elements of success, at one moment."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="health_checks")
    date = models.DateField(_("date"), default=timezone.localdate)
    interests = models.PositiveSmallIntegerField(HEALTH_ELEMENTS[0][1], choices=Rating)
    adaptability = models.PositiveSmallIntegerField(HEALTH_ELEMENTS[1][1], choices=Rating)
    communication = models.PositiveSmallIntegerField(HEALTH_ELEMENTS[2][1], choices=Rating)
    ownership = models.PositiveSmallIntegerField(HEALTH_ELEMENTS[3][1], choices=Rating)
    notes = models.TextField(_("notes"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.date}"

    def ratings(self) -> list[tuple[str, int, str]]:
        return [
            (str(label), getattr(self, name), str(Rating(getattr(self, name)).label))
            for name, label in HEALTH_ELEMENTS
        ]

    @property
    def weakest(self) -> int:
        ratings: list[int] = [getattr(self, name) for name, _label in HEALTH_ELEMENTS]
        return min(ratings)


class Reflection(Versioned):
    """Resting the garden: a yearly look back at a partnership, ending in a decision."""

    class Decision(models.TextChoices):
        KEEP = "keep", _("Keep it as it is")
        GROW = "grow", _("Grow it")
        SCALE_BACK = "scale_back", _("Scale it back")
        LET_GO = "let_go", _("Let it go")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="reflections")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not = models.TextField(_("what did not work"), blank=True)
    what_to_change = models.TextField(_("what to change"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision, validators=[validate_single_line]
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["partner", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "year"], name="one_reflection_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.year}"
