"""Security events go to one logger, one line each, with the person, the address and the
time, so an operator can alert on them."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from ecosystem import services
from ecosystem.models import Role
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
