"""Behind a reverse proxy, throttling and the security log see each visitor's own address,
and an address a client writes into X-Forwarded-For itself counts for nothing."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from ecosystem.security.addresses import client_ip
from tests.world import PASSWORD

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.2"  # the proxy's own address: what the app's socket sees


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_connection_address_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.9", forwarded="198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        pytest.param(1, "203.0.113.9", "203.0.113.9", id="one proxy"),
        pytest.param(1, "6.6.6.6, 203.0.113.9", "203.0.113.9", id="one proxy, spoofed entry"),
        pytest.param(2, "203.0.113.9, 10.1.1.1", "203.0.113.9", id="two proxies"),
        pytest.param(2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9", id="two, spoofed"),
        pytest.param(1, "2001:db8::7", "2001:db8::7", id="IPv6"),
        pytest.param(2, "203.0.113.9", PROXY, id="fewer entries than proxies"),
        pytest.param(1, "not-an-address", PROXY, id="garbage"),
        pytest.param(1, "", PROXY, id="no header"),
    ],
)
def test_behind_proxies_the_client_is_counted_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request_from(PROXY, forwarded=forwarded)) == expected


@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_one_attacker_behind_the_proxy_does_not_lock_out_everyone_behind_it(world, client_for):
    attacker = client_for("anonymous")
    for _ in range(3):
        attacker.post(
            LOGIN,
            {"username": "viewer@world.example", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    locked = attacker.post(
        LOGIN,
        {"username": "viewer@world.example", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )

    colleague = client_for("anonymous").post(
        LOGIN,
        {"username": "viewer@world.example", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )

    assert locked.status_code == 429
    assert colleague.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_writing_another_address_into_the_header_does_not_escape_a_lockout(world, client_for):
    attacker = client_for("anonymous")
    for n in range(3):
        attacker.post(
            LOGIN,
            {"username": "viewer@world.example", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            # The proxy appends the real address after whatever the client sent.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.66",
        )

    response = attacker.post(
        LOGIN,
        {"username": "viewer@world.example", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.66",
    )

    assert response.status_code == 429
