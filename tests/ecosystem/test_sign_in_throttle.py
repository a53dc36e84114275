"""Guessing passwords is slowed per account and address, and per account from anywhere,
without an attacker being able to keep the real person out for ever."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import SignInThrottle
from ecosystem.security import throttle
from tests.world import PASSWORD

LOGIN = reverse("accounts:login")
ACCOUNT = "viewer@world.example"

# Small limits keep the tests short; the rules are the same as with the real ones.
LIMITS = override_settings(
    AXES_FAILURE_LIMIT=3,
    SIGNIN_ACCOUNT_FAILURE_LIMIT=5,
    SIGNIN_ACCOUNT_FIRST_PAUSE=timedelta(minutes=1),
    SIGNIN_ACCOUNT_LONGEST_PAUSE=timedelta(minutes=8),
)


def sign_in(client, *, password, address, email=ACCOUNT):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def address(n: int) -> str:
    return f"198.51.100.{n}"


@LIMITS
def test_guesses_spread_over_many_addresses_pause_the_account(world, client_for):
    client = client_for("anonymous")
    # Two guesses from each address: never enough for the per-address lockout.
    for n in range(5):
        answer = sign_in(client, password="wrong", address=address(n // 2))
        assert answer.status_code in (200, 429)

    response = sign_in(client, password=PASSWORD, address=address(99))

    assert response.status_code == 429
    assert "about 1 minute" in response.content.decode()
    assert "_auth_user_id" not in client.session


@LIMITS
def test_each_further_failure_pauses_the_account_twice_as_long_up_to_a_limit(world):
    start = timezone.now()
    pauses = []
    for n in range(1, 10):
        now = start + timedelta(hours=n)  # each one after the last pause has ended
        until = throttle.record_failure(ACCOUNT, now=now)
        pauses.append(None if until is None else (until - now).total_seconds() / 60)

    assert pauses == [None, None, None, None, 1, 2, 4, 8, 8]


@LIMITS
def test_a_pause_ends_by_itself(world, client_for):
    for _ in range(5):
        throttle.record_failure(ACCOUNT)
    SignInThrottle.objects.filter(email=ACCOUNT).update(
        paused_until=timezone.now() - timedelta(seconds=1)
    )

    response = sign_in(client_for("anonymous"), password=PASSWORD, address=address(1))

    assert response.status_code == 302


@LIMITS
def test_tries_during_a_pause_are_refused_without_lengthening_it(world, client_for):
    client = client_for("anonymous")
    for n in range(5):
        sign_in(client, password="wrong", address=address(n))
    paused = SignInThrottle.objects.get(email=ACCOUNT)

    for n in range(10):
        assert sign_in(client, password="wrong", address=address(50 + n)).status_code == 429

    paused.refresh_from_db()
    assert paused.failures == 5
    assert paused.paused_until - timezone.now() <= timedelta(minutes=1)


@LIMITS
def test_one_address_already_locked_out_cannot_pause_the_account_for_everyone(world, client_for):
    attacker = client_for("anonymous")
    for _ in range(20):
        sign_in(attacker, password="wrong", address=address(7))

    # Past the per-address lockout its tries are refused unchecked and not counted.
    assert SignInThrottle.objects.get(email=ACCOUNT).failures == 3
    assert sign_in(attacker, password=PASSWORD, address=address(7)).status_code == 429
    owner = client_for("anonymous")
    assert sign_in(owner, password=PASSWORD, address=address(8)).status_code == 302


@LIMITS
def test_the_pause_page_is_the_same_for_an_address_nobody_has(world, client_for):
    client = client_for("anonymous")
    for n in range(6):
        sign_in(client, password="wrong", address=address(n), email="nobody@world.example")
    nobody = sign_in(client, password="wrong", address=address(40), email="nobody@world.example")
    for n in range(6):
        sign_in(client, password="wrong", address=address(n))
    somebody = sign_in(client, password="wrong", address=address(40))

    assert nobody.status_code == somebody.status_code == 429
    # The same page but for the per-request CSRF token.
    assert without_token(nobody) == without_token(somebody)


def without_token(response):
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())


@LIMITS
def test_a_password_reset_lifts_every_pause(world, client_for):
    client = client_for("anonymous")
    for n in range(6):
        sign_in(client, password="wrong", address=address(n % 2))
    assert sign_in(client, password=PASSWORD, address=address(0)).status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": ACCOUNT})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    form_page = client.get(link.strip(), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )
    client.post(reverse("accounts:logout"))

    assert not SignInThrottle.objects.filter(email=ACCOUNT).exists()
    again = sign_in(client, password="a fresh long passphrase", address=address(0))
    assert again.status_code == 302


@LIMITS
def test_the_count_is_forgotten_a_day_after_the_last_failure(world):
    start = timezone.now()
    for _ in range(4):
        throttle.record_failure(ACCOUNT, now=start)

    later = start + timedelta(hours=25)
    assert throttle.record_failure(ACCOUNT, now=later) is None
    assert SignInThrottle.objects.get(email=ACCOUNT).failures == 1


@pytest.mark.parametrize("failures", [5, 6, 60, 10_000])
def test_the_pause_never_exceeds_the_longest(failures, settings):
    settings.SIGNIN_ACCOUNT_FAILURE_LIMIT = 5
    settings.SIGNIN_ACCOUNT_LONGEST_PAUSE = timedelta(hours=1)

    assert throttle.pause_after(failures) <= timedelta(hours=1)
