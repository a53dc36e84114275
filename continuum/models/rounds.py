"""Assessment rounds and the responses and answers given in them; they belong to one
ecosystem."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from continuum.models.instruments import Indicator, InstrumentVersion, Level, Strand
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet, Organization
from ecosystem.validators import validate_single_line

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from continuum.models.consensus import Consensus


class RoundQuerySet(EcosystemScopedQuerySet["Round"]):
    def open(self) -> RoundQuerySet:
        return self.filter(status=Round.Status.OPEN)

    def closed(self) -> RoundQuerySet:
        return self.filter(status=Round.Status.CLOSED)


class Round(models.Model):
    """One self-assessment of an ecosystem against one published instrument version."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Threshold(models.IntegerChoices):
        ONE = 1, _("Any difference (answers one level apart or more)")
        TWO = 2, _("Answers two levels apart or more")
        THREE = 3, _("Answers three levels apart or more")

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("ecosystem")
    )
    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("instrument"),
        limit_choices_to={"status": InstrumentVersion.Status.PUBLISHED},
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    period = models.CharField(
        _("period"),
        max_length=60,
        help_text=_("The time it describes, e.g. 2027 or Spring 2027."),
        validators=[validate_single_line],
    )
    due_date = models.DateField(_("answers due"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("remind by e-mail, days before the due date"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Members who have not submitted get one reminder this many days before the "
            "due date. 0 sends none."
        ),
    )
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_("Results then show what was said, never who said it."),
    )
    disagreement_threshold = models.PositiveSmallIntegerField(
        _("flag as seen differently"), choices=Threshold, default=Threshold.TWO
    )
    # The part of the rubric this round works on. Always stored explicitly (every strand
    # when nothing narrower was chosen), so "no rows" never has to mean "all".
    strands = models.ManyToManyField(
        Strand, related_name="rounds", verbose_name=_("strands covered")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.OPEN,
        validators=[validate_single_line],
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    if TYPE_CHECKING:
        responses: RelatedManager[Response]
        consensus: RelatedManager[Consensus]

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            # A new round covers the whole version until a narrower choice is stored
            # (services.open_round does so straight away).
            self.strands.set(Strand.objects.filter(version_id=self.version_id))

    def get_absolute_url(self) -> str:
        return reverse(
            "continuum:round_detail", kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk}
        )

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def covered_strands(self) -> list[Strand]:
        """The strands this round covers, in the version's order."""
        return list(self.strands.order_by("position", "pk"))

    def covers_everything(self, covered: list[Strand] | None = None) -> bool:
        covered = self.covered_strands() if covered is None else covered
        return len(covered) == Strand.objects.filter(version_id=self.version_id).count()


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(submitted_at__isnull=False)


class Response(models.Model):
    """One invited member's answers in a round, possibly on behalf of their organization."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="assessment_responses",
        verbose_name=_("respondent"),
    )
    # Kept as written at invitation time, so the record survives the person leaving.
    respondent_name = models.CharField(
        _("respondent"), max_length=150, validators=[validate_single_line]
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_responses",
        verbose_name=_("on behalf of"),
    )
    # "Respondent 3" in anonymous rounds: a number drawn at random when invited, so it
    # stays the same all round and says nothing about the order of names.
    alias = models.PositiveIntegerField(_("respondent number"), null=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseQuerySet.as_manager()

    if TYPE_CHECKING:
        answers: RelatedManager[Answer]

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["respondent_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_response_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.respondent_name} · {self.round}"

    @property
    def status(self) -> str:
        if self.submitted_at:
            return str(_("Submitted"))
        if self.started_at:
            return str(_("Started"))
        return str(_("Not started"))


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="answers", verbose_name=_("indicator")
    )
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("level"),
    )
    # "Not sure" is an answer of its own, not a level: it completes the response but
    # counts in no median or spread.
    not_sure = models.BooleanField(_("not sure"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "indicator"], name="one_answer_each"),
            models.CheckConstraint(
                condition=models.Q(not_sure=False) | models.Q(level__isnull=True),
                name="not_sure_or_level",
            ),
        ]

    def __str__(self) -> str:
        if self.not_sure:
            return f"{self.indicator.code}: {_('Not sure')}"
        return f"{self.indicator.code}: {self.level or '—'}"

    @property
    def is_answered(self) -> bool:
        """A level or "not sure": either completes the indicator for submitting."""
        return self.level_id is not None or self.not_sure
