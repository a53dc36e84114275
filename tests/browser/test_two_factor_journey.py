"""A coordinator whose role requires two-factor sign-in sets it up and signs in with it,
in a real browser. Every page on the way is checked with axe-core."""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.accounts import sign_in, sign_out
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser


def code_from(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the setup page."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


@override_settings(REQUIRE_2FA_FOR={"coordinator"})
def test_a_coordinator_sets_up_two_factor_sign_in_and_signs_in_with_it(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    coordinator = world.users["coordinator"]
    home_url = live_server.url + f"/e/{world.slug}/"

    # The password is right, and the role requires a second step: set it up first.
    sign_in(page, live_server, coordinator, second_step=True)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("code.secret-key").inner_text()

    # A wrong code first: the page says so next to the field.
    page.get_by_label("The code your app shows").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("not the one the app shows now").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("The code your app shows").fill(code_from(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.locator("ul.recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page).to_have_url(home_url)

    # Next time: the password, then a code from the app.
    sign_out(page, coordinator)
    sign_in(page, live_server, coordinator, second_step=True)
    expect(page.get_by_role("heading", name="Your sign-in code", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(code_from(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(home_url)

    # The account page says it is on and lists this browser.
    page.goto(live_server.url + "/accounts/profile/")
    expect(page.get_by_text("On: signing in asks for a code")).to_be_visible()
    expect(page.get_by_text("this one")).to_be_visible()
    assert_accessible(page)
