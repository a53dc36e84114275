"""Sending what the outbox holds, from the background worker.

Each message is claimed before it is sent (a conditional update from "queued" to "being
sent"), so two workers never send the same row. A message the mail server refuses is
marked failed with the server's words and the next one is sent as usual: one bad or
bouncing address never stops the others.

Daily digests gather the messages members chose to get once a day. ``compose_digests``
writes at most one digest per member, ecosystem and day, from the held messages it claims
in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from ..models import Membership
from ..models.notifications import Notification
from ..services import MAIL_FAILURES
from ..validators import single_line
from . import tokens

logger = logging.getLogger(__name__)

Status = Notification.Status
DIGEST_KIND = "digest"
BATCH = 500  # messages per run of the task; a longer queue is taken by the next run

# Lines a digest adds after the messages it gathers: the member's to-dos, as (text, path).
TodoLines = Callable[[Membership], list[tuple[str, str]]]


@task()
def deliver_queued() -> int:
    return deliver()


def deliver() -> int:
    """Send what is queued; returns how many were sent."""
    pks = list(
        Notification.objects.filter(status=Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    sent = 0
    connection = get_connection()
    try:
        for pk in pks:
            if Notification.objects.filter(pk=pk, status=Status.QUEUED).update(
                status=Status.SENDING
            ):
                sent += _send(pk, connection)
    finally:
        connection.close()
    return sent


def _send(pk: int, connection: BaseEmailBackend) -> int:
    notification = Notification.objects.select_related("recipient", "ecosystem").get(pk=pk)
    membership = (
        Membership.objects.filter(
            user_id=notification.recipient_id, ecosystem_id=notification.ecosystem_id
        )
        .select_related("user", "ecosystem")
        .first()
    )
    if membership is None:
        _failed(pk, _("No longer a member of the ecosystem."))
        return 0
    try:
        email(notification, membership, connection).send()
    except MAIL_FAILURES as error:
        logger.warning("Notification %s was not sent", pk, exc_info=True)
        _failed(pk, str(error))
        # The server may have dropped the conversation; the next message opens a new one.
        connection.close()
        return 0
    Notification.objects.filter(pk=pk).update(status=Status.SENT, sent_at=timezone.now())
    return 1


def _failed(pk: int, error: str) -> None:
    # A mail server's answer can run over several lines; the log shows it as one.
    Notification.objects.filter(pk=pk).update(status=Status.FAILED, error=single_line(error)[:500])


def email(
    notification: Notification, membership: Membership, connection: BaseEmailBackend
) -> EmailMultiAlternatives:
    """The message as it leaves: a text and an HTML part made from one context, the
    one-click unsubscribe headers of RFC 8058, and the member's settings page."""
    topic = notification.topic or tokens.DIGEST
    unsubscribe = tokens.unsubscribe_url(membership, topic)
    context = {
        "notification": notification,
        "ecosystem": membership.ecosystem,
        "items": list(notification.items.order_by("created_at", "pk"))
        if notification.kind == DIGEST_KIND
        else [],
        "action_url": tokens.absolute(notification.action_url),
        "unsubscribe_url": unsubscribe,
        "settings_url": tokens.absolute(
            reverse("ecosystem:notification_settings", args=[membership.ecosystem.slug])
        ),
        "site_url": settings.SITE_URL,
    }
    with override(settings.LANGUAGE_CODE):
        text = render_to_string("emails/notification.txt", context)
        html = render_to_string("emails/notification.html", context)
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[membership.user.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Tells mail servers not to answer it with an out-of-office reply.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def compose_digests(now: datetime, todo_lines: TodoLines | None = None) -> int:
    """Write today's digest for each member with held messages, from the configured hour
    on; returns how many were written. Messages held after today's digest wait for
    tomorrow's."""
    local = timezone.localtime(now)
    if local.hour < settings.NOTIFICATION_DIGEST_HOUR:
        return 0
    waiting = (
        Notification.objects.filter(status=Status.HELD)
        .values_list("recipient_id", "ecosystem_id")
        .distinct()
    )
    written = 0
    for user_id, ecosystem_id in sorted(set(waiting)):
        membership = (
            Membership.objects.filter(user_id=user_id, ecosystem_id=ecosystem_id)
            .select_related("user", "ecosystem", "organization")
            .first()
        )
        if membership is None:
            Notification.objects.filter(
                recipient_id=user_id, ecosystem_id=ecosystem_id, status=Status.HELD
            ).update(status=Status.FAILED, error=_("No longer a member of the ecosystem."))
            continue
        written += _compose(membership, local.date().isoformat(), todo_lines)
    if written:
        transaction.on_commit(lambda: deliver_queued.enqueue())
    return written


@transaction.atomic
def _compose(membership: Membership, period: str, todo_lines: TodoLines | None) -> int:
    ecosystem = membership.ecosystem
    # The row is the day's lock: a second process (or a second run today) finds it taken.
    digest, created = Notification.objects.get_or_create(
        recipient_id=membership.user_id,
        ecosystem=ecosystem,
        kind=DIGEST_KIND,
        key=f"ecosystem:{ecosystem.pk}",
        period=period,
        defaults={
            "topic": "",
            "subject": "",
            "body": "",
            "action_text": _("Open your to-dos"),
            "action_url": reverse("ecosystem:home", args=[ecosystem.slug]) + "#todos",
            "reason": _(
                "You get this digest because you chose to hear about some things once a day."
            ),
            "status": Status.SENDING,
        },
    )
    if not created:
        return 0
    claimed = Notification.objects.filter(
        recipient_id=membership.user_id, ecosystem=ecosystem, status=Status.HELD
    ).update(status=Status.IN_DIGEST, digest=digest)
    todos = todo_lines(membership) if todo_lines else []
    digest.subject = _("%(ecosystem)s: your daily digest (%(count)s updates)") % {
        "ecosystem": ecosystem.name,
        "count": claimed,
    }
    digest.body = "\n\n".join(
        [
            _("Here is what happened in %(ecosystem)s that you asked to hear about once a day.")
            % {"ecosystem": ecosystem.name},
            *(
                [_("Still waiting on you:")]
                + [f"- {text}\n  {tokens.absolute(path)}" for text, path in todos]
                if todos
                else []
            ),
        ]
    )
    digest.status = Status.QUEUED if claimed else Status.TURNED_OFF
    digest.save(update_fields=["subject", "body", "status"])
    return 1 if claimed else 0
