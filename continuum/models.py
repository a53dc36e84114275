"""The Ecosystem Continuum: instruments and their versions, assessment rounds, answers.

Content (instruments, versions, levels, strands, indicators, descriptors, resources) is
the toolkit's own, shared by every ecosystem and edited by site administrators; an
instrument or resource with an ``ecosystem`` is that ecosystem's own (an adapted
instrument, a resource its coordinators added) and nobody else sees it. Rounds,
responses, answers and consensus belong to one ecosystem.

One engine serves every instrument: the Continuum rubric (four levels with a descriptor
for each indicator) as well as checklists (yes / partly / not yet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


class FrozenVersionError(ValidationError):
    """A published version's wording cannot change: past rounds were taken against it."""

    def __init__(self, version: InstrumentVersion) -> None:
        super().__init__(
            _(
                "%(version)s is published, so its wording is frozen: rounds were or will be "
                "answered against it. Duplicate it as a new draft version to make changes."
            )
            % {"version": version},
            code="frozen",
        )


# --- Instruments and their versions --------------------------------------------------------


class InstrumentQuerySet(EcosystemScopedQuerySet["Instrument"]):
    def visible_to(self, ecosystem: Ecosystem | None) -> InstrumentQuerySet:
        """The site-wide instruments and, with an ecosystem, its own adapted ones."""
        return self.filter(visible_q(ecosystem))


def visible_q(ecosystem: Ecosystem | None, prefix: str = "") -> models.Q:
    """Site-wide (no ecosystem) or owned by ``ecosystem``; ``prefix`` reaches the owner
    through a relation, e.g. ``instrument__``."""
    site_wide = models.Q(**{f"{prefix}ecosystem__isnull": True})
    return site_wide | models.Q(**{f"{prefix}ecosystem": ecosystem}) if ecosystem else site_wide


class Instrument(models.Model):
    """A rubric or checklist of the toolkit. Its wording lives in numbered versions.

    A site-wide instrument has no ecosystem. An ecosystem adapts one by copying a
    published version into an instrument of its own (``adapted_from``), whose wording
    its coordinators edit and publish for themselves only.
    """

    class Kind(models.TextChoices):
        RUBRIC = "rubric", _("Rubric")
        CHECKLIST = "checklist", _("Checklist")

    slug = models.SlugField(
        _("short name"), max_length=60, unique=True, validators=[validate_single_line]
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        default=Kind.RUBRIC,
        validators=[validate_single_line],
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("adapted by"),
        help_text=_("Empty for the site-wide instruments every ecosystem sees."),
    )
    adapted_from = models.ForeignKey(
        "InstrumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("adapted from"),
    )
    based_on = models.CharField(
        _("based on"),
        max_length=300,
        blank=True,
        help_text=_(
            "The published work this wording draws on, as the credit line names it, e.g. "
            "the American Library Association's Strong Library Ecosystems toolkit."
        ),
        validators=[validate_single_line],
    )

    history = HistoricalRecords()
    objects = InstrumentQuerySet.as_manager()

    if TYPE_CHECKING:
        versions: RelatedManager[InstrumentVersion]

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def latest_published(self) -> InstrumentVersion | None:
        return self.versions.filter(status=InstrumentVersion.Status.PUBLISHED).first()

    @property
    def is_site_wide(self) -> bool:
        return self.ecosystem_id is None


class VersionQuerySet(models.QuerySet["InstrumentVersion"]):
    def published(self) -> VersionQuerySet:
        return self.filter(status=InstrumentVersion.Status.PUBLISHED)

    def drafts(self) -> VersionQuerySet:
        return self.filter(status=InstrumentVersion.Status.DRAFT)

    def visible_to(self, ecosystem: Ecosystem | None) -> VersionQuerySet:
        """Versions of the site-wide instruments and of ``ecosystem``'s own."""
        return self.filter(visible_q(ecosystem, "instrument__"))

    def latest_per_instrument(self, ecosystem: Ecosystem | None = None) -> list[InstrumentVersion]:
        """The newest published version of each instrument the ecosystem sees (without
        one, the site-wide instruments only), in the instruments' order."""
        latest: dict[int, InstrumentVersion] = {}
        versions = self.published().visible_to(ecosystem)
        versions = versions.select_related(
            "instrument__ecosystem", "instrument__adapted_from__instrument"
        )
        for version in versions.order_by("-number"):
            latest.setdefault(version.instrument_id, version)
        return sorted(latest.values(), key=lambda v: (v.instrument.position, v.instrument.name))


class InstrumentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("instrument")
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        validators=[validate_single_line],
    )
    notes = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts saves of the draft's wording in the app's editor, so two coordinators
    # editing the same draft never silently overwrite each other.
    revision = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["revision"])
    objects = VersionQuerySet.as_manager()

    if TYPE_CHECKING:
        levels: RelatedManager[Level]
        strands: RelatedManager[Strand]
        indicators: RelatedManager[Indicator]

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__position", "instrument__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return _("%(instrument)s, version %(number)s") % {
            "instrument": self.instrument,
            "number": self.number,
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Publishing is the one change a draft may make to its own status; afterwards
        # nothing about the version changes.
        self.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.check_editable()
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def check_editable(self) -> None:
        """Refuse any change to content of a version that is published in the database."""
        if self.pk is None:
            return
        stored = InstrumentVersion.objects.filter(pk=self.pk).values_list("status", flat=True)
        if stored and stored[0] == self.Status.PUBLISHED:
            raise FrozenVersionError(self)


class VersionContent(models.Model):
    """Part of a version's wording: refuses to change once the version is published."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.content_version().check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.content_version().check_editable()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.content_version().check_editable()

    def content_version(self) -> InstrumentVersion:
        raise NotImplementedError


class Level(VersionContent):
    """One step of a version's scale, e.g. "Developing" (2) or, for checklists, "Partly"."""

    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("version"),
    )
    value = models.SmallIntegerField(
        _("value"), help_text=_("Its score. Higher is stronger; the scale is ordered by it.")
    )
    label = models.CharField(_("label"), max_length=60, validators=[validate_single_line])
    description = models.CharField(
        _("short description"), max_length=300, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="one_level_per_value"),
        ]

    def __str__(self) -> str:
        return self.label

    def content_version(self) -> InstrumentVersion:
        return self.version


class Strand(VersionContent):
    """One of the pillars a version is organised in, e.g. Leadership."""

    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.CASCADE,
        related_name="strands",
        verbose_name=_("version"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, db_index=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("Stays the same across versions, so rounds can be compared, e.g. LEAD."),
        validators=[validate_single_line],
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        indicators: RelatedManager[Indicator]

    class Meta:
        verbose_name = _("strand")
        verbose_name_plural = _("strands")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_strand_per_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def content_version(self) -> InstrumentVersion:
        return self.version


class Indicator(VersionContent):
    """A statement an ecosystem rates itself on, within a strand."""

    strand = models.ForeignKey(
        Strand, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("strand")
    )
    # The strand's version, kept here so a code is unique across the whole version and
    # a version's indicators come in one query.
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="indicators", editable=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, db_index=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("Stays the same across versions, so rounds can be compared, e.g. LEAD-2."),
        validators=[validate_single_line],
    )
    statement = models.TextField(_("statement"))
    guidance = models.TextField(_("guidance"), blank=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        descriptors: RelatedManager[Descriptor]

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["strand__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_indicator_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.version_id = self.strand.version_id
        super().save(*args, **kwargs)

    def content_version(self) -> InstrumentVersion:
        return self.strand.version


class Descriptor(VersionContent):
    """What an indicator looks like at one level of the scale."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("indicator")
    )
    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("level")
    )
    text = models.TextField(_("descriptor"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("descriptor")
        verbose_name_plural = _("descriptors")
        ordering = ["indicator", "level__value"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="one_descriptor_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.level.label}"

    def content_version(self) -> InstrumentVersion:
        return self.indicator.strand.version

    def clean(self) -> None:
        super().clean()
        if (
            self.level_id
            and self.indicator_id
            and self.level.version_id != self.indicator.version_id
        ):
            raise ValidationError({"level": _("Choose a level of the same version.")})


# --- Resource library ----------------------------------------------------------------------


class Topic(models.Model):
    name = models.CharField(
        _("name"), max_length=80, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(
        _("short name"), max_length=80, unique=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResourceQuerySet(EcosystemScopedQuerySet["Resource"]):
    def visible_to(self, ecosystem: Ecosystem | None) -> ResourceQuerySet:
        """The shipped library and, with an ecosystem, the resources it added."""
        return self.filter(visible_q(ecosystem))

    def search(self, text: str) -> ResourceQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(models.Q(title__icontains=text) | models.Q(summary__icontains=text))

    def for_codes(self, strand_codes: set[str], indicator_codes: set[str]) -> ResourceQuerySet:
        """Resources tagged with these strands or indicators, in whatever version."""
        return self.filter(
            models.Q(strands__code__in=strand_codes)
            | models.Q(indicators__code__in=indicator_codes)
        ).distinct()


class Resource(Versioned):
    """A case study, webinar, guide or news item that helps an ecosystem grow stronger.

    Shipped resources (no ecosystem) are the site's; coordinators add their own
    ecosystem's, which only that ecosystem sees.
    """

    class Kind(models.TextChoices):
        CASE_STUDY = "case_study", _("Case study")
        WEBINAR = "webinar", _("Webinar")
        GUIDE = "guide", _("Guide")
        NEWS = "news", _("News")

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, validators=[validate_single_line]
    )
    url = models.URLField(_("link"), blank=True, validators=[validate_single_line])
    source = models.CharField(
        _("where to find it"),
        max_length=300,
        blank=True,
        help_text=_("Who published it and where, e.g. the publisher and the series or site."),
        validators=[validate_single_line],
    )
    summary = models.TextField(_("summary"))
    published_on = models.DateField(_("published"), null=True, blank=True)
    strands = models.ManyToManyField(
        Strand, blank=True, related_name="resources", verbose_name=_("strands")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="resources", verbose_name=_("indicators")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="resources", verbose_name=_("topics")
    )
    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("added by"),
        help_text=_("Empty for the shipped library every ecosystem sees."),
    )

    history = HistoricalRecords(
        m2m_fields=[strands, indicators, topics], excluded_fields=["version"]
    )
    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title


# --- Rounds, responses, answers, consensus -------------------------------------------------


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


class Consensus(Versioned):
    """The level the ecosystem agreed on for an indicator after talking it through."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="consensus", verbose_name=_("round")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("agreed level")
    )
    rationale = models.TextField(_("why"), help_text=_("What the discussion concluded."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus")
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="one_consensus_each"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.level}"
