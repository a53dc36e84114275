"""Signing in and out through the real form, the way every journey in this folder does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.world import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from ecosystem.models import User


def sign_in(
    page: Page,
    live_server: LiveServer,
    user: User,
    *,
    check_page: bool = False,
    second_step: bool = False,
) -> None:
    """Sign in with the personas' password, and wait for the menu under the user's name.

    check_page also checks the sign-in page with axe-core first. With second_step the
    account still owes a two-factor step, so the menu does not appear yet: the caller
    checks the page that asks for it.
    """
    page.goto(live_server.url + "/accounts/sign-in/")
    if check_page:
        expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
        assert_accessible(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if not second_step:
        expect(page.get_by_role("button", name=user.get_full_name())).to_be_visible()


def sign_out(page: Page, user: User) -> None:
    """Sign out from the menu under the user's name, back to the sign-in page."""
    page.get_by_role("button", name=user.get_full_name()).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
