"""People who sign in, and the one spelling of an email address."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..validators import validate_single_line

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.models.fields.related_descriptors import RelatedManager

    from .memberships import Membership


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
