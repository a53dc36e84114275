"""A coordinator brings a newcomer in, end to end, in a real browser.

Every page on the way is checked with axe-core (WCAG 2.1 A and AA), including a form
showing its errors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from playwright.sync_api import expect

from ecosystem.models import Membership, Organization, Role
from tests.browser.accounts import sign_in, sign_out
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

NEWCOMER_EMAIL = "river.newcomer@example.org"
NEWCOMER_NAME = "River Newcomer"
NEWCOMER_PASSWORD = "a long and unguessable passphrase 42"
ORGANIZATION = "Riverside Community Library"
ACCEPT_LINK = re.compile(r"https?://\S+/accounts/invitations/[^/\s]+/")


def test_a_coordinator_invites_a_newcomer_who_joins_through_the_emailed_link(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    coordinator = world.users["coordinator"]
    home_url = live_server.url + f"/e/{world.slug}/"

    # The coordinator signs in through the real form and lands on the ecosystem's home.
    sign_in(page, live_server, coordinator, check_page=True)
    expect(page).to_have_url(home_url)
    expect(page.get_by_role("heading", name=world.ecosystem.name, level=1)).to_be_visible()
    assert_accessible(page)

    # Organizations: the list, then the form, first sent empty to see its errors.
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Organizations").click()
    expect(page.get_by_role("heading", name="Participating organizations")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an organization").click()
    expect(page.get_by_role("heading", name="Add an organization", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add organization").click()
    expect(page.get_by_role("heading", name="Please check the form")).to_be_visible()
    name = page.get_by_role("textbox", name=re.compile(r"^Name\b"))
    expect(name).to_have_accessible_description("This field is required.")
    assert_accessible(page)

    name.fill(ORGANIZATION)
    page.get_by_label("Kind").select_option(label="Public library")
    page.get_by_label("City or town").fill("Riverside")
    page.get_by_role("button", name="Add organization").click()
    expect(page.get_by_role("heading", name=ORGANIZATION, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=f"{ORGANIZATION} was added.")).to_be_visible()
    expect(page.get_by_text("Public library · Riverside")).to_be_visible()
    assert_accessible(page)
    organization = Organization.objects.get(ecosystem=world.ecosystem, name=ORGANIZATION)

    # Members: invite the newcomer as a contributor speaking for the new organization.
    main_nav.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", name="Members", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Invite someone").click()
    expect(page.get_by_role("heading", name="Invite someone", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(NEWCOMER_EMAIL)
    page.get_by_role("radio", name=re.compile(r"^Contributor\b")).check()
    page.get_by_label("Organization represented").select_option(label=ORGANIZATION)
    # A round is open, so the form offers to invite them to answer it, ticked already.
    rounds_box = page.get_by_role("checkbox", name="Also invite them to answer the open")
    expect(rounds_box).to_be_checked()
    expect(rounds_box).to_have_accessible_description(re.compile(r"Open now: “Open round”\."))
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("heading", name="Members", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"We sent an invitation to {NEWCOMER_EMAIL}")
    invitations = page.get_by_role("table", name="Open invitations")
    newcomer_row = invitations.get_by_role("row").filter(has_text=NEWCOMER_EMAIL)
    expect(newcomer_row).to_contain_text("Contributor")
    expect(newcomer_row).to_contain_text(ORGANIZATION)
    assert_accessible(page)

    # The email carries the link.
    [email] = [message for message in mail.outbox if NEWCOMER_EMAIL in message.to]
    match = ACCEPT_LINK.search(email.body)
    assert match, email.body
    accept_url = match.group(0)
    assert accept_url.startswith(live_server.url)

    # The coordinator signs out from the menu under their name.
    sign_out(page, coordinator)

    # The newcomer opens the link, sets up an account and joins.
    page.goto(accept_url)
    expect(page.get_by_role("heading", name=f"Join {world.ecosystem.name}")).to_be_visible()
    expect(page.get_by_text(f"You will speak for {ORGANIZATION}.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your full name").fill(NEWCOMER_NAME)
    page.get_by_label("Choose a password").fill(NEWCOMER_PASSWORD)
    page.get_by_label("Type the password again").fill(NEWCOMER_PASSWORD)
    page.get_by_role("button", name="Create my account and join").click()

    expect(page).to_have_url(home_url)
    expect(page.get_by_role("status")).to_contain_text(
        f"Welcome to {world.ecosystem.name}. You joined as contributor. You are also invited "
        "to answer the Continuum round “Open round”: it is in your to-dos below."
    )
    todos = page.get_by_role("region", name="Your to-dos")
    expect(todos).to_contain_text("Answer the Continuum round “Open round”.")
    expect(page.get_by_text("You are a Contributor")).to_contain_text(f"for {ORGANIZATION}")
    expect(page.get_by_role("button", name=NEWCOMER_NAME)).to_be_visible()
    assert_accessible(page)

    membership = Membership.objects.get(ecosystem=world.ecosystem, user__email=NEWCOMER_EMAIL)
    assert membership.role == Role.CONTRIBUTOR
    assert membership.organization == organization
    assert membership.user.full_name == NEWCOMER_NAME
