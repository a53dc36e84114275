"""Sessions end when idle or too old, get a new key when a role changes, and people can see
where they are signed in and sign out everywhere else."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from ecosystem import services
from ecosystem.models import Membership, Role, UserSession
from ecosystem.security import sessions
from tests.world import PASSWORD

LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")


def signed_in(email: str, browser: str = "Test browser") -> Client:
    client = Client(HTTP_USER_AGENT=browser)
    response = client.post(LOGIN, {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def home(world) -> str:
    return reverse("ecosystem:home", args=[world.slug])


def shift(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def is_signed_in(client: Client, world) -> bool:
    return client.get(home(world)).status_code == 200


def test_a_session_idle_for_longer_than_the_timeout_is_signed_out(world):
    client = signed_in(world.users["viewer"].email)
    shift(client, sessions.LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)

    response = client.get(home(world), follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "signed out after 8\xa0hours without activity" in response.content.decode()
    assert not UserSession.objects.filter(user=world.users["viewer"]).exists()


def test_a_working_person_stays_signed_in(world):
    client = signed_in(world.users["viewer"].email)
    shift(client, sessions.LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT - 60)
    before = Session.objects.get(session_key=client.session.session_key).expire_date

    assert is_signed_in(client, world)
    # The stored session's expiry moved on with the activity.
    after = Session.objects.get(session_key=client.session.session_key).expire_date
    assert after > before
    shift(client, sessions.LAST_SEEN_AT, 120)
    assert is_signed_in(client, world)


def test_the_stored_session_and_its_cookie_expire_with_the_idle_timeout(world):
    client = signed_in(world.users["viewer"].email)

    assert client.session.get_expiry_age() == settings.SESSION_IDLE_TIMEOUT
    assert settings.SESSION_IDLE_TIMEOUT == 8 * 60 * 60  # the default: eight hours


def test_a_session_past_its_longest_life_is_signed_out_even_when_busy(world):
    client = signed_in(world.users["viewer"].email)
    shift(client, sessions.SIGNED_IN_AT, settings.SESSION_MAX_AGE + 1)

    assert not is_signed_in(client, world)


def test_the_account_page_lists_the_browsers_signed_in_and_marks_this_one(world):
    email = world.users["viewer"].email
    laptop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
    phone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
    )
    signed_in(email, browser=laptop)
    client = signed_in(email, browser=phone)

    html = client.get(PROFILE).content.decode()

    assert "Firefox on Windows" in html
    assert "Safari on iPhone" in html
    assert html.count("this one") == 1
    assert html.index("this one") > html.index("Safari on iPhone")


def test_signing_out_everywhere_else_needs_the_password(world):
    email = world.users["viewer"].email
    laptop = signed_in(email)
    phone = signed_in(email)

    response = phone.post(reverse("accounts:sessions_end_others"), {"sessions-password": "nope"})

    assert response.status_code == 422
    assert "That is not your password" in response.content.decode()
    assert is_signed_in(laptop, world)


def test_signing_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(world):
    email = world.users["viewer"].email
    laptop = signed_in(email)
    tablet = signed_in(email)
    phone = signed_in(email)

    response = phone.post(
        reverse("accounts:sessions_end_others"), {"sessions-password": PASSWORD}, follow=True
    )

    assert "signed out of every other browser (2)" in response.content.decode()
    assert not is_signed_in(laptop, world)
    assert not is_signed_in(tablet, world)
    assert is_signed_in(phone, world)
    assert UserSession.objects.filter(user=world.users["viewer"]).count() == 1


def test_a_password_change_ends_the_other_sessions(world):
    email = world.users["viewer"].email
    laptop = signed_in(email)
    phone = signed_in(email)

    phone.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh long passphrase",
            "new_password2": "a fresh long passphrase",
        },
    )

    assert not is_signed_in(laptop, world)
    assert is_signed_in(phone, world)
    assert UserSession.objects.filter(user=world.users["viewer"]).count() == 1


def test_signing_out_takes_the_browser_off_the_list(world):
    client = signed_in(world.users["viewer"].email)

    client.post(reverse("accounts:logout"))

    assert not UserSession.objects.filter(user=world.users["viewer"]).exists()


def test_a_session_gets_a_new_key_after_its_role_changes(world):
    editor = signed_in(world.users["editor"].email)
    old_cookie = editor.cookies[settings.SESSION_COOKIE_NAME].value

    services.change_membership(world.memberships["editor"], role=Role.VIEWER, organization=None)
    assert is_signed_in(editor, world)

    assert editor.cookies[settings.SESSION_COOKIE_NAME].value != old_cookie
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    assert not is_signed_in(stale, world)


@pytest.mark.parametrize("change", ["added", "removed"])
def test_joining_or_leaving_an_ecosystem_renews_the_key_too(world, change):
    viewer = signed_in(world.users["viewer"].email)
    key = viewer.session.session_key

    if change == "added":
        Membership.objects.create(user=world.users["viewer"], ecosystem=world.other)
    else:
        world.memberships["viewer"].delete()
    viewer.get(PROFILE)

    assert viewer.session.session_key != key
