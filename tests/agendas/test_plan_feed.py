"""The calendar feed: an .ics address calendar apps subscribe to without signing in, and
the page where coordinators create, replace and turn it off."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agendas.models import CalendarFeed, PlanTask


def feed_url(token):
    return reverse("feeds:calendar", kwargs={"token": token})


def settings_url(world, name="feed_settings"):
    return reverse(f"agendas:{name}", kwargs={"ecosystem_slug": world.slug})


def fetch(token):
    """As a calendar app does: no session, no cookies."""
    return Client().get(feed_url(token))


def events_of(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_parses_and_holds_the_plans_tasks_on_their_dates(world):
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Meet the budget chair",
        description="Bring the fact sheet.",
        due_date=date(2031, 3, 4),
        owner=world.users["editor"],
    )

    response = fetch(world.feed.token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = events_of(response)
    assert calendar["prodid"]
    assert str(calendar["x-wr-calname"]) == "Test State Ecosystem: year plan"
    assert set(events) == {"Plan the legislative day", "Meet the budget chair"}
    meeting = events["Meet the budget chair"]
    assert meeting.decoded("dtstart") == date(2031, 3, 4)
    assert meeting.decoded("dtend") == date(2031, 3, 5)
    description = str(meeting["description"])
    assert "Owner: Editor Person" in description
    assert "Status: To do" in description
    assert "Bring the fact sheet." in description
    assert str(meeting["status"]) == "CONFIRMED"
    assert events["Plan the legislative day"].decoded("dtstart") == world.task.due_date


def test_each_task_keeps_the_same_uid_when_it_changes(world):
    before = events_of(fetch(world.feed.token))[1]["Plan the legislative day"]["uid"]
    world.task.title = "Plan the legislative day, with students"
    world.task.save()

    after = events_of(fetch(world.feed.token))[1]["Plan the legislative day, with students"]

    assert str(after["uid"]) == str(before)


def test_done_and_overdue_tasks_say_so(world):
    world.task.status = PlanTask.Status.DONE
    world.task.save()
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Late letter",
        due_date=timezone.localdate() - timedelta(days=2),
    )

    events = events_of(fetch(world.feed.token))[1]

    assert "Done: Plan the legislative day" in events
    late = str(events["Late letter"]["description"])
    assert "This task is overdue." in late
    assert "Owner: nobody yet" in late


def test_the_feed_holds_only_its_own_ecosystems_tasks_and_not_last_years(world):
    PlanTask.objects.create(
        ecosystem=world.ecosystem,
        title="Long ago",
        due_date=timezone.localdate() - timedelta(days=400),
    )

    events = events_of(fetch(world.feed.token))[1]

    assert list(events) == ["Plan the legislative day"]


def test_an_unknown_token_answers_404(db):
    response = Client().get(feed_url("not-a-token"))

    assert response.status_code == 404


def test_a_revoked_address_answers_404(world, client_for):
    token = world.feed.token

    response = client_for("coordinator").post(settings_url(world, "feed_revoke"))

    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(ecosystem=world.ecosystem).exists()
    assert fetch(token).status_code == 404


def test_a_new_address_replaces_the_old_one(world, client_for):
    old = world.feed.token

    client_for("coordinator").post(settings_url(world, "feed_regenerate"))

    new = CalendarFeed.objects.get(ecosystem=world.ecosystem)
    assert new.token != old
    assert len(new.token) >= 32
    assert fetch(old).status_code == 404
    assert fetch(new.token).status_code == 200


def test_a_coordinator_turns_the_feed_on_again_after_revoking_it(world, client_for):
    client = client_for("coordinator")
    client.post(settings_url(world, "feed_revoke"))

    client.post(settings_url(world, "feed_create"))

    feed = CalendarFeed.objects.get(ecosystem=world.ecosystem)
    assert feed.created_by == world.users["coordinator"]
    assert fetch(feed.token).status_code == 200


def test_creating_when_an_address_exists_keeps_it(world, client_for):
    client_for("coordinator").post(settings_url(world, "feed_create"))

    assert CalendarFeed.objects.get(ecosystem=world.ecosystem).token == world.feed.token


@pytest.mark.parametrize("persona", ["viewer", "contributor", "editor"])
def test_every_member_sees_the_full_address_but_cannot_change_it(world, client_for, persona):
    html = client_for(persona).get(settings_url(world)).content.decode()

    assert f"http://testserver/feeds/{world.feed.token}.ics" in html
    assert f"webcal://testserver/feeds/{world.feed.token}.ics" in html
    assert "Make a new address" not in html
    assert "Turn the calendar feed off" not in html


def test_a_coordinator_sees_how_to_replace_or_revoke_the_address(world, client_for):
    html = client_for("coordinator").get(settings_url(world)).content.decode()

    assert world.feed.token in html
    assert "Make a new address" in html
    assert "Turn the calendar feed off" in html
    assert "Created on" in html


def test_without_an_address_members_are_told_who_can_turn_it_on(world, client_for):
    world.feed.delete()

    viewer = client_for("viewer").get(settings_url(world)).content.decode()
    coordinator = client_for("coordinator").get(settings_url(world)).content.decode()

    assert "A coordinator of the ecosystem can turn it on." in viewer
    assert "/feeds/" not in viewer
    assert "Create the calendar address" in coordinator


# --- Names stored with line breaks or other control characters ------------------------------

# Written straight to the database, as data saved before single-line fields refused them.
STORED_BREAKS = ["\n", "\r", "\r\n", "\t", "\x0b", "\x1e", "\x85", "\u2028", "\u202e"]


@pytest.mark.parametrize("mark", STORED_BREAKS, ids=ascii)
def test_the_feed_stays_one_line_per_property_when_stored_names_hold_control_characters(
    world, mark
):
    Ecosystem = type(world.ecosystem)
    Ecosystem.objects.filter(pk=world.ecosystem.pk).update(name=f"Test{mark}State")
    PlanTask.objects.filter(pk=world.task.pk).update(title=f"Plan the{mark}legislative day")
    type(world.users["coordinator"]).objects.filter(pk=world.users["coordinator"].pk).update(
        full_name=f"Coordinator{mark}Person"
    )

    response = fetch(world.feed.token)

    assert response.status_code == 200
    calendar, events = events_of(response)
    assert str(calendar["x-wr-calname"]) == "Test State: year plan"
    assert "Test State" in str(calendar["x-wr-caldesc"])
    assert set(events) == {"Plan the legislative day"}
    assert "Owner: Coordinator Person" in str(events["Plan the legislative day"]["description"])
    # Every content line ends with CRLF and holds no other control character but a tab.
    for line in response.content.split(b"\r\n"):
        assert not any(byte < 0x20 and byte != 0x09 for byte in line), line


def test_a_task_description_keeps_its_line_breaks_in_the_feed_whatever_their_kind(world):
    PlanTask.objects.filter(pk=world.task.pk).update(
        description="Book the room.\r\nInvite the chair.\rBring\x0bbadges.\u2028Smile."
    )

    response = fetch(world.feed.token)

    _calendar, events = events_of(response)
    description = str(events["Plan the legislative day"]["description"])
    assert "Book the room.\nInvite the chair.\nBring\nbadges.\nSmile." in description
