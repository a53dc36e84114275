"""The Continuum's e-mails: a round opens, its due date nears, a coordinator reminds
those who have not answered (once a day at most, after seeing who and what), and it
closes. Coordinators see who was told."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from continuum import notices, services
from continuum.models import Response, Round
from ecosystem.models import Membership, Notification, Role, User
from ecosystem.notifications.delivery import deliver

TODAY = timezone.localdate


def told(round: Round, kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(key=notices.key(round), kind=kind).values_list(
            "recipient__email", flat=True
        )
    )


def invitees(world) -> list[Membership]:
    return [world.memberships[p] for p in ("contributor", "editor", "coordinator")]


def open_round(world, due_in: int | None = 10, reminder_days: int = 3) -> Round:
    round = services.open_round(
        world.ecosystem,
        version=world.round.version,
        title="Spring check-in",
        period="Spring 2027",
        due_date=TODAY() + timedelta(days=due_in) if due_in is not None else None,
        anonymous=False,
        disagreement_threshold=2,
        invitees=invitees(world),
        opened_by=world.users["coordinator"],
    )
    Round.objects.filter(pk=round.pk).update(reminder_days=reminder_days)
    round.refresh_from_db()
    return round


def test_opening_a_round_asks_each_invitee_with_the_due_date_and_the_link_to_answer(world):
    mail.outbox.clear()
    round = open_round(world, due_in=10)
    deliver()

    assert told(round, notices.OPENED) == [
        "contributor@world.example",
        "coordinator@world.example",
        "editor@world.example",
    ]
    (message,) = [
        m
        for m in mail.outbox
        if m.to == ["contributor@world.example"] and "Spring check-in" in m.subject
    ]
    assert "Coordinator Person opened the Continuum round" in message.body
    assert f"rounds/{round.pk}/answers/1/" in message.body
    assert "You get this because you were invited to answer this round" in message.body


def test_a_member_invited_later_is_told_and_the_others_are_not_told_again(world):
    round = open_round(world)
    newcomer = User.objects.create_user(email="late@world.example", full_name="Late Joiner")
    late = Membership.objects.create(
        user=newcomer, ecosystem=world.ecosystem, role=Role.CONTRIBUTOR
    )

    services.invite(round, [*invitees(world), late])

    assert told(round, notices.OPENED).count("late@world.example") == 1
    assert len(told(round, notices.OPENED)) == 4


def test_the_reminder_goes_to_those_who_have_not_submitted_once_per_due_date(world):
    round = open_round(world, due_in=3, reminder_days=3)
    Response.objects.filter(round=round, user=world.users["editor"]).update(
        submitted_at=timezone.now()
    )

    assert notices.due_reminders(TODAY()) == 2
    assert notices.due_reminders(TODAY()) == 0  # the next run adds nothing
    assert told(round, notices.REMINDER) == [
        "contributor@world.example",
        "coordinator@world.example",
    ]
    # A later due date is a new occasion to remind.
    Round.objects.filter(pk=round.pk).update(due_date=TODAY() + timedelta(days=2))
    assert notices.due_reminders(TODAY()) == 2


def test_no_reminder_before_the_chosen_number_of_days_nor_when_reminders_are_off(world):
    early = open_round(world, due_in=5, reminder_days=3)
    off = open_round(world, due_in=1, reminder_days=0)

    notices.due_reminders(TODAY())

    assert told(early, notices.REMINDER) == []
    assert told(off, notices.REMINDER) == []


def remind_url(world, round: Round) -> str:
    return reverse("continuum:round_remind", args=[world.slug, round.pk])


def test_the_coordinator_sees_who_will_be_reminded_and_the_words_before_sending(world, client_for):
    round = open_round(world)
    Response.objects.filter(round=round, user=world.users["editor"]).update(
        submitted_at=timezone.now()
    )
    client = client_for("coordinator")

    page = client.get(remind_url(world, round)).text
    assert "It goes to 2 members" in page
    assert "Contributor Person" in page
    assert "Editor Person" not in page
    assert "Coordinator Person, who coordinates the round “Spring check-in”" in page
    assert told(round, notices.REMINDED) == []  # looking sends nothing

    assert client.post(remind_url(world, round)).status_code == 302
    assert told(round, notices.REMINDED) == [
        "contributor@world.example",
        "coordinator@world.example",
    ]


def test_a_second_reminder_the_same_day_is_refused_and_the_page_says_when_the_first_went(
    world, client_for
):
    round = open_round(world)
    client = client_for("coordinator")
    client.post(remind_url(world, round))

    client.post(remind_url(world, round))
    page = client.get(remind_url(world, round)).text

    assert Notification.objects.filter(kind=notices.REMINDED, key=notices.key(round)).count() == 3
    assert "already went out today" in page
    assert "Send the reminder" not in page


def test_closing_a_round_sends_everyone_invited_the_link_to_the_results(world):
    round = open_round(world)
    services.close_round(round)
    deliver()

    assert len(told(round, notices.CLOSED)) == 3
    results = reverse("continuum:results", args=[world.slug, round.pk])
    message = next(m for m in mail.outbox if "results" in m.subject and "Spring" in m.subject)
    assert results in message.body
    assert "0 of the 3 members invited sent their answers" in message.body


def test_only_coordinators_see_who_was_told_about_a_round(world, client_for):
    round = open_round(world)
    url = reverse("continuum:round_detail", args=[world.slug, round.pk])

    coordinator = client_for("coordinator").get(url).text
    contributor = client_for("contributor").get(url).text

    assert "Who was told by e-mail" in coordinator
    assert coordinator.count("Please answer the Continuum round") == 3
    assert "Who was told by e-mail" not in contributor
    assert "Please answer the Continuum round" not in contributor
