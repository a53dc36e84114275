"""Ecosystems, the organizations that take part in them, and the queryset every
ecosystem-scoped record is fetched through."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..concurrency import Versioned
from ..validators import validate_single_line

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models.fields.related_descriptors import RelatedManager
    from django_stubs_ext import StrOrPromise

    from .invitations import Invitation
    from .memberships import Membership


# --- Ecosystems ---------------------------------------------------------------------------


class EcosystemQuerySet(models.QuerySet["Ecosystem"]):
    def for_user(self, user: Any) -> EcosystemQuerySet:
        """The ecosystems a user belongs to; nothing for anonymous visitors."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Ecosystem(Versioned):
    """A workspace: one state's (or region's, or town's) library community."""

    class Level(models.TextChoices):
        STATE = "state", _("State")
        REGIONAL = "regional", _("Regional")
        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        _("short name for web addresses"),
        max_length=60,
        unique=True,
        help_text=_("Letters, numbers and hyphens, e.g. ohio. It appears in every link."),
        validators=[validate_single_line],
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level,
        default=Level.STATE,
        validators=[validate_single_line],
    )
    region = models.CharField(
        _("region"),
        max_length=120,
        blank=True,
        help_text=_("The state, region or community it covers, e.g. Ohio."),
        validators=[validate_single_line],
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EcosystemQuerySet.as_manager()

    if TYPE_CHECKING:
        memberships: RelatedManager[Membership]
        organizations: RelatedManager[Organization]
        invitations: RelatedManager[Invitation]

    class Meta:
        verbose_name = _("ecosystem")
        verbose_name_plural = _("ecosystems")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ecosystem:home", kwargs={"ecosystem_slug": self.slug})


_M = TypeVar("_M", bound=models.Model)


class EcosystemScopedQuerySet(models.QuerySet[_M]):
    """Every record that belongs to an ecosystem is fetched through it, never on its own."""

    def for_ecosystem(self, ecosystem: Ecosystem) -> Self:
        return self.filter(ecosystem=ecosystem)


# --- Organizations ------------------------------------------------------------------------


class OrganizationQuerySet(EcosystemScopedQuerySet["Organization"]):
    def search(self, text: str) -> OrganizationQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(city__icontains=text)
            | models.Q(contact_name__icontains=text)
            | models.Q(notes__icontains=text)
        )


class Organization(Versioned):
    """A participating organization. The variety of kinds is what makes an ecosystem."""

    class Kind(models.TextChoices):
        PUBLIC_LIBRARY = "public_library", _("Public library")
        ACADEMIC_LIBRARY = "academic_library", _("Academic library")
        SCHOOL_LIBRARY = "school_library", _("School library")
        SPECIAL_LIBRARY = "special_library", _("Special library")
        TRIBAL_LIBRARY = "tribal_library", _("Tribal library")
        STATE_LIBRARY = "state_library", _("State library")
        LIBRARY_SYSTEM = "library_system", _("Library system")
        CONSORTIUM = "consortium", _("Library consortium")
        STATE_AGENCY = "state_agency", _("State library agency")
        STATE_ASSOCIATION = "state_association", _("State library association")
        ASSOCIATION_CHAPTER = "association_chapter", _("Association chapter or division")
        SCHOOL_LIBRARY_ASSOCIATION = "school_library_association", _("School library association")
        ACRL_CHAPTER = "acrl_chapter", _("ACRL chapter")
        PLA_CHAPTER = "pla_chapter", _("PLA chapter")
        FRIENDS = "friends", _("Friends of the library group")
        TRUSTEES = "trustees", _("Library trustees or board")
        FOUNDATION = "foundation", _("Library foundation")
        LIS_SCHOOL = "lis_school", _("Library and information science school")
        VENDOR = "vendor", _("Library vendor")
        LITERACY = "literacy", _("Literacy organization")
        OTHER = "other", _("Other library organization")

    # The kinds grouped the way people think of them; used for <optgroup>s and coverage.
    KIND_GROUPS: list[tuple[StrOrPromise, list[Kind]]] = [
        (
            _("Libraries"),
            [
                Kind.PUBLIC_LIBRARY,
                Kind.ACADEMIC_LIBRARY,
                Kind.SCHOOL_LIBRARY,
                Kind.SPECIAL_LIBRARY,
                Kind.TRIBAL_LIBRARY,
                Kind.STATE_LIBRARY,
            ],
        ),
        (_("Systems and agencies"), [Kind.LIBRARY_SYSTEM, Kind.CONSORTIUM, Kind.STATE_AGENCY]),
        (
            _("Associations"),
            [
                Kind.STATE_ASSOCIATION,
                Kind.ASSOCIATION_CHAPTER,
                Kind.SCHOOL_LIBRARY_ASSOCIATION,
                Kind.ACRL_CHAPTER,
                Kind.PLA_CHAPTER,
            ],
        ),
        (_("Supporters"), [Kind.FRIENDS, Kind.TRUSTEES, Kind.FOUNDATION]),
        (
            _("Education, business and community"),
            [
                Kind.LIS_SCHOOL,
                Kind.VENDOR,
                Kind.LITERACY,
                Kind.OTHER,
            ],
        ),
    ]

    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.CASCADE,
        related_name="organizations",
        verbose_name=_("ecosystem"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(
        _("kind"), max_length=40, choices=Kind, validators=[validate_single_line]
    )
    city = models.CharField(
        _("city or town"), max_length=120, blank=True, validators=[validate_single_line]
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_single_line])
    contact_name = models.CharField(
        _("contact person"), max_length=150, blank=True, validators=[validate_single_line]
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, validators=[validate_single_line]
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=40, blank=True, validators=[validate_single_line]
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = OrganizationQuerySet.as_manager()

    if TYPE_CHECKING:
        representatives: RelatedManager[Membership]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "ecosystem", name="organization_name_unique_in_ecosystem"
            ),
        ]
        indexes = [models.Index(fields=["ecosystem", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "ecosystem:organization_detail",
            kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk},
        )

    @classmethod
    def group_by_kind(
        cls, organizations: Iterable[Organization]
    ) -> list[tuple[StrOrPromise, list[Organization]]]:
        """Organizations under their kind's group, in the groups' order, kind by kind."""
        order = {kind.value: index for index, kind in enumerate(cls.Kind)}
        groups = []
        for label, kinds in cls.KIND_GROUPS:
            members = [org for org in organizations if org.kind in kinds]
            if members:
                groups.append((label, sorted(members, key=lambda o: (order[o.kind], o.name))))
        return groups

    @classmethod
    def grouped_kind_choices(cls) -> list[tuple[str, list[tuple[str, str]]]]:
        return [
            (str(group), [(kind.value, str(kind.label)) for kind in kinds])
            for group, kinds in cls.KIND_GROUPS
        ]
