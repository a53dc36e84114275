"""Community partners, tended like a garden, and the record of the ecosystem's progress.

A partner has a place in two cycles: the relationship's stage (from first contact to
strategic collaboration) and the garden's phase (planting, nurturing, harvesting,
resting). Around it: its contacts, the documents that formalize it, every interaction,
what it yielded (harvests), how healthy it is, and a yearly reflection. Separately, the
ecosystem keeps its own progress record, tagged by the Continuum's strands.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
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


# --- Partners ------------------------------------------------------------------------------------


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


def private_storage() -> FileSystemStorage:
    """Documents live outside the static files and the web server's reach: only a view
    that checks the member's access ever reads them. (A callable, so migrations name the
    function instead of one machine's folder.)"""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def document_path(document: PartnerDocument, filename: str) -> str:
    # A random name: nobody can guess a file's path from a partner or its title.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"partners/{uuid.uuid4().hex}{suffix}"


class PartnerDocument(models.Model):
    """A document that formalizes a partnership: a proposal, a letter, an MOU, a contract."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("kind"), max_length=20, choices=Formalization, validators=[validate_single_line]
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path)
    content_type = models.CharField(
        max_length=100, editable=False, validators=[validate_single_line]
    )
    size = models.PositiveIntegerField(editable=False)
    original_name = models.CharField(
        max_length=255, editable=False, validators=[validate_single_line]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("partnership document")
        verbose_name_plural = _("partnership documents")
        ordering = ["partner", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


# --- Progress logs: interactions, harvests, health, reflection -----------------------------------


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
        return min(getattr(self, name) for name, _label in HEALTH_ELEMENTS)


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


class GardenReflectionQuerySet(EcosystemScopedQuerySet["GardenReflection"]):
    pass


class GardenReflection(Versioned):
    """Resting the whole garden: once a year the ecosystem looks at all its partnerships
    together (beside each partnership's own reflection) and plans the next season."""

    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.CASCADE,
        related_name="garden_reflections",
        verbose_name=_("ecosystem"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    enough_gardeners = models.TextField(
        _("do we have enough gardeners for our partners?"), blank=True
    )
    missing_sectors = models.TextField(_("which sectors are missing?"), blank=True)
    community_needs = models.TextField(_("what did the community need most?"), blank=True)
    plant_next = models.TextField(_("what do we plant next year?"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GardenReflectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("whole-garden reflection")
        verbose_name_plural = _("whole-garden reflections")
        ordering = ["ecosystem", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["ecosystem", "year"], name="one_garden_reflection_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ecosystem} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:garden_reflection_detail",
            kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk},
        )


# --- Recording Progress Towards a Library Ecosystem ----------------------------------------------


class ProgressEntryQuerySet(EcosystemScopedQuerySet["ProgressEntry"]):
    pass


class ProgressEntry(Versioned):
    """A step the ecosystem took, tagged with the Continuum strand it strengthens."""

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="progress_entries"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    strand_code = models.CharField(
        _("strand"),
        max_length=20,
        help_text=_("The Continuum strand this work strengthens."),
        validators=[validate_single_line],
    )
    indicator_code = models.CharField(
        _("indicator"), max_length=20, blank=True, validators=[validate_single_line]
    )
    activity = models.TextField(_("activity"))
    outcome = models.TextField(_("outcome"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="progress_entries", verbose_name=_("organizations")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="progress_entries", verbose_name=_("partners")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["ecosystem", "-date"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.activity[:60]}"


class PartnerImportQuerySet(EcosystemScopedQuerySet["PartnerImport"]):
    pass


class PartnerImport(models.Model):
    """A CSV import waiting for the user to confirm it: the parsed rows and their errors."""

    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255, validators=[validate_single_line])
    rows = models.JSONField(default=list)  # [{"line": 2, "data": {...}, "errors": [...]}, ...]
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner import")
        verbose_name_plural = _("partner imports")

    def __str__(self) -> str:
        return self.filename


# --- Webs of Connection --------------------------------------------------------------------------


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
