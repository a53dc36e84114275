"""Rows for the core: accounts, ecosystems, organizations, members, invitations."""

from __future__ import annotations

from typing import Any

from ecosystem.models import Topic
from ecosystem.notifications.tokens import make_token
from tests.matrix import LOGIN, Row, everyone, in_ecosystem
from tests.world import INVITATION_TOKEN, World


def org(world: World) -> dict[str, Any]:
    return {"pk": world.organization.pk}


def contributor_membership(world: World) -> dict[str, Any]:
    return {"pk": world.memberships["contributor"].pk}


def invitation(world: World) -> dict[str, Any]:
    return {"pk": world.invitation.pk}


def unsubscribe_token(world: World) -> dict[str, Any]:
    return {"token": make_token(world.memberships["contributor"], Topic.ROUNDS)}


ORGANIZATION_DATA = {"name": "Brand New Library", "kind": "public_library"}


ROWS: list[Row] = [
    # --- outside any ecosystem ---------------------------------------------------------
    Row("root", everyone(302, anonymous=LOGIN)),
    Row("ecosystem_choose", everyone(200, anonymous=LOGIN)),
    Row("accounts:login", everyone(302, anonymous=200), note="signed-in users are sent on"),
    Row("accounts:logout", everyone(302), method="post"),
    Row("accounts:password_reset", everyone(200)),
    Row("accounts:password_reset_done", everyone(200)),
    Row(
        "accounts:password_reset_confirm",
        everyone(200),
        kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-real-token"},
        note="an invalid link shows how to get a new one",
    ),
    Row("accounts:password_reset_complete", everyone(200)),
    Row("accounts:password_change", everyone(200, anonymous=LOGIN)),
    Row("accounts:password_change_done", everyone(200, anonymous=LOGIN)),
    Row("accounts:profile", everyone(200, anonymous=LOGIN)),
    Row(
        "accounts:profile",
        everyone(200, anonymous=LOGIN),
        method="post",
        note="no name given: the form says so next to the field",
    ),
    Row(
        "accounts:sessions_end_others",
        everyone(422, anonymous=LOGIN),
        method="post",
        note="without the password nothing ends: the account page shows why",
    ),
    Row(
        "accounts:two_factor_verify",
        everyone(302, anonymous=LOGIN),
        note="no persona owes a code, so the page sends them on",
    ),
    Row("accounts:two_factor_setup", everyone(200, anonymous=LOGIN)),
    Row(
        "accounts:two_factor_setup",
        everyone(422, anonymous=LOGIN),
        method="post",
        note="no code given: the form says so",
    ),
    Row(
        "accounts:two_factor_verify",
        everyone(302, anonymous=LOGIN),
        method="post",
        note="a code from someone who owes none changes nothing",
    ),
    Row(
        "accounts:two_factor_recovery_codes",
        everyone(302, anonymous=LOGIN),
        note="nobody has two-factor sign-in on: sent to set it up",
    ),
    Row(
        "accounts:two_factor_recovery_codes",
        everyone(302, anonymous=LOGIN),
        method="post",
        note="no codes to replace: sent to set it up, nothing made",
    ),
    Row(
        "accounts:two_factor_disable",
        everyone(302, anonymous=LOGIN),
        note="nothing to turn off: back to the account page",
    ),
    Row(
        "accounts:two_factor_disable",
        everyone(302, anonymous=LOGIN),
        method="post",
        note="nothing to turn off: back to the account page",
    ),
    Row(
        "accounts:invitation_accept",
        everyone(403, anonymous=200),
        kwargs=lambda world: {"token": INVITATION_TOKEN},
        note="signed in as someone else than the invitee: told to sign out",
    ),
    Row(
        "accounts:invitation_accept",
        everyone(403, anonymous=200),
        kwargs=lambda world: {"token": INVITATION_TOKEN},
        method="post",
        note="joining needs a name and a password; someone else's session joins nobody",
    ),
    Row(
        "admin:index",
        everyone(302),
        note="no persona is staff: the admin sends them to its sign-in",
    ),
    # --- inside the ecosystem ------------------------------------------------------------
    in_ecosystem("ecosystem:home", "viewer"),
    in_ecosystem("ecosystem:settings", "coordinator"),
    # Every member chooses their own e-mails; nothing there is anyone else's.
    in_ecosystem("ecosystem:notification_settings", "viewer"),
    in_ecosystem(
        "ecosystem:notification_settings",
        "viewer",
        method="post",
        note="no choice sent: the page shows the form again and saves nothing",
    ),
    # The link in every e-mail works without signing in: the token is the permission.
    Row("notifications_unsubscribe", everyone(200), kwargs=unsubscribe_token),
    Row(
        "notifications_unsubscribe",
        everyone(200),
        kwargs=unsubscribe_token,
        method="post",
        note="turns off the contributor's round e-mails, whoever follows the link",
    ),
    in_ecosystem(
        "ecosystem:settings",
        "coordinator",
        ok=302,
        method="post",
        data=lambda world: {
            "name": "Renamed",
            "level": "state",
            "version": world.ecosystem.version,
        },
    ),
    in_ecosystem("ecosystem:organization_list", "viewer"),
    in_ecosystem("ecosystem:organization_export", "viewer"),
    in_ecosystem("ecosystem:organization_roster_pdf", "viewer"),
    in_ecosystem("ecosystem:organization_detail", "viewer", kwargs=org),
    in_ecosystem("ecosystem:organization_create", "editor"),
    in_ecosystem(
        "ecosystem:organization_create",
        "editor",
        ok=302,
        method="post",
        data=lambda world: ORGANIZATION_DATA,
    ),
    in_ecosystem("ecosystem:organization_update", "editor", kwargs=org),
    in_ecosystem(
        "ecosystem:organization_update",
        "editor",
        ok=302,
        kwargs=org,
        method="post",
        data=lambda world: ORGANIZATION_DATA | {"version": world.organization.version},
    ),
    in_ecosystem("ecosystem:organization_delete", "editor", kwargs=org),
    in_ecosystem("ecosystem:organization_delete", "editor", ok=302, kwargs=org, method="post"),
    in_ecosystem("ecosystem:member_list", "viewer"),
    in_ecosystem("ecosystem:member_export", "viewer"),
    in_ecosystem("ecosystem:member_invite", "coordinator"),
    in_ecosystem(
        "ecosystem:member_invite",
        "coordinator",
        ok=302,
        method="post",
        data=lambda world: {"email": "fresh@example.org", "role": "20", "organization": ""},
    ),
    in_ecosystem("ecosystem:member_update", "coordinator", kwargs=contributor_membership),
    in_ecosystem(
        "ecosystem:member_update",
        "coordinator",
        ok=302,
        kwargs=contributor_membership,
        method="post",
        data=lambda world: {"role": "30", "organization": ""},
    ),
    in_ecosystem("ecosystem:member_remove", "coordinator", kwargs=contributor_membership),
    in_ecosystem(
        "ecosystem:member_remove",
        "coordinator",
        ok=302,
        kwargs=contributor_membership,
        method="post",
    ),
    in_ecosystem(
        "ecosystem:invitation_resend", "coordinator", ok=302, kwargs=invitation, method="post"
    ),
    in_ecosystem(
        "ecosystem:invitation_revoke", "coordinator", ok=302, kwargs=invitation, method="post"
    ),
]
