"""The agendas' e-mails: input asked for when a cycle opens and before its deadline,
sign-on asked for when an agenda is published, sign-ons told to coordinators, tasks told
to their owners and, once a week, each owner's tasks due soon or late."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from agendas import notices, services
from agendas.models import AgendaCycle, PlanTask, Priority, Submission
from ecosystem.models import Notification, Topic

TODAY = timezone.localdate


def told(kind: str, key: str | None = None) -> list[str]:
    rows = Notification.objects.filter(kind=kind)
    if key:
        rows = rows.filter(key=key)
    return sorted(rows.values_list("recipient__email", flat=True))


def new_cycle(world, deadline_in: int = 20) -> AgendaCycle:
    return services.create_cycle(
        world.ecosystem,
        title="2028 session",
        session_start=TODAY() + timedelta(days=60),
        session_end=TODAY() + timedelta(days=120),
        input_deadline=TODAY() + timedelta(days=deadline_in),
        created_by=world.users["coordinator"],
    )


def test_a_new_cycle_asks_each_organizations_representatives_for_its_input(world):
    cycle = new_cycle(world)

    # Only the contributor speaks for an organization in the test world.
    assert told(notices.INPUT_REQUESTED, notices.key(cycle)) == ["contributor@world.example"]
    message = Notification.objects.get(kind=notices.INPUT_REQUESTED, key=notices.key(cycle))
    assert "Central Public Library" in message.body
    assert message.action_url == reverse(
        "agendas:input", args=[world.slug, cycle.pk, world.organization.pk]
    )


def test_organizations_that_sent_nothing_are_reminded_days_before_the_deadline(world):
    cycle = new_cycle(world, deadline_in=2)
    far = new_cycle(world, deadline_in=20)

    assert notices.input_reminders(TODAY()) == 1
    assert notices.input_reminders(TODAY()) == 0
    assert told(notices.INPUT_REMINDER, notices.key(cycle)) == ["contributor@world.example"]
    assert told(notices.INPUT_REMINDER, notices.key(far)) == []


def test_an_organization_that_sent_its_input_is_not_reminded(world):
    cycle = new_cycle(world, deadline_in=2)
    Submission.objects.create(
        cycle=cycle, organization=world.organization, submitted_at=timezone.now()
    )

    notices.input_reminders(TODAY())

    assert told(notices.INPUT_REMINDER, notices.key(cycle)) == []


def test_publishing_asks_for_sign_on_and_each_sign_on_is_told_to_the_coordinators(world):
    cycle = new_cycle(world)
    Priority.objects.create(cycle=cycle, title="Broadband")
    agenda = services.publish_agenda(cycle, world.users["coordinator"], accept_gaps=True)

    assert told(notices.SIGN_ON_REQUESTED).count("contributor@world.example") >= 1
    request = Notification.objects.filter(kind=notices.SIGN_ON_REQUESTED).latest("pk")
    assert request.action_url == reverse(
        "agendas:agenda_detail", args=[world.slug, cycle.pk, agenda.number]
    )

    services.sign_on(agenda, world.organization, world.users["contributor"])
    services.sign_on(agenda, world.organization, world.users["contributor"])  # again: no news

    signed = Notification.objects.filter(kind=notices.SIGNED_ON, key__startswith=notices.key(cycle))
    assert [n.recipient.email for n in signed] == ["coordinator@world.example"]
    # Coordinators get sign-ons in their daily digest unless they chose otherwise.
    assert signed.get().status == Notification.Status.HELD
    assert signed.get().topic == Topic.SIGN_ONS


def test_a_task_given_to_someone_tells_them_and_a_task_taken_by_oneself_does_not(world, client_for):
    url = reverse("agendas:task_create", args=[world.slug])
    data = {"title": "Call the senator", "due_date": TODAY() + timedelta(days=9)}

    client_for("editor").post(url, {**data, "owner": world.users["contributor"].pk})
    client_for("editor").post(url, {**data, "title": "Mine", "owner": world.users["editor"].pk})

    assert told(notices.TASK_ASSIGNED) == ["contributor@world.example"]
    message = Notification.objects.get(kind=notices.TASK_ASSIGNED)
    assert "Editor Person gave you a task" in message.body
    assert "Call the senator" in message.subject


def test_each_owner_gets_one_weekly_list_of_tasks_late_or_due_within_two_weeks(world):
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Late letter",
        due_date=TODAY() - timedelta(days=3),
        owner=world.users["coordinator"],
    )
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Far away",
        due_date=TODAY() + timedelta(days=40),
        owner=world.users["coordinator"],
    )

    notices.task_digests(TODAY())
    notices.task_digests(TODAY())

    (weekly,) = Notification.objects.filter(
        kind=notices.TASK_DIGEST, ecosystem=world.ecosystem, recipient=world.users["coordinator"]
    )
    assert "Late letter: late, it was due on" in weekly.body
    assert "Plan the legislative day: due on" in weekly.body
    assert "Far away" not in weekly.body
    assert "(2, 1 of them late)" in weekly.body


def test_only_coordinators_see_who_was_told_about_a_cycle(world, client_for):
    cycle = new_cycle(world)
    url = reverse("agendas:cycle_detail", args=[world.slug, cycle.pk])

    assert "Who was told by e-mail" in client_for("coordinator").get(url).text
    assert "Who was told by e-mail" not in client_for("editor").get(url).text
