from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.world import PASSWORD

LOGIN = reverse("accounts:login")


def test_people_sign_in_with_their_email_in_any_case(world, client_for):
    response = client_for("anonymous").post(
        LOGIN, {"username": "  Editor@World.Example ", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("root")


def test_a_wrong_password_is_explained_and_the_email_is_kept(world, client_for):
    response = client_for("anonymous").post(
        LOGIN, {"username": "editor@world.example", "password": "wrong"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "do not match an account" in html
    assert 'value="editor@world.example"' in html


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_pause_signing_in(world, client_for):
    client = client_for("anonymous")
    for spelling in ("editor@world.example", "Editor@World.example", "EDITOR@world.example"):
        client.post(LOGIN, {"username": spelling, "password": "wrong"})

    response = client.post(LOGIN, {"username": "editor@world.example", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    # Someone else signing in from the same address is not locked out.
    other = client.post(LOGIN, {"username": "viewer@world.example", "password": PASSWORD})
    assert other.status_code == 302


def test_signing_in_goes_to_the_only_ecosystem_and_root_remembers_the_last_one(world, client_for):
    client = client_for("viewer")

    assert client.get(reverse("root"))["Location"] == reverse("ecosystem:home", args=[world.slug])


def test_someone_in_several_ecosystems_chooses_and_returns_to_the_last_used(world, client_for):
    from ecosystem.models import Membership

    Membership.objects.create(user=world.users["viewer"], ecosystem=world.other)
    client = client_for("viewer")

    assert client.get(reverse("root"))["Location"] == reverse("ecosystem_choose")
    choose = client.get(reverse("ecosystem_choose")).content.decode()
    assert "Test State Ecosystem" in choose
    assert "Other Ecosystem" in choose

    client.get(reverse("ecosystem:home", args=[world.other.slug]))
    assert client.get(reverse("root"))["Location"] == reverse("ecosystem:home", args=["other"])


def test_someone_in_no_ecosystem_is_told_how_to_join(world, client_for):
    from ecosystem.models import User

    loner = User.objects.create_user(email="loner@example.org", password=PASSWORD)
    client = client_for("anonymous")
    client.force_login(loner)

    response = client.get(reverse("root"), follow=True)

    assert "not a member of any ecosystem yet" in response.content.decode()


def test_a_forgotten_password_is_reset_through_an_emailed_link(world, client_for):
    client = client_for("anonymous")

    client.post(reverse("accounts:password_reset"), {"email": "viewer@world.example"})

    [message] = mail.outbox
    link = re.search(r"http://testserver(\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "fresh passphrase 8812", "new_password2": "fresh passphrase 8812"},
        follow=True,
    )
    assert "Your new password is saved" in response.content.decode()
    world.users["viewer"].refresh_from_db()
    assert world.users["viewer"].check_password("fresh passphrase 8812")


def test_a_password_reset_for_an_unknown_address_reveals_nothing(world, client_for):
    response = client_for("anonymous").post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )

    assert "If that address belongs to an account" in response.content.decode()
    assert not mail.outbox


def test_people_change_their_own_name(world, client_for):
    response = client_for("viewer").post(reverse("accounts:profile"), {"full_name": "Vera Viewer"})

    world.users["viewer"].refresh_from_db()
    assert response.status_code == 302
    assert world.users["viewer"].full_name == "Vera Viewer"


@pytest.mark.parametrize("method", ["get"])
def test_signing_out_needs_a_post(world, client_for, method):
    response = getattr(client_for("viewer"), method)(reverse("accounts:logout"))

    assert response.status_code == 405
