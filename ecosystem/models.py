"""The core records: people, ecosystems, the organizations in them, and who may do what."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin
from simple_history.models import HistoricalRecords

from .concurrency import Versioned
from .storage import private_storage, report_file_path
from .validators import validate_single_line

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from django.db.models.fields.related_descriptors import RelatedManager
    from django_stubs_ext import StrOrPromise


def normalize_email(email: str) -> str:
    """One spelling per address, so "Ann@Library.org", " ann@library.org" and the same
    address typed in full-width letters are one person and one sign-in lockout key.

    NFKC folds compatibility characters (full-width letters, ligatures, the ideographic
    space) into their plain forms, as Django's sign-in form does before authenticating;
    case folding then compares case the Unicode way ("ß" and "SS" agree, where lower() does
    not). NFKC runs again because case folding can produce characters it would change.
    Every path that reads an address goes through here: a second spelling rule anywhere
    would give one account two lockout counters.
    """
    folded = unicodedata.normalize("NFKC", email).casefold()
    return unicodedata.normalize("NFKC", folded).strip()


# --- People -------------------------------------------------------------------------------


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalize_email(username or ""))


# django-stubs cannot see the reverse accessor of RecoveryCodes.user: the field comes
# from django-otp's untyped abstract Device.
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """Someone who signs in, by email address. What they may do depends on their memberships."""

    email = models.EmailField(_("email address"), unique=True, validators=[validate_single_line])
    full_name = models.CharField(_("full name"), max_length=150, validators=[validate_single_line])
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("site administrator"),
        default=False,
        help_text=_("Can sign in to the Django admin and edit the toolkit content."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Raised by "sign out everywhere else": it is part of the session hash, so every
    # session signed in before the change stops working (see get_session_auth_hash).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # When this person's roles last changed; a session older than this gets a new key
    # on its next request (a privilege change renews the session, as a sign-in does).
    sessions_renew_after = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    if TYPE_CHECKING:
        memberships: RelatedManager[Membership]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    # Django keeps a hash of the password in the session and ends any session whose hash
    # no longer matches. Mixing the epoch in lets one click end every other session
    # without a password change. While the epoch is 0 the hash is Django's own, so
    # sessions signed in before this existed stay valid.
    def get_session_auth_hash(self) -> str:
        return self._hash_with_epoch(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback in super().get_session_auth_fallback_hash():
            yield self._hash_with_epoch(fallback)

    def _hash_with_epoch(self, password_hash: str) -> str:
        if not self.session_epoch:
            return password_hash
        return hashlib.sha256(f"{password_hash}:{self.session_epoch}".encode()).hexdigest()

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


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


# --- Memberships and roles ----------------------------------------------------------------


class Role(models.IntegerChoices):
    """What a member may do. Ordered: each role can do everything the ones below it can."""

    VIEWER = 10, _("Viewer")
    CONTRIBUTOR = 20, _("Contributor")
    EDITOR = 30, _("Editor")
    COORDINATOR = 40, _("Coordinator")

    @property
    def description(self) -> str:
        return str(ROLE_DESCRIPTIONS[self])


ROLE_DESCRIPTIONS = {
    Role.VIEWER: _("Can read everything in the ecosystem and print reports."),
    Role.CONTRIBUTOR: _(
        "Can answer for their own organization (self-assessments, agenda input), besides "
        "reading everything."
    ),
    Role.EDITOR: _(
        "Can fill in worksheets and keep organization and partner records, besides what "
        "contributors do."
    ),
    Role.COORDINATOR: _(
        "Can invite members, run assessment rounds and agenda cycles, and publish, besides "
        "what editors do."
    ),
}


class MembershipQuerySet(EcosystemScopedQuerySet["Membership"]):
    def coordinators(self) -> MembershipQuerySet:
        return self.filter(role=Role.COORDINATOR)

    def search(self, text: str) -> MembershipQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(user__full_name__icontains=text)
            | models.Q(user__email__icontains=text)
            | models.Q(organization__name__icontains=text)
        )


class Membership(models.Model):
    """One person's place in one ecosystem: their role and the organization they speak for."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("ecosystem")
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=Role, default=Role.VIEWER)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("organization represented"),
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "ecosystem"], name="one_membership_per_ecosystem"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.ecosystem} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.organization is not None and self.organization.ecosystem_id != self.ecosystem_id:
            raise ValidationError(
                {"organization": _("Choose an organization from the same ecosystem.")}
            )

    def has_role(self, role: int) -> bool:
        return self.role >= role

    @property
    def can_contribute(self) -> bool:
        return self.has_role(Role.CONTRIBUTOR)

    @property
    def can_edit(self) -> bool:
        return self.has_role(Role.EDITOR)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)


