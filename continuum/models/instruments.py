"""Instruments, their numbered versions and the wording of each version.

Instruments and their wording are the toolkit's own, shared by every ecosystem and edited
by site administrators; an instrument with an ``ecosystem`` is that ecosystem's adapted
copy, and nobody else sees it.

One engine serves every instrument: the Continuum rubric (four levels with a descriptor
for each indicator) as well as checklists (yes / partly / not yet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.models import Ecosystem, EcosystemScopedQuerySet
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
