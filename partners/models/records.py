"""Community partners, tended like a garden, and the people to talk to there.

A partner has a place in two cycles: the relationship's stage (from first contact to
strategic collaboration) and the garden's phase (planting, nurturing, harvesting,
resting), and a way the partnership is formalized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.concurrency import Versioned
from ecosystem.models import Ecosystem, EcosystemScopedQuerySet
from ecosystem.validators import validate_single_line

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from ..webs.models import Connection
    from .documents import PartnerDocument
    from .log import Harvest, HealthCheck, Interaction, Reflection


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NONPROFIT = "nonprofit", _("Nonprofit")
    BUSINESS = "business", _("Business")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    MEDIA = "media", _("Media")
    FAITH = "faith", _("Faith community")
    PHILANTHROPY = "philanthropy", _("Philanthropy")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """How far the relationship has come (in order)."""

    BUILDING = "building", _("Building relationships")
    COMMON_GOAL = "common_goal", _("Common goal, common language")
    SUPPORTIVE = "supportive", _("Supportive roles")
    STRATEGIC = "strategic", _("Strategic collaboration")


STAGE_EXPLANATIONS = {
    Stage.BUILDING: _(
        "You have started talking. Nothing has been done together yet, though you may be "
        "planning to meet."
    ),
    Stage.COMMON_GOAL: _(
        "The partner talks back and wants to explore working together: what you could do "
        "jointly and how each side could gain."
    ),
    Stage.SUPPORTIVE: _(
        "You share a defined goal, and the partner keeps contributing ideas and support to it."
    ),
    Stage.STRATEGIC: _(
        "The partner sees the work as part of its own mission. You communicate on a schedule, "
        "act together, and work toward changes in systems or policy."
    ),
}


class Phase(models.TextChoices):
    """Where the partnership is in the garden's year."""

    PLANTING = "planting", _("Planting seeds")
    NURTURING = "nurturing", _("Nurturing seedlings")
    HARVESTING = "harvesting", _("Harvesting the bounty")
    RESTING = "resting", _("Resting the garden")


PHASE_EXPLANATIONS = {
    Phase.PLANTING: _(
        "Finding where a need of theirs meets an interest of yours, and building trust, "
        "starting from the ties you already have."
    ),
    Phase.NURTURING: _(
        "Listening closely, finding the goals you share and turning an idea into something "
        "real: the fragile early stage."
    ),
    Phase.HARVESTING: _(
        "Taking stock of what you achieved together, celebrating it, and telling others "
        "inside and outside your organizations."
    ),
    Phase.RESTING: _(
        "Looking back at what worked and what did not, and deciding what to keep, grow, "
        "scale back or let go before the next season."
    ),
}


class Formalization(models.TextChoices):
    HANDSHAKE = "handshake", _("Handshake")
    PROPOSAL = "proposal", _("Proposal")
    LETTER = "letter", _("Letter of commitment")
    MOU = "mou", _("Memorandum of understanding")
    CONTRACT = "contract", _("Contract")


class PartnerQuerySet(EcosystemScopedQuerySet["Partner"]):
    def active(self) -> PartnerQuerySet:
        return self.filter(status=Partner.Status.ACTIVE)

    def with_last_contact(self) -> PartnerQuerySet:
        """Annotate ``last_contact``: the date of the latest interaction that has happened
        (a planned one, dated later, does not count), or None."""
        return self.annotate(
            last_contact=models.Max(
                "interactions__date",
                filter=models.Q(interactions__date__lte=timezone.localdate()),
            )
        )

    def search(self, text: str) -> PartnerQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(shared_goal__icontains=text)
            | models.Q(interests__icontains=text)
            | models.Q(expertise__icontains=text)
            | models.Q(contacts__name__icontains=text)
        ).distinct()


class Partner(Versioned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="partners", verbose_name=_("ecosystem")
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector, validators=[validate_single_line]
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_single_line])
    library_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_partners",
        verbose_name=_("library lead"),
        help_text=_("The member who tends this relationship."),
    )
    partner_needs = models.TextField(
        _("what the partner needs"), blank=True, help_text=_("The need that a partnership meets.")
    )
    interests = models.TextField(_("what the partner is interested in"), blank=True)
    library_interest = models.TextField(
        _("what the library is interested in"),
        blank=True,
        help_text=_("The library's own interest that the partner's need meets."),
    )
    expertise = models.TextField(_("the expertise it brings"), blank=True)
    library_brings = models.TextField(_("what the library brings"), blank=True)
    shared_goal = models.TextField(_("the shared goal"), blank=True)
    stage = models.CharField(
        _("relationship stage"),
        max_length=20,
        choices=Stage,
        default=Stage.BUILDING,
        validators=[validate_single_line],
    )
    phase = models.CharField(
        _("garden phase"),
        max_length=20,
        choices=Phase,
        default=Phase.PLANTING,
        validators=[validate_single_line],
    )
    formalization = models.CharField(
        _("how it is formalized"),
        max_length=20,
        choices=Formalization,
        default=Formalization.HANDSHAKE,
        validators=[validate_single_line],
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.ACTIVE,
        validators=[validate_single_line],
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ending_reason = models.TextField(_("why it ended"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = PartnerQuerySet.as_manager()

    if TYPE_CHECKING:
        contacts: RelatedManager[Contact]
        documents: RelatedManager[PartnerDocument]
        interactions: RelatedManager[Interaction]
        harvests: RelatedManager[Harvest]
        health_checks: RelatedManager[HealthCheck]
        reflections: RelatedManager[Reflection]
        connections: RelatedManager[Connection]
        connections_as_first: RelatedManager[Connection]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"), "ecosystem", name="partner_name_unique_in_ecosystem"
            ),
        ]
        indexes = [
            models.Index(fields=["ecosystem", "stage"]),
            models.Index(fields=["ecosystem", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:partner_detail", kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk}
        )

    @property
    def next_stage(self) -> Stage:
        """The stage after this one (the last stays the last): where a move usually goes."""
        stages = list(Stage)
        return stages[min(stages.index(Stage(self.stage)) + 1, len(stages) - 1)]

    @property
    def stage_explanation(self) -> str:
        return str(STAGE_EXPLANATIONS[Stage(self.stage)])

    @property
    def phase_explanation(self) -> str:
        return str(PHASE_EXPLANATIONS[Phase(self.phase)])


class Contact(Versioned):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150, validators=[validate_single_line])
    role = models.CharField(
        _("role"), max_length=150, blank=True, validators=[validate_single_line]
    )
    email = models.EmailField(_("email"), blank=True, validators=[validate_single_line])
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partner", "pk"]

    def __str__(self) -> str:
        return self.name
