"""What falls due, for ``manage.py send_notifications``: the reminders before due dates,
the weekly task and monthly partner e-mails, and the daily digests (which end with each
member's to-dos, the same items as on their home page).

Everything is written to the outbox, where the unique constraint on (recipient, kind,
record, period) makes a second run, or a run on another machine at the same moment, add
nothing; the background worker sends what was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from agendas import notices as agenda_notices
from continuum import notices as continuum_notices
from ecosystem.models import Membership
from ecosystem.notifications.delivery import compose_digests, deliver_queued
from partners import notices as partner_notices

from .dashboard import dashboard
from .todos import todos


@dataclass(frozen=True)
class Run:
    round_reminders: int
    input_reminders: int
    task_digests: int
    partner_digests: int
    daily_digests: int

    @property
    def total(self) -> int:
        return (
            self.round_reminders
            + self.input_reminders
            + self.task_digests
            + self.partner_digests
            + self.daily_digests
        )


def todo_lines(membership: Membership) -> list[tuple[str, str]]:
    """The member's to-dos as (sentence, path), for the end of their digest."""
    board = dashboard(membership.ecosystem, membership)
    return [(item.text, item.url) for item in todos(board, membership).items]


def run(now: datetime | None = None) -> Run:
    now = now or timezone.now()
    today = timezone.localdate(now)
    # The weekly and monthly e-mails wait, like the digests, for the morning hour: the
    # first run of a week should not wake anyone at midnight.
    morning = timezone.localtime(now).hour >= settings.NOTIFICATION_DIGEST_HOUR
    result = Run(
        round_reminders=continuum_notices.due_reminders(today),
        input_reminders=agenda_notices.input_reminders(today),
        task_digests=agenda_notices.task_digests(today) if morning else 0,
        partner_digests=partner_notices.partner_digests(today) if morning else 0,
        daily_digests=compose_digests(now, todo_lines),
    )
    # Also what an earlier run wrote but no worker took (a queue cleared, say).
    deliver_queued.enqueue()
    return result
