"""Security events go to one logger, one line each, with the person, the address and the
time, so an operator can alert on them."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from ecosystem import services
from ecosystem.models import Role
from tests.mailserver import closed_port
from tests.world import PASSWORD

LOGIN = reverse("accounts:login")


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="workbench.security")

    def read() -> list[dict]:
        return [r.security for r in caplog.records if r.name == "workbench.security"]

    return read


def test_a_sign_in_is_recorded_with_the_person_and_the_address(world, client_for, events):
    client_for("anonymous").post(
        LOGIN,
        {"username": "viewer@world.example", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.4",
    )

    [event] = [e for e in events() if e["event"] == "sign_in"]
    assert event["user"] == "viewer@world.example"
    assert event["user_id"] == world.users["viewer"].pk
    assert event["ip"] == "203.0.113.4"


def test_a_failure_is_recorded_as_a_warning_with_the_address_typed(
    world, client_for, events, caplog
):
    client_for("anonymous").post(LOGIN, {"username": "Nobody@World.example", "password": "x"})

    [event] = [e for e in events() if e["event"] == "sign_in_failed"]
    assert event["user"] == "nobody@world.example"
    record = next(r for r in caplog.records if getattr(r, "security", None) is not None)
    assert record.levelno == logging.WARNING


@override_settings(AXES_FAILURE_LIMIT=2)
def test_a_lockout_is_recorded(world, client_for, events):
    client = client_for("anonymous")
    for _ in range(2):
        client.post(LOGIN, {"username": "viewer@world.example", "password": "wrong"})

    [event] = [e for e in events() if e["event"] == "locked_out"]
    assert event["user"] == "viewer@world.example"
    assert event["scope"] == "address"


def test_a_role_change_is_recorded_with_before_and_after(world, events):
    services.change_membership(world.memberships["editor"], role=Role.VIEWER, organization=None)

    [event] = [e for e in events() if e["event"] == "role_changed"]
    assert (event["role_before"], event["role"]) == ("editor", "viewer")
    assert event["ecosystem"] == world.slug


def test_a_role_change_made_in_a_page_names_who_made_it_and_from_where(world, client_for, events):
    client_for("coordinator").post(
        reverse("ecosystem:member_update", args=[world.slug, world.memberships["editor"].pk]),
        {"role": Role.CONTRIBUTOR},
        REMOTE_ADDR="198.51.100.4",
    )

    [event] = [e for e in events() if e["event"] == "role_changed"]
    assert event["changed_by"] == "coordinator@world.example"
    assert event["ip"] == "198.51.100.4"


def test_a_typed_line_break_cannot_forge_a_second_log_line(world, client_for, caplog):
    caplog.set_level(logging.INFO, logger="workbench.security")
    forged = 'x@y.z\nsecurity event="sign_in" user="admin@world.example"'

    client_for("anonymous").post(LOGIN, {"username": forged, "password": "x"})

    lines = [r.getMessage() for r in caplog.records if r.name == "workbench.security"]
    assert all("\n" not in line for line in lines)
    assert not any(line.startswith('security event="sign_in" ') for line in lines)


# --- Notices by e-mail ----------------------------------------------------------------------


def test_a_password_change_is_told_to_the_account_with_when_and_from_where(world, client_for):
    client = client_for("viewer")

    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh long passphrase",
            "new_password2": "a fresh long passphrase",
        },
        REMOTE_ADDR="203.0.113.50",
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Firefox/133.0",
    )

    [notice] = mail.outbox
    assert notice.to == ["viewer@world.example"]
    assert "password of your account was changed" in notice.subject
    assert "Firefox on Windows, network address 203.0.113.50" in notice.body
    assert "/accounts/password-reset/" in notice.body


def test_signing_out_everywhere_else_is_told_too(world, client_for):
    client_for("viewer").post(
        reverse("accounts:sessions_end_others"), {"sessions-password": PASSWORD}
    )

    [notice] = mail.outbox
    assert "signed out of every browser but one" in notice.body


def test_a_mail_server_that_is_down_does_not_undo_a_password_change(world, client_for, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    client = client_for("viewer")

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh long passphrase",
            "new_password2": "a fresh long passphrase",
        },
    )

    assert response.status_code == 302
    world.users["viewer"].refresh_from_db()
    assert world.users["viewer"].check_password("a fresh long passphrase")