# --- Invitations --------------------------------------------------------------------------


def hash_token(token: str) -> str:
    # Only the hash is stored, so a copy of the database does not hold usable links.
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(EcosystemScopedQuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """An emailed, single-use link that lets someone join an ecosystem with a given role."""

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("ecosystem")
    )
    email = models.EmailField(_("email address"), validators=[validate_single_line])
    role = models.PositiveSmallIntegerField(_("role"), choices=Role, default=Role.CONTRIBUTOR)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization represented"),
    )
    token_hash = models.CharField(
        max_length=64, unique=True, editable=False, validators=[validate_single_line]
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # Inviting the same address again renews the open invitation instead.
            models.UniqueConstraint(
                fields=["ecosystem", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.ecosystem}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def issue_token(self) -> str:
        """Give the invitation a fresh link and expiry; returns the token for the email."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
        return token

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


# --- Printed reports and one-pagers --------------------------------------------------------


class ReportJobQuerySet(EcosystemScopedQuerySet["ReportJob"]):
    def pending(self) -> ReportJobQuerySet:
        """Waiting for the worker, or being rendered."""
        return self.filter(status__in=ReportJob.PENDING)


class ReportJob(models.Model):
    """One long PDF (the workshop kit or the coordinator's report), rendered by the
    background worker rather than the web process. The page polls it for the percent done
    and the step the worker is on."""

    class Kind(models.TextChoices):
        KIT = "kit", _("Blank workshop kit")
        REPORT = "report", _("Coordinator's report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PENDING = (Status.QUEUED, Status.RUNNING)

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="report_jobs", verbose_name=_("ecosystem")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, validators=[validate_single_line]
    )
    # What the coordinator picked: {"sections": [...], "start": "YYYY-MM-DD", "end": ...}.
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.QUEUED,
        validators=[validate_single_line],
    )
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    step = models.CharField(
        _("current step"), max_length=200, blank=True, validators=[validate_single_line]
    )
    error = models.TextField(_("why it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(
        max_length=64, blank=True, editable=False, validators=[validate_single_line]
    )
    # The rendered PDF, in the private storage: only the job's download view serves it.
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=report_file_path,
        blank=True,
        editable=False,
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["ecosystem", "-created_at"])]
        constraints = [
            # One pending job per person and kind: more clicks (another tab, impatience)
            # follow the first instead of queueing the same render again. The database
            # decides, so two requests at the same instant cannot both add one. A job whose
            # requester left (NULL) never conflicts.
            models.UniqueConstraint(
                fields=["ecosystem", "requested_by", "kind"],
                condition=models.Q(status__in=["queued", "running"]),  # ReportJob.PENDING
                name="one_pending_report_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse(
            "ecosystem:report_job", kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk}
        )

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


@receiver(post_delete, sender=ReportJob, dispatch_uid="ecosystem.report_file_delete")
def delete_file_with_job(
    sender: type[ReportJob], instance: ReportJob, using: str, **kwargs: Any
) -> None:
    """A deleted job (pruned, or gone with its ecosystem) takes its PDF with it, once the
    deletion is committed: a rolled-back deletion keeps a file its row still names."""
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name), using=using)


class OnePager(models.Model):
    """A promotional handout. Its wording is shared toolkit content, edited in the admin;
    each ecosystem's figures fill the ``{placeholders}`` when it is printed."""

    class Name(models.TextChoices):
        RECIPE = "recipe", _("A strong library ecosystem recipe")
        ONE_VOICE = "one-voice", _("One voice magnifies the message")

    slug = models.SlugField(
        _("handout"), max_length=40, unique=True, choices=Name, validators=[validate_single_line]
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    tagline = models.CharField(
        _("tagline"), max_length=300, blank=True, validators=[validate_single_line]
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: **bold**, *italic*, ## headings, - lists. Placeholders in braces are "
            "replaced with the ecosystem's own figures; the list below the box names them."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("one-pager")
        verbose_name_plural = _("one-pagers")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


# The one-pagers' ``{placeholders}``, and what each stands for: the admin lists these
# under the text box, and the one-pagers fill in exactly these.
ONE_PAGER_PLACEHOLDERS: dict[str, StrOrPromise] = {
    "ecosystem": _("The ecosystem's name."),
    "region": _("The region it covers (its name when no region is set)."),
    "organization_count": _("How many organizations take part."),
    "kind_count": _("How many different kinds of organizations take part."),
    "organizations_by_kind": _(
        "A list, one line per group (libraries, associations, supporters…): how many of "
        "each kind take part. Put it on a line of its own."
    ),
    "organization_names": _("The organizations' names, separated by commas."),
    "partner_count": _(
        "How many community partners are active and have at least reached a common goal and "
        "common language (partnerships still at first contact are not counted)."
    ),
    "signed_count": _("How many organizations signed on to the latest published shared agenda."),
    "sign_on_summary": _(
        "A sentence: how many of the participating organizations signed on to the latest "
        "published agenda, or that none has (or that no agenda is published yet)."
    ),
    "signers": _(
        "A list of the organizations that signed on to the latest published agenda, and no "
        "others. Put it on a line of its own."
    ),
    "agenda_title": _("The title of the latest published shared agenda."),
    "priority_count": _("How many priorities that agenda has."),
    "agenda_priorities": _(
        "A numbered list: that agenda's priorities, in rank order. Put it on a line of its own."
    ),
    "strands": _(
        "The Ecosystem Continuum's strands, e.g. “Leadership, Communication, Collaboration "
        "and Sustainability”."
    ),
}


# --- Sign-in security ------------------------------------------------------------------------


class SignInThrottle(models.Model):
    """Failed sign-ins for one email address, from every network address together.

    django-axes pauses one address after repeated failures for one account; this counts
    the failures an attacker spreads over many addresses. Past a limit each further
    failure pauses the account a little longer (see ``ecosystem.security.throttle``). The
    row is keyed by the address as typed (normalized), whether an account has it or not,
    so the pause never tells anyone that an account exists.
    """

    email = models.CharField(
        _("email address"), max_length=254, unique=True, validators=[validate_single_line]
    )
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"))
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return self.email


# Enough of a browser's self-description for a person to recognize their own devices.
# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


def describe_browser(user_agent: str) -> str:
    """A browser as people know it ("Firefox on Windows"), from its User-Agent header."""
    browser = next((name for token, name in BROWSERS if token in user_agent), None)
    system = next((name for token, name in SYSTEMS if token in user_agent), None)
    if browser and system:
        return str(_("%(browser)s on %(system)s") % {"browser": browser, "system": system})
    return browser or system or str(_("An unknown browser"))


class UserSessionQuerySet(models.QuerySet["UserSession"]):
    def active(self) -> UserSessionQuerySet:
        idle = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
        return self.filter(last_seen_at__gt=timezone.now() - idle)


class UserSession(models.Model):
    """One signed-in browser, so its owner can see where they are signed in.

    Found through a random id kept in the session, not through the session key: the key
    changes at every renewal, and this table never holds a usable session.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signed_in_sessions",
        verbose_name=_("person"),
    )
    token = models.CharField(
        max_length=64, unique=True, editable=False, validators=[validate_single_line]
    )
    ip_address = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    user_agent = models.CharField(
        _("browser"), max_length=300, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last active"), default=timezone.now)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "-last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def browser(self) -> str:
        return describe_browser(self.user_agent)


class RecoveryCodes(ThrottlingMixin, Device):
    """One-time codes for signing in when the authenticator app is out of reach.

    django-otp's own static codes are stored as typed; these are stored as hashes. Each
    code carries 120 random bits, so a plain SHA-256 is safe (a guess costs as much as
    guessing the code) and a code is found with one indexed lookup.
    """

    # Device's own name field, with the rule every single-line field follows.
    name: models.CharField[str, str] = models.CharField(
        max_length=64, validators=[validate_single_line]
    )

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: str) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(code_hash=hash_recovery_code(token)).delete()[0]
        if used:
            self.throttle_reset(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(used)


def hash_recovery_code(code: str) -> str:
    # Spaces, dashes and case do not count: people copy codes in many ways.
    plain = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(plain.encode()).hexdigest()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True, validators=[validate_single_line])

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return str(_("a recovery code"))
