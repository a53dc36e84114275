"""Memberships and roles: who may do what in an ecosystem."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .ecosystems import Ecosystem, EcosystemScopedQuerySet, Organization


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
