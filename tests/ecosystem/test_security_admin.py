"""A site administrator's two security actions on people: sign them out of every browser,
and turn off two-factor sign-in for someone who lost their phone."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ecosystem.models import RecoveryCodes, User
from ecosystem.security import twofactor
from tests.world import PASSWORD

CHANGELIST = reverse("admin:ecosystem_user_changelist")


def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(email="root@world.example", password="x"))
    return client


def run_action(action: str, user: User) -> None:
    response = admin_client().post(
        CHANGELIST, {"action": action, "_selected_action": [user.pk]}, follow=True
    )
    assert response.status_code == 200


def test_signing_someone_out_of_every_browser_ends_their_sessions(world):
    viewer = Client()
    viewer.force_login(world.users["viewer"])
    home = reverse("ecosystem:home", args=[world.slug])
    assert viewer.get(home).status_code == 200

    run_action("sign_out_everywhere", world.users["viewer"])

    assert viewer.get(home).status_code == 302
    assert not world.users["viewer"].signed_in_sessions.exists()


def test_turning_off_two_factor_for_a_lost_phone_removes_it_and_tells_the_person(world):
    user = world.users["editor"]
    TOTPDevice.objects.create(user=user, name="Authenticator app")
    twofactor.make_recovery_codes(user)

    run_action("turn_off_two_factor", user)

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCodes.objects.filter(user=user).exists()
    [notice] = [message for message in mail.outbox if message.to == [user.email]]
    assert "A site administrator turned two-factor sign-in off" in notice.body
    # The person signs in with the password alone again.
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert client.get(reverse("ecosystem:home", args=[world.slug])).status_code == 200
