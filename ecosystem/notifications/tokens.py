"""One-click unsubscribe links (RFC 8058): a signed token names the membership and the
topic, so the link works without signing in and cannot be made up for someone else.

The token never expires: an unsubscribe link in a message from last year must still work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..models import Membership

SALT = "ecosystem.notifications.unsubscribe"
DIGEST = "digest"  # the daily digest's own "topic": unsubscribing ends the digest


@dataclass(frozen=True)
class Unsubscribe:
    membership: Membership
    topic: str  # a Topic value, or DIGEST


def make_token(membership: Membership, topic: str) -> str:
    return signing.dumps({"m": membership.pk, "t": topic}, salt=SALT, compress=True)


def read_token(token: str) -> Unsubscribe | None:
    """What the token asks to stop, or None when it is not one of ours (or its member is
    gone)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    membership = (
        Membership.objects.select_related("ecosystem", "user").filter(pk=data.get("m")).first()
    )
    if membership is None:
        return None
    return Unsubscribe(membership, str(data.get("t", "")))


def absolute(path: str) -> str:
    """A full link for a message read outside the site."""
    return str(settings.SITE_URL).rstrip("/") + path


def unsubscribe_url(membership: Membership, topic: str) -> str:
    return absolute(reverse("notifications_unsubscribe", args=[make_token(membership, topic)]))
