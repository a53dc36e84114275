"""Webs of Connection: the ties between the ecosystem's actors, and the web kept whole once
a year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet, Organization
from ecosystem.validators import validate_single_line

from ..models.records import Partner


class ConnectionQuerySet(EcosystemScopedQuerySet["Connection"]):
    def with_ends(self) -> ConnectionQuerySet:
        return self.select_related("organization", "first_partner", "other_organization", "partner")

    def listed(self) -> ConnectionQuerySet:
        """In the order tables print them: ties of organizations first, by organization,
        then ties between two partners; within each, by whom it is tied to."""
        return self.with_ends().order_by(
            models.F("organization__name").asc(nulls_last=True),
            "first_partner__name",
            "other_organization__name",
            "partner__name",
            "kind",
            "pk",
        )


class Connection(Versioned):
    """A tie between two actors of the ecosystem, each one of its organizations or one of
    its community partners. Ties have no direction (A works with B is B works with A), so
    each is stored one way only: an organization, when there is one, is the first end
    (``organization``); only a tie between two partners has a partner there
    (``first_partner``). The other end is ``other_organization`` or ``partner``."""

    class Kind(models.TextChoices):
        FORMAL_AGREEMENT = "formal_agreement", _("Formal agreement")
        JOINT_PROGRAM = "joint_program", _("Joint program")
        SHARED_MEMBERS = "shared_members", _("Shared members")
        FUNDING = "funding", _("Funding")
        COMMUNICATION = "communication", _("Communication channel")
        INFORMAL = "informal", _("Informal")

    class Strength(models.IntegerChoices):
        LIGHT = 1, _("Light: occasional contact")
        WORKING = 2, _("Working: regular work together")
        STRONG = 3, _("Strong: each relies on the other")

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="connections", verbose_name=_("ecosystem")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="connections",
        verbose_name=_("organization"),
    )
    first_partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="connections_as_first",
        verbose_name=_("partner"),
        help_text=_("Only for a tie between two partners."),
    )
    other_organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="connections_in",
        verbose_name=_("connected organization"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="connections",
        verbose_name=_("connected partner"),
    )
    kind = models.CharField(
        _("kind of connection"), max_length=30, choices=Kind, validators=[validate_single_line]
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"), choices=Strength, default=Strength.WORKING
    )
    since = models.DateField(_("since"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = ConnectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["organization__name", "pk"]
        constraints = [
            models.CheckConstraint(
                # An organization is the first end whenever the tie has one.
                condition=(
                    models.Q(organization__isnull=False, first_partner__isnull=True)
                    | models.Q(
                        organization__isnull=True,
                        first_partner__isnull=False,
                        other_organization__isnull=True,
                    )
                ),
                name="connection_has_exactly_one_first_end",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(other_organization__isnull=False, partner__isnull=True)
                    | models.Q(other_organization__isnull=True, partner__isnull=False)
                ),
                name="connection_has_exactly_one_other_end",
            ),
            models.CheckConstraint(
                condition=~models.Q(organization=models.F("other_organization")),
                name="connection_not_to_itself",
            ),
            models.CheckConstraint(
                condition=~models.Q(first_partner=models.F("partner")),
                name="connection_not_from_a_partner_to_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_end} — {self.other_end} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:connection_update",
            kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk},
        )

    @property
    def first_end(self) -> Organization | Partner | None:
        return self.organization or self.first_partner

    @property
    def other_end(self) -> Organization | Partner | None:
        return self.other_organization or self.partner

    @property
    def between_partners(self) -> bool:
        return self.first_partner_id is not None


class WebSnapshot(models.Model):
    """The web as it stood on a day, kept whole (names, kinds, ties) so later edits and
    deletions never change what an earlier year looked like. One per ecosystem and year."""

    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.CASCADE,
        related_name="web_snapshots",
        verbose_name=_("ecosystem"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # {"nodes": [{"id", "name", "kind", "group"}...], "edges": [{"a", "b", "kind",
    # "strength", "since"}...]}: see partners/webs/graph.py.
    data = models.JSONField(default=dict)

    objects = EcosystemScopedQuerySet["WebSnapshot"].as_manager()

    class Meta:
        verbose_name = _("web snapshot")
        verbose_name_plural = _("web snapshots")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["ecosystem", "year"], name="one_web_snapshot_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.ecosystem} {self.year}"
