"""E-mail notifications, the shared part: what goes into the outbox, how it reaches a
real SMTP server, one-click unsubscribe without signing in, each member's choices, and the
daily digest."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Membership, Notification, NotificationSetting, Role, Topic, User
from ecosystem.models.notifications import Delivery
from ecosystem.notifications import tokens
from ecosystem.notifications.delivery import compose_digests, deliver
from ecosystem.notifications.outbox import Message, notify
from tests.helpers import assert_queries_do_not_grow
from tests.mailserver import recording_smtp_server

Status = Notification.Status


def message_to(membership: Membership, subject: str = "The round is open") -> Message:
    return Message(
        membership,
        subject,
        "First paragraph.\n\nSecond paragraph with <b>markup</b> & more.",
        "Answer the round",
        "/e/test-state/continuum/rounds/1/answers/1/",
        "You get this because you were invited.",
    )


def send(world, persona: str, *, kind: str = "test", key: str = "test:1", period: str = "") -> int:
    membership = world.memberships[persona]
    return notify(world.ecosystem, Topic.ROUNDS, kind, key, [message_to(membership)], period=period)


def choose(world, persona: str, topic: Topic, delivery: Delivery) -> None:
    NotificationSetting.objects.update_or_create(
        membership=world.memberships[persona], topic=topic, defaults={"delivery": delivery}
    )


@pytest.fixture
def smtp(settings):
    with recording_smtp_server() as (port, received):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield received


def test_a_message_reaches_a_real_smtp_server_with_its_link_reason_and_unsubscribe_headers(
    world, smtp, settings
):
    settings.SITE_URL = "https://workbench.example.org"
    Notification.objects.all().delete()
    send(world, "contributor")

    assert deliver() == 1

    (received,) = smtp
    assert received["To"] == "contributor@world.example"
    assert received["Subject"] == "The round is open"
    unsubscribe = str(received["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://workbench.example.org/notifications/unsubscribe/")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    link = "https://workbench.example.org/e/test-state/continuum/rounds/1/answers/1/"
    for part in (text, html):
        assert link in part
        assert "You get this because you were invited." in part
        assert unsubscribe.strip("<>") in part
        assert "https://workbench.example.org/e/test-state/notifications/" in part
    # The HTML part is made from the text, escaped: a record's name is never markup.
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; more" in html
    assert "<b>markup</b>" not in html
    assert Notification.objects.get().status == Status.SENT


def test_one_bouncing_address_does_not_stop_the_others(world, smtp):
    Notification.objects.all().delete()
    bouncing = User.objects.create_user(email="bounce@world.example", full_name="Bo Unce")
    member = Membership.objects.create(user=bouncing, ecosystem=world.ecosystem, role=Role.EDITOR)
    notify(
        world.ecosystem,
        Topic.ROUNDS,
        "test",
        "test:1",
        [message_to(member), message_to(world.memberships["contributor"])],
    )

    assert deliver() == 1

    assert [m["To"] for m in smtp] == ["contributor@world.example"]
    failed = Notification.objects.get(recipient=bouncing)
    assert failed.status == Status.FAILED
    assert "550" in failed.error
    assert Notification.objects.get(recipient=world.users["contributor"]).status == Status.SENT


def test_the_same_message_is_written_and_sent_once_however_often_it_is_asked_for(world):
    Notification.objects.all().delete()
    assert send(world, "contributor") == 1
    assert send(world, "contributor") == 0
    deliver()
    deliver()

    assert len(mail.outbox) == 1
    # A new period (a new due date, a new week) is a new message.
    assert send(world, "contributor", period="2027-W01") == 1


@pytest.mark.django_db(transaction=True)
def test_two_machines_writing_the_same_messages_at_once_write_each_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite writes one at a time)")
    members = list(Membership.objects.filter(ecosystem=world.ecosystem))
    start = threading.Barrier(2)
    added: list[int] = []

    def machine() -> None:
        try:
            start.wait()
            added.append(
                notify(
                    world.ecosystem,
                    Topic.ROUNDS,
                    "race",
                    "race:1",
                    [message_to(m) for m in members],
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=machine) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(added) == len(members)
    assert Notification.objects.filter(kind="race").count() == len(members)


def test_a_member_who_turned_a_topic_off_gets_nothing_and_the_log_says_so(world):
    Notification.objects.all().delete()
    choose(world, "contributor", Topic.ROUNDS, Delivery.OFF)

    send(world, "contributor")
    deliver()

    assert mail.outbox == []
    assert Notification.objects.get().status == Status.TURNED_OFF


def at(hour: int, days: int = 0) -> datetime:
    today = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(today.year, today.month, today.day, hour))


def test_a_daily_digest_gathers_what_was_held_and_goes_once_a_day_from_its_hour(world, settings):
    settings.NOTIFICATION_DIGEST_HOUR = 7
    Notification.objects.all().delete()
    choose(world, "contributor", Topic.ROUNDS, Delivery.DIGEST)
    send(world, "contributor", key="test:1")
    send(world, "contributor", key="test:2")
    deliver()
    assert mail.outbox == []  # held for the digest

    assert compose_digests(at(6)) == 0  # before the hour
    assert compose_digests(at(8), lambda m: [("Answer the round “Open round”.", "/todo/")]) == 1
    assert compose_digests(at(9)) == 0  # once a day
    deliver()

    (digest,) = mail.outbox
    assert "daily digest (2 updates)" in digest.subject
    assert digest.body.count("The round is open") == 2
    assert "Still waiting on you:" in digest.body
    assert "Answer the round “Open round”." in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.exclude(kind="digest").values_list("status", flat=True)) == {
        Status.IN_DIGEST
    }
    # What arrives after today's digest waits for tomorrow's.
    send(world, "contributor", key="test:3")
    assert compose_digests(at(10)) == 0
    assert compose_digests(at(8, days=1)) == 1


def unsubscribe_url(world, persona: str, topic: str) -> str:
    token = tokens.make_token(world.memberships[persona], topic)
    return reverse("notifications_unsubscribe", args=[token])


def delivery_of(world, persona: str, topic: Topic) -> str | None:
    setting = NotificationSetting.objects.filter(
        membership=world.memberships[persona], topic=topic
    ).first()
    return setting.delivery if setting else None


def test_the_unsubscribe_link_asks_first_and_one_post_stops_that_kind_without_signing_in(world):
    Notification.objects.all().delete()
    choose(world, "contributor", Topic.ROUNDS, Delivery.DIGEST)
    send(world, "contributor")  # held for the next digest
    url = unsubscribe_url(world, "contributor", Topic.ROUNDS)
    # A mail program posts without any page or cookie: no CSRF token either.
    mail_program = Client(enforce_csrf_checks=True)

    asked = mail_program.get(url)
    assert asked.status_code == 200
    assert "Stop sending e-mails about continuum rounds you are invited to" in asked.text
    assert delivery_of(world, "contributor", Topic.ROUNDS) == Delivery.DIGEST

    done = mail_program.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert delivery_of(world, "contributor", Topic.ROUNDS) == Delivery.OFF
    assert delivery_of(world, "contributor", Topic.AGENDA) is None  # only that kind
    assert Notification.objects.get().status == Status.TURNED_OFF  # nor in the next digest


def test_the_digest_unsubscribe_turns_off_every_kind_that_went_into_the_digest(world):
    choose(world, "coordinator", Topic.ROUNDS, Delivery.DIGEST)
    choose(world, "coordinator", Topic.TASKS, Delivery.IMMEDIATE)

    Client().post(unsubscribe_url(world, "coordinator", tokens.DIGEST))

    assert delivery_of(world, "coordinator", Topic.ROUNDS) == Delivery.OFF
    assert delivery_of(world, "coordinator", Topic.SIGN_ONS) == Delivery.OFF  # digest by default
    assert delivery_of(world, "coordinator", Topic.TASKS) == Delivery.IMMEDIATE


def test_an_altered_unsubscribe_link_changes_nothing(world):
    url = unsubscribe_url(world, "contributor", Topic.ROUNDS)
    forged = url.replace(url.rstrip("/").rsplit("/", 1)[1], "x" + url.rstrip("/").rsplit("/", 1)[1])

    response = Client().post(forged)

    assert response.status_code == 404
    assert delivery_of(world, "contributor", Topic.ROUNDS) is None


def checked(html: str, name: str) -> str:
    """The value of the ticked radio button called ``name``."""
    (value,) = [
        re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
        for tag in re.findall(r"<input[^>]*>", html)
        if f'name="{name}"' in tag and " checked" in tag
    ]
    return value


def settings_url(world) -> str:
    return reverse("ecosystem:notification_settings", args=[world.slug])


def test_a_member_chooses_per_kind_and_finds_their_choice_again(world, client_for):
    client = client_for("editor")
    page = client.get(settings_url(world))
    assert "Organizations signing on" not in page.text  # a coordinator's kind

    data = {topic.value: Delivery.IMMEDIATE for topic in Topic if topic != Topic.SIGN_ONS}
    data[Topic.TASKS] = Delivery.DIGEST
    data[Topic.PARTNERS] = Delivery.OFF
    response = client.post(settings_url(world), data)

    assert response.status_code == 302
    assert delivery_of(world, "editor", Topic.TASKS) == Delivery.DIGEST
    assert delivery_of(world, "editor", Topic.PARTNERS) == Delivery.OFF
    again = client.get(settings_url(world)).text
    assert checked(again, "partners") == "off"
    assert checked(again, "tasks") == "digest"


def test_coordinators_choose_how_they_hear_of_sign_ons_and_get_them_daily_by_default(
    world, client_for
):
    page = client_for("coordinator").get(settings_url(world)).text
    assert "Organizations signing on to a published agenda" in page
    assert checked(page, "sign_ons") == "digest"
    assert checked(page, "rounds") == "immediate"


def test_the_settings_page_lists_the_members_own_messages_only(world, client_for):
    Notification.objects.all().delete()
    send(world, "contributor")
    send(world, "editor", key="test:2")
    notify(
        world.other,
        Topic.ROUNDS,
        "test",
        "x:1",
        [message_to(world.other_membership, subject="Someone else's ecosystem")],
    )

    page = client_for("contributor").get(settings_url(world)).text

    assert page.count("The round is open") == 1
    assert "Someone else's ecosystem" not in page


def test_the_settings_page_costs_the_same_however_many_messages_were_sent(world, client_for):
    def grow(count: int) -> None:
        start = Notification.objects.count()
        for number in range(count):
            send(world, "contributor", key=f"grow:{start + number}")

    assert_queries_do_not_grow(client_for("contributor"), settings_url(world), grow)
