"""``manage.py send_notifications``: write the e-mails that have fallen due and hand them
to the background worker. Safe to run every minute, and on several machines at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ecosystem.overview import notifications


class Command(BaseCommand):
    help = "Queue the reminders, weekly and monthly e-mails and daily digests that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        run = notifications.run()
        if options["verbosity"] > 1 or run.total:
            self.stdout.write(
                f"Queued {run.total} messages: {run.round_reminders} round reminders, "
                f"{run.input_reminders} input reminders, {run.task_digests} weekly task "
                f"e-mails, {run.partner_digests} monthly partner e-mails, "
                f"{run.daily_digests} daily digests."
            )
