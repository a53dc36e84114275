"""Invitations: the emailed, single-use links that let someone join an ecosystem."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..validators import validate_single_line
from .ecosystems import Ecosystem, EcosystemScopedQuerySet, Organization
from .memberships import Role
from .users import normalize_email


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
    # What the coordinator chose on the invitation form; the Continuum acts on it when
    # the invitation is accepted (see ecosystem/newcomers.py). True unless they unticked
    # it, so someone who joins while rounds are open is not left out by default.
    join_open_rounds = models.BooleanField(
        _("also invited to the open Continuum rounds"), default=True
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
