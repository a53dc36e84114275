"""The core records, one module per subject: people (``users``), ecosystems and their
organizations (``ecosystems``), memberships and roles (``memberships``), invitations
(``invitations``), printed documents (``reports``) and sign-in security (``security``).

Django finds the models here. Besides the models and ``Role``, this gathers what the
tool apps build on: ``EcosystemScopedQuerySet`` (their records' querysets) and
``normalize_email``; ``UserManager`` stays here because migration 0001 names it so.
Other helpers are imported from their subject's module.
"""

from .ecosystems import Ecosystem, EcosystemScopedQuerySet, Organization
from .invitations import Invitation
from .memberships import Membership, Role
from .notifications import Notification, NotificationSetting, Topic
from .reports import OnePager, ReportJob
from .security import RecoveryCode, RecoveryCodes, SignInThrottle, UserSession
from .users import User, UserManager, normalize_email

__all__ = [
    "Ecosystem",
    "EcosystemScopedQuerySet",
    "Invitation",
    "Membership",
    "Notification",
    "NotificationSetting",
    "OnePager",
    "Organization",
    "RecoveryCode",
    "RecoveryCodes",
    "ReportJob",
    "Role",
    "SignInThrottle",
    "Topic",
    "User",
    "UserManager",
    "UserSession",
    "normalize_email",
]
