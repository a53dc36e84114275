"""Every spelling of one address is one account and one sign-in lockout key.

A security review signed in as viewer@… with a full-width "v" (U+FF56) after that account
was locked out: the lockout key kept the letter while Django's sign-in form folded it.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from ecosystem import services
from ecosystem.admin import UserCreationForm
from ecosystem.models import Invitation, Role, User, normalize_email
from tests.world import PASSWORD

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")

# Ways of typing viewer@world.example that people (or attackers) use.
VARIANTS = [
    pytest.param("\uff56iewer@world.example", id="a full-width letter"),
    pytest.param("\uff36\uff29\uff25\uff37\uff25\uff32@world.example", id="full-width capitals"),
    pytest.param("VIEWER@World.Example", id="another case"),
    pytest.param("  viewer@world.example \u3000", id="surrounding spaces, ideographic too"),
    pytest.param("\u00a0viewer@world.example", id="a no-break space before"),
    pytest.param("viewer@world\uff0eexample", id="a full-width full stop"),
]


@pytest.mark.parametrize("typed", VARIANTS)
def test_every_spelling_of_an_address_is_read_as_one(typed):
    assert normalize_email(typed) == "viewer@world.example"


def test_compatibility_characters_and_case_folding_meet_in_one_spelling():
    # A ligature, a superscript digit and the German sharp s fold like their plain forms.
    assert normalize_email("\ufb01ona@example.org") == "fiona@example.org"
    assert normalize_email("room\u00b2@example.org") == "room2@example.org"
    assert normalize_email("STRASSE@example.org") == normalize_email("stra\u00dfe@example.org")


def test_normalizing_twice_changes_nothing():
    for typed in ("\uff56iewer@World.example", "stra\u00dfe@x.org", " \ufb01@x.org "):
        once = normalize_email(typed)
        assert normalize_email(once) == once


@override_settings(AXES_FAILURE_LIMIT=3)
@pytest.mark.parametrize("typed", VARIANTS)
def test_a_locked_out_account_stays_locked_whatever_the_spelling(world, client_for, typed):
    client = client_for("anonymous")
    for _attempt in range(3):
        client.post(LOGIN, {"username": "viewer@world.example", "password": "wrong"})

    response = client.post(LOGIN, {"username": typed, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
@pytest.mark.parametrize("typed", VARIANTS)
def test_wrong_passwords_in_any_spelling_count_towards_one_lockout(world, client_for, typed):
    client = client_for("anonymous")
    for spelling in (typed, "viewer@world.example", typed):
        client.post(LOGIN, {"username": spelling, "password": "wrong"})

    response = client.post(LOGIN, {"username": "viewer@world.example", "password": PASSWORD})

    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_admin_sign_in_shares_the_lockout_and_its_spelling(world, client_for):
    client = client_for("anonymous")
    for _attempt in range(3):
        client.post(ADMIN_LOGIN, {"username": "\uff56iewer@world.example", "password": "wrong"})

    on_admin = client.post(
        ADMIN_LOGIN, {"username": "\uff56iewer@world.example", "password": PASSWORD}
    )
    on_app = client.post(LOGIN, {"username": "viewer@world.example", "password": PASSWORD})

    assert on_admin.status_code == 429
    assert on_app.status_code == 429


@pytest.mark.parametrize("typed", VARIANTS)
def test_people_sign_in_with_any_spelling_of_their_address(world, client_for, typed):
    client = client_for("anonymous")

    response = client.post(LOGIN, {"username": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["viewer"].pk)


@pytest.mark.parametrize("typed", VARIANTS)
def test_a_password_reset_finds_the_account_and_writes_to_its_own_address(world, client_for, typed):
    response = client_for("anonymous").post(reverse("accounts:password_reset"), {"email": typed})

    assert response.status_code == 302
    [message] = mail.outbox
    # Never to the spelling typed: the link goes where the account's mail goes.
    assert message.to == ["viewer@world.example"]


def test_inviting_another_spelling_of_a_members_address_is_refused(world):
    with pytest.raises(services.AlreadyMemberError):
        services.invite(
            world.ecosystem,
            email="\uff56iewer@World.example",
            role=Role.EDITOR,
            organization=None,
            invited_by=world.users["coordinator"],
            link_for=lambda token: f"https://workbench.example/{token}",
        )


def test_an_invitation_typed_in_full_width_letters_is_stored_in_the_plain_spelling(
    world, client_for, django_capture_on_commit_callbacks
):
    url = reverse("ecosystem:member_invite", args=[world.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            url, {"email": "\uff41\uff44\uff41@Example.org", "role": Role.VIEWER}
        )

    assert response.status_code == 302
    assert Invitation.objects.filter(ecosystem=world.ecosystem, email="ada@example.org").exists()
    assert mail.outbox[-1].to == ["ada@example.org"]


def test_a_new_account_cannot_take_another_spelling_of_an_existing_address(world):
    form = UserCreationForm(
        {
            "email": "\uff56iewer@world.example",
            "full_name": "Copycat",
            "usable_password": "true",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
        }
    )

    assert not form.is_valid()
    assert "email" in form.errors
    assert User.objects.filter(full_name="Copycat").count() == 0


def test_accounts_made_in_code_are_stored_in_the_one_spelling(db):
    user = User.objects.create_user(email=" \ufb01ona@EXAMPLE.org", password=PASSWORD)

    assert user.email == "fiona@example.org"
    assert User.objects.get_by_natural_key("\uff46iona@example.org") == user


def test_a_site_administrator_cannot_add_a_second_spelling_of_an_address(world, client):
    admin = User.objects.create_superuser(email="root@world.example", password=PASSWORD)
    client.force_login(admin)

    response = client.post(
        reverse("admin:ecosystem_user_add"),
        {
            "email": "VIEWER@\uff57orld.example",
            "full_name": "Copycat",
            "usable_password": "true",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
        },
    )

    assert response.status_code == 200  # the form again, with the error
    assert "already exists" in response.content.decode()
    assert not User.objects.filter(full_name="Copycat").exists()
