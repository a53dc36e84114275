"""Two-factor sign-in: an authenticator app after the password, recovery codes for a lost
phone, required for the roles the environment names and offered to everyone."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ecosystem import services
from ecosystem.models import RecoveryCode, RecoveryCodes, Role, User
from ecosystem.security import twofactor
from tests.world import PASSWORD

LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def signed_in(email: str) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def turn_on(user: User) -> tuple[TOTPDevice, list[str]]:
    """Two-factor sign-in for ``user``, set up as the page does it."""
    client = signed_in(user.email)
    client.get(SETUP)
    pending = TOTPDevice(key=client.session[twofactor.SETUP_KEY])
    response = client.post(SETUP, {"code": code_for(pending)})
    assert response.status_code == 200, response.content[:300]
    device = TOTPDevice.objects.get(user=user)
    return device, re.findall(
        r"<li>([a-z2-7]{4}(?:-[a-z2-7]{4}){5})</li>", response.content.decode()
    )


def home(world) -> str:
    return reverse("ecosystem:home", args=[world.slug])


# --- Setting it up ---------------------------------------------------------------------------


def test_setting_up_shows_a_qr_code_and_the_key_to_type_and_stores_nothing_yet(world, client_for):
    client = client_for("viewer")

    response = client.get(SETUP)
    again = client.get(SETUP)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    pending = TOTPDevice(key=client.session[twofactor.SETUP_KEY])
    assert twofactor.secret_text(pending).replace(" ", "") in html.replace(" ", "")
    # The same secret on a second look, and no device until the first code is right.
    assert twofactor.secret_text(pending) in again.content.decode()
    assert not TOTPDevice.objects.filter(user=world.users["viewer"]).exists()


def test_a_wrong_first_code_leaves_it_off_and_says_why(world, client_for):
    client = client_for("viewer")
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 422
    assert "not the one the app shows now" in response.content.decode()
    assert not twofactor.is_enabled(world.users["viewer"])


def test_the_right_first_code_turns_it_on_and_shows_ten_recovery_codes_once(world):
    device, codes = turn_on(world.users["viewer"])

    assert device.confirmed
    assert len(codes) == len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(device__user=world.users["viewer"]))
    assert len(stored) == 10
    # Only hashes are kept.
    assert not {code.replace("-", "") for code in codes} & {row.code_hash for row in stored}


def test_someone_who_signed_in_long_ago_confirms_the_password_to_set_it_up(world, client_for):
    client = client_for("viewer")
    session = client.session
    session["security.signed_in_at"] = time.time() - 3600
    session.save()
    client.get(SETUP)
    device = TOTPDevice(key=client.session[twofactor.SETUP_KEY])

    without = client.post(SETUP, {"code": code_for(device)})
    assert without.status_code == 422
    assert not twofactor.is_enabled(world.users["viewer"])

    with_password = client.post(SETUP, {"code": code_for(device), "password": PASSWORD})
    assert with_password.status_code == 200
    assert twofactor.is_enabled(world.users["viewer"])


def test_turning_it_on_and_off_is_told_to_the_account_by_email(world):
    user = world.users["viewer"]
    _device, codes = turn_on(user)
    client = signed_in(user.email)
    client.post(VERIFY, {"code": codes[0]})
    client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD, "code": codes[1]})

    subjects = [message.subject for message in mail.outbox if message.to == [user.email]]
    assert any("turned on" in subject for subject in subjects)
    assert any("turned off" in subject for subject in subjects)


def test_turning_it_on_signs_out_every_other_browser(world):
    user = world.users["viewer"]
    other_browser = signed_in(user.email)
    assert other_browser.get(home(world)).status_code == 200

    turn_on(user)

    response = other_browser.get(home(world))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Signing in with it ------------------------------------------------------------------------


def test_after_the_password_nothing_opens_until_a_code_is_given(world):
    user = world.users["editor"]
    turn_on(user)
    client = signed_in(user.email)

    page = client.get(home(world))
    admin = client.get(reverse("admin:index"))
    action = client.post(
        reverse("ecosystem:organization_create", args=[world.slug]),
        {"name": "Sneaked In Library", "kind": "public_library"},
    )

    assert page.status_code == 302
    assert page["Location"] == f"{VERIFY}?next={home(world).replace('/', '%2F')}"
    assert admin["Location"].startswith(VERIFY)
    assert action["Location"].startswith(VERIFY)
    assert not world.ecosystem.organizations.filter(name="Sneaked In Library").exists()


def test_the_right_code_finishes_signing_in_and_goes_where_asked(world):
    user = world.users["editor"]
    device, _codes = turn_on(user)
    client = signed_in(user.email)
    before = client.session.session_key

    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": home(world)})

    assert response.status_code == 302
    assert response["Location"] == home(world)
    assert client.get(home(world)).status_code == 200
    # More trust, a new session key.
    assert client.session.session_key != before


def test_a_wrong_code_is_refused_and_guessing_slows_down(world):
    user = world.users["editor"]
    device, _codes = turn_on(user)
    client = signed_in(user.email)

    wrong = client.post(VERIFY, {"code": "123456"})
    right_but_too_soon = client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})

    assert wrong.status_code == 422
    assert "That code is not right" in wrong.content.decode()
    assert right_but_too_soon.status_code == 422
    assert "Wait" in right_but_too_soon.content.decode()
    assert client.get(home(world)).status_code == 302


def test_a_recovery_code_signs_in_once(world):
    user = world.users["editor"]
    _device, codes = turn_on(user)

    first = signed_in(user.email)
    used = first.post(VERIFY, {"code": codes[0].upper()})
    second = signed_in(user.email)
    reused = second.post(VERIFY, {"code": codes[0]})

    assert used.status_code == 302
    assert first.get(home(world)).status_code == 200
    assert reused.status_code == 422
    assert twofactor.recovery_codes_left(user) == 9


def test_the_code_page_lets_people_through_when_an_administrator_removed_the_authenticator(
    world,
):
    user = world.users["editor"]
    turn_on(user)
    client = signed_in(user.email)
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodes.objects.filter(user=user).delete()

    response = client.get(VERIFY, follow=True)

    assert response.status_code == 200
    assert client.get(home(world)).status_code == 200


# --- Required for some roles -----------------------------------------------------------------


@override_settings(REQUIRE_2FA_FOR={"coordinator"})
def test_a_role_that_requires_it_is_sent_to_set_it_up_first(world):
    coordinator = signed_in(world.users["coordinator"].email)
    viewer = signed_in(world.users["viewer"].email)

    held = coordinator.get(home(world))

    assert held.status_code == 302
    assert held["Location"].startswith(SETUP)
    assert "requires a second step" in coordinator.get(SETUP).content.decode()
    assert viewer.get(home(world)).status_code == 200


@override_settings(REQUIRE_2FA_FOR={"admin"})
def test_site_administrators_set_it_up_before_opening_the_admin(world):
    User.objects.create_superuser(email="root@world.example", password=PASSWORD)
    client = signed_in("root@world.example")

    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(SETUP)


@override_settings(REQUIRE_2FA_FOR={"coordinator"})
def test_becoming_a_coordinator_requires_it_from_the_next_page_on(world):
    editor = signed_in(world.users["editor"].email)
    assert editor.get(home(world)).status_code == 200
    key_before = editor.session.session_key

    services.change_membership(
        world.memberships["editor"], role=Role.COORDINATOR, organization=None
    )
    response = editor.get(home(world))

    assert response["Location"].startswith(SETUP)
    # The role change also renewed the session's key.
    assert editor.session.session_key != key_before


@override_settings(REQUIRE_2FA_FOR={"coordinator"})
def test_once_set_up_the_required_role_goes_on_as_usual(world):
    device, _codes = turn_on(world.users["coordinator"])
    client = signed_in(world.users["coordinator"].email)
    client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})

    assert client.get(home(world)).status_code == 200


# --- Turning it off, new codes ----------------------------------------------------------------


def test_turning_it_off_needs_the_password_and_a_code(world):
    user = world.users["viewer"]
    device, _codes = turn_on(user)
    client = signed_in(user.email)
    client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})
    url = reverse("accounts:two_factor_disable")

    refused = client.post(url, {"password": "wrong", "code": "000000"})
    done = client.post(url, {"password": PASSWORD, "code": _codes[3]})

    assert refused.status_code == 422
    assert done.status_code == 302
    assert not twofactor.is_enabled(user)
    assert twofactor.recovery_codes_left(user) == 0


@override_settings(REQUIRE_2FA_FOR={"coordinator"})
def test_a_required_role_turning_it_off_is_led_to_set_up_a_new_one(world):
    user = world.users["coordinator"]
    device, codes = turn_on(user)
    client = signed_in(user.email)
    client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})

    response = client.post(
        reverse("accounts:two_factor_disable"), {"password": PASSWORD, "code": codes[0]}
    )

    assert response["Location"] == SETUP
    assert client.get(home(world))["Location"].startswith(SETUP)


def test_new_recovery_codes_replace_the_old_ones(world):
    user = world.users["viewer"]
    device, old_codes = turn_on(user)
    client = signed_in(user.email)
    client.post(VERIFY, {"code": old_codes[0]})

    response = client.post(
        reverse("accounts:two_factor_recovery_codes"),
        {"code": code_for(device, steps_ahead=1)},
    )

    new_codes = re.findall(r"<li>([a-z2-7-]{29})</li>", response.content.decode())
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert RecoveryCodes.objects.get(user=user).verify_token(old_codes[1]) is False


@pytest.mark.parametrize("persona", ["viewer", "coordinator"])
def test_everyone_is_offered_it_on_their_account_page(world, client_for, persona):
    html = client_for(persona).get(reverse("accounts:profile")).content.decode()

    assert "Set up two-factor sign-in" in html
