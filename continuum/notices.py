"""The Continuum's e-mail messages: a round opens (to each member invited, also one
invited later), its due date nears (to those who have not submitted, a set number of days
before), a coordinator reminds those who have not answered (at most once a day per round),
and the round closes (to everyone invited, with the link to the results).

The messages are written to the shared outbox (``ecosystem.notifications``) and sent by the
background worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ecosystem.models import Membership, Notification, Role, Topic
from ecosystem.notifications.outbox import Message, day, notify

from .models import Response, Round

OPENED, REMINDER, REMINDED, CLOSED = (
    "round_opened",
    "round_reminder",
    "round_reminded",
    "round_closed",
)


def key(round: Round) -> str:
    return f"continuum.round:{round.pk}"


def _answer_url(round: Round) -> str:
    return reverse("continuum:answer_step", args=[round.ecosystem.slug, round.pk, 1])


def _due(round: Round) -> str:
    if round.due_date is None:
        return _(
            "The round has no due date, but the sooner you answer, the sooner the group "
            "can talk the results through."
        )
    return _("Answers are due on %(date)s.") % {"date": date_format(round.due_date)}


def _reason(round: Round) -> str:
    return _("You get this because you were invited to answer this round in %(ecosystem)s.") % {
        "ecosystem": round.ecosystem.name
    }


def waiting(round: Round) -> list[Membership]:
    """The invited members (still members, who may still answer) who have not submitted."""
    users = Response.objects.filter(round=round, submitted_at__isnull=True).values("user_id")
    return list(
        Membership.objects.for_ecosystem(round.ecosystem)
        .filter(user_id__in=users, role__gte=Role.CONTRIBUTOR)
        .select_related("user")
        .order_by("user__full_name")
    )


def round_opened(round: Round, invitees: Iterable[Membership]) -> int:
    names = {"round": round.title, "ecosystem": round.ecosystem.name}
    opener = round.opened_by.get_full_name() if round.opened_by else _("A coordinator")
    body = "\n\n".join(
        [
            _(
                "%(opener)s opened the Continuum round “%(round)s” in %(ecosystem)s and "
                "invited you to answer it."
            )
            % {**names, "opener": opener},
            _due(round),
            _(
                "Your answers are kept as you go, so you can stop and come back before you "
                "submit them."
            )
            + (
                " " + _("The round is anonymous: no results show who gave which answer.")
                if round.anonymous
                else ""
            ),
        ]
    )
    return notify(
        round.ecosystem,
        Topic.ROUNDS,
        OPENED,
        key(round),
        [
            Message(
                member,
                _("Please answer the Continuum round “%(round)s” (%(ecosystem)s)") % names,
                body,
                _("Answer the round"),
                _answer_url(round),
                _reason(round),
            )
            for member in invitees
        ],
    )


def _reminder(round: Round, member: Membership, lead: str) -> Message:
    names = {"round": round.title, "ecosystem": round.ecosystem.name}
    return Message(
        member,
        _("Reminder: the Continuum round “%(round)s” is waiting for your answers (%(ecosystem)s)")
        % names,
        "\n\n".join([lead, _due(round)]),
        _("Answer the round"),
        _answer_url(round),
        _reason(round),
    )


def due_reminders(today: date) -> int:
    """Remind the members who have not submitted, from the round's chosen number of days
    before its due date. Once per due date: a round given a later date reminds again."""
    rounds = (
        Round.objects.open()
        .filter(due_date__gte=today, reminder_days__gt=0)
        .select_related("ecosystem")
    )
    written = 0
    for round in rounds:
        assert round.due_date is not None  # filtered above
        if (round.due_date - today).days > round.reminder_days:
            continue
        lead = _(
            "The round “%(round)s” closes soon and your answers have not been submitted yet."
        ) % {"round": round.title}
        written += notify(
            round.ecosystem,
            Topic.ROUNDS,
            REMINDER,
            key(round),
            [_reminder(round, member, lead) for member in waiting(round)],
            period=f"due:{round.due_date.isoformat()}",
        )
    return written


def reminder_text(round: Round, sender: Membership) -> str:
    return _(
        "%(sender)s, who coordinates the round “%(round)s”, asks you to send your answers."
    ) % {
        "sender": sender.user.get_full_name(),
        "round": round.title,
    }


def reminded_today(round: Round, today: date) -> Notification | None:
    """The coordinator's reminder already sent today, if any: one a day is plenty."""
    return (
        Notification.objects.filter(
            ecosystem=round.ecosystem, kind=REMINDED, key=key(round), period=day(today)
        )
        .order_by("created_at")
        .first()
    )


def remind(round: Round, sender: Membership, today: date) -> int:
    lead = reminder_text(round, sender)
    return notify(
        round.ecosystem,
        Topic.ROUNDS,
        REMINDED,
        key(round),
        [_reminder(round, member, lead) for member in waiting(round)],
        period=day(today),
    )


def round_closed(round: Round) -> int:
    invited = list(
        Membership.objects.for_ecosystem(round.ecosystem)
        .filter(user_id__in=round.responses.values("user_id"))
        .select_related("user")
    )
    submitted = round.responses.filter(submitted_at__isnull=False).count()
    names = {"round": round.title, "ecosystem": round.ecosystem.name}
    body = _(
        "The Continuum round “%(round)s” in %(ecosystem)s is closed: %(submitted)s of the "
        "%(invited)s members invited sent their answers. The results are ready to read, "
        "and to talk through together."
    ) % {**names, "submitted": submitted, "invited": round.responses.count()}
    closed_at = round.closed_at or timezone.now()
    return notify(
        round.ecosystem,
        Topic.ROUNDS,
        CLOSED,
        key(round),
        [
            Message(
                member,
                _("The results of the Continuum round “%(round)s” are ready (%(ecosystem)s)")
                % names,
                body,
                _("Read the results"),
                reverse("continuum:results", args=[round.ecosystem.slug, round.pk]),
                _reason(round),
            )
            for member in invited
        ],
        # Closed again after a reopening: the new results are news again.
        period=closed_at.isoformat(timespec="minutes"),
    )
