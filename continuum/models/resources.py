"""The resource library: case studies, webinars and guides tagged with the rubric's
strands and indicators.

The shipped library is the site's; a resource with an ``ecosystem`` is one its
coordinators added, and only that ecosystem sees it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from continuum.models.instruments import Indicator, Strand, visible_q
from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet
from ecosystem.validators import validate_single_line


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
