"""Writing messages to the outbox.

A page that makes something happen (a round opens, an agenda is published) and the
scheduler that finds something due both end here. Nothing is sent in the caller's
process: the rows are written, and once the caller's transaction commits the background
worker is asked to send them. Each member's choice for the message's topic decides whether
it goes at once, waits for their daily digest, or is only logged as turned off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from ..models import Ecosystem, Membership
from ..models.notifications import (
    Delivery,
    Notification,
    NotificationSetting,
    Topic,
)
from ..validators import single_line
from .delivery import deliver_queued

STATUS_FOR = {
    Delivery.IMMEDIATE: Notification.Status.QUEUED,
    Delivery.DIGEST: Notification.Status.HELD,
    Delivery.OFF: Notification.Status.TURNED_OFF,
}


@dataclass(frozen=True)
class Message:
    """One message to one member, worded by the tool it comes from."""

    membership: Membership
    subject: str
    body: str  # paragraphs separated by a blank line
    action_text: str
    action_url: str  # a path on this site
    reason: str  # why this member gets it


def day(today: date) -> str:
    return today.isoformat()


def week(today: date) -> str:
    year, number, _weekday = today.isocalendar()
    return f"{year}-W{number:02d}"


def month(today: date) -> str:
    return f"{today:%Y-%m}"


def notify(
    ecosystem: Ecosystem,
    topic: Topic,
    kind: str,
    key: str,
    messages: Iterable[Message],
    *,
    period: str = "",
) -> int:
    """Write the messages not written before (same recipient, kind, key and period);
    returns how many are new. Safe to call again, and from two processes at once: the
    unique constraint lets only the first write of each message through, and the other
    process is told that row was not its own."""
    messages = list(messages)
    if not messages:
        return 0
    how = NotificationSetting.objects.deliveries([m.membership for m in messages], topic)
    added = 0
    for message in messages:
        row = Notification(
            ecosystem=ecosystem,
            recipient_id=message.membership.user_id,
            topic=topic,
            kind=kind,
            key=key,
            period=period,
            # A subject is one header line whatever a record's name holds.
            subject=single_line(message.subject)[:200],
            body=message.body,
            action_text=message.action_text[:100],
            action_url=message.action_url,
            reason=message.reason[:300],
            status=STATUS_FOR[Delivery(how[message.membership.pk])],
        )
        # One row at a time, each in its own savepoint: a row already written (by an
        # earlier run, or by another machine this instant) is skipped, and the count of
        # what is new stays exact, which a bulk insert ignoring conflicts cannot say.
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue
        added += 1
    if added:
        send_soon()
    return added


def send_soon() -> None:
    """Ask the worker to send what is queued, once the caller's transaction is committed
    (before that the worker could not see the rows)."""
    transaction.on_commit(lambda: deliver_queued.enqueue())


NOTIFIED_SHOWN = 50


def notified(ecosystem: Ecosystem, key: str) -> tuple[list[Notification], int]:
    """The latest messages about a record (and those under it) and how many more there
    are, for its coordinators' "who was told" table."""
    about = Notification.objects.for_ecosystem(ecosystem).about(key)
    shown = list(about.select_related("recipient", "digest")[:NOTIFIED_SHOWN])
    # Counted every time, not only when the list is full: the page's queries must not
    # depend on how many messages there are.
    return shown, about.count() - len(shown)
