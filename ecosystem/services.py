"""Operations on memberships and invitations that touch several records at once.

Each runs in one transaction: it either happens completely or not at all.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import BadHeaderError, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import newcomers
from .models import (
    Ecosystem,
    Invitation,
    Membership,
    Organization,
    Role,
    User,
    normalize_email,
)
from .models.invitations import hash_token
from .validators import single_line

logger = logging.getLogger(__name__)


class MembershipError(Exception):
    """An operation refused for a reason the user should read."""


class LastCoordinatorError(MembershipError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "An ecosystem always needs at least one coordinator. Make someone else a "
                "coordinator first."
            )
        )


class AlreadyMemberError(MembershipError):
    pass


class InvitationUnusableError(MembershipError):
    pass


class InvitationNotSentError(MembershipError):
    """The invitation's message could not be handed to the mail server: nothing was saved."""


# What sending raises when the message cannot be handed over: a header Django refuses to
# write (BadHeaderError), a server that refuses the message (SMTPException) or cannot be
# reached at all (OSError: connection refused, time-out, unknown host). SMTPException is
# itself an OSError; it is named for the reader.
MAIL_FAILURES = (BadHeaderError, smtplib.SMTPException, OSError)


# --- Invitations ------------------------------------------------------------------------


@transaction.atomic
def invite(
    ecosystem: Ecosystem,
    *,
    email: str,
    role: Role,
    organization: Organization | None,
    invited_by: User,
    link_for: Callable[[str], str],
    join_open_rounds: bool = True,
) -> Invitation:
    """Create (or renew) the open invitation for ``email`` and email its link, which
    ``link_for`` makes from the token. With ``join_open_rounds``, accepting it also
    invites the new member to the Continuum rounds open at that moment.

    Inviting an address that already has an open invitation renews that one with the
    new role, a fresh link and a fresh expiry, so there is only ever one link that works.
    If the message cannot be sent, nothing is saved (an open invitation keeps its link)
    and InvitationNotSentError says so.
    """
    email = normalize_email(email)
    if ecosystem.memberships.filter(user__email=email).exists():
        raise AlreadyMemberError(
            _("%(email)s is already a member of this ecosystem.") % {"email": email}
        )
    invitation = Invitation.objects.for_ecosystem(ecosystem).pending().select_for_update().filter(
        email=email
    ).first() or Invitation(ecosystem=ecosystem, email=email)
    invitation.role = role
    invitation.organization = organization
    invitation.invited_by = invited_by
    invitation.join_open_rounds = join_open_rounds
    token = invitation.issue_token()
    invitation.save()
    _send_or_undo(
        invitation,
        link_for(token),
        _(
            "We could not send the invitation to %(email)s, so it was not saved. The "
            "mail server did not take the message: try again in a few minutes, and if "
            "it keeps failing, tell your site administrator."
        )
        % {"email": email},
    )
    return invitation


@transaction.atomic
def renew_invitation(invitation: Invitation, *, link_for: Callable[[str], str]) -> None:
    """A new link and expiry for an open invitation, emailed; the old link stops working.

    If the message cannot be sent, the invitation keeps its earlier link and expiry and
    InvitationNotSentError says so.
    """
    token = invitation.issue_token()
    invitation.save(update_fields=["token_hash", "expires_at"])
    _send_or_undo(
        invitation,
        link_for(token),
        _(
            "We could not send a new link to %(email)s, so the earlier link still works. "
            "The mail server did not take the message: try again in a few minutes, and "
            "if it keeps failing, tell your site administrator."
        )
        % {"email": invitation.email},
    )


def _send_or_undo(invitation: Invitation, accept_url: str, refusal: str) -> None:
    """Email the link; if the mail server does not take it, raise InvitationNotSentError
    with ``refusal`` so the caller's transaction undoes what it saved."""
    try:
        send_invitation_email(invitation, accept_url)
    except MAIL_FAILURES as error:
        logger.warning("Invitation %s was not sent", invitation.pk, exc_info=True)
        raise InvitationNotSentError(refusal) from error


def send_invitation_email(invitation: Invitation, accept_url: str) -> None:
    """Hand the message to the mail backend now, inside the caller's transaction.

    Sending only after the commit would leave a stored invitation whose link nobody
    received, and the coordinator an error page. If the commit itself failed after the
    message left, the link would not work: rarer, and it says so when opened.
    """
    context = {"invitation": invitation, "accept_url": accept_url}
    # A subject is one header line; a name stored with a line break must not break it.
    subject = _("You are invited to join %(ecosystem)s") % {
        "ecosystem": single_line(invitation.ecosystem.name)
    }
    body = render_to_string("emails/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("ecosystem", "organization", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@dataclass(frozen=True)
class Joined:
    membership: Membership
    rounds: list[str]  # the titles of the open Continuum rounds they were invited to


@transaction.atomic
def accept_invitation(
    invitation: Invitation,
    *,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
) -> Joined:
    """Turn an invitation into a membership, creating the account when there is none,
    and invite the new member to the open Continuum rounds if the invitation says so.

    The invitation row is locked, so two clicks on the same link (or two browser tabs)
    can never both succeed.
    """
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.is_accepted:
        raise InvitationUnusableError(_("This invitation has already been used."))
    if locked.is_expired:
        raise InvitationUnusableError(_("This invitation has expired."))
    if user is None:
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    email=locked.email, password=password, full_name=full_name
                )
        except IntegrityError as error:
            raise InvitationUnusableError(
                _("An account with this email address already exists. Sign in to accept.")
            ) from error
    elif normalize_email(user.email) != locked.email:
        raise InvitationUnusableError(_("This invitation was sent to a different email address."))
    membership, created = Membership.objects.get_or_create(
        user=user,
        ecosystem=locked.ecosystem,
        defaults={"role": locked.role, "organization": locked.organization},
    )
    if not created:
        raise AlreadyMemberError(_("You are already a member of this ecosystem."))
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    rounds = newcomers.join_open_rounds(membership) if locked.join_open_rounds else []
    return Joined(membership, rounds)


# --- Memberships ------------------------------------------------------------------------


def is_last_coordinator(membership: Membership, *, lock: bool = False) -> bool:
    """True if ``membership`` is, in the database, the ecosystem's only coordinator.

    With ``lock``, every coordinator row is locked, which serializes concurrent
    demotions: two coordinators removing each other at the same moment cannot leave the
    ecosystem with none. The stored rows decide, not the (possibly edited) instance.
    """
    coordinators = Membership.objects.for_ecosystem(membership.ecosystem).coordinators()
    if lock:
        coordinators = coordinators.select_for_update()
    return list(coordinators.values_list("pk", flat=True)) == [membership.pk]


@transaction.atomic
def change_membership(
    membership: Membership, *, role: Role, organization: Organization | None
) -> Membership:
    if role != Role.COORDINATOR and is_last_coordinator(membership, lock=True):
        raise LastCoordinatorError()
    membership.role = role
    membership.organization = organization
    membership.save(update_fields=["role", "organization"])
    return membership


@transaction.atomic
def remove_membership(membership: Membership) -> None:
    if is_last_coordinator(membership, lock=True):
        raise LastCoordinatorError()
    membership.delete()
