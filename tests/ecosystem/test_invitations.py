from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Ecosystem, Invitation, Membership, Role, User
from ecosystem.models.invitations import hash_token
from tests.mailserver import closed_port, refusing_smtp_server
from tests.world import INVITATION_TOKEN, PASSWORD


def invite_url(world):
    return reverse("ecosystem:member_invite", args=[world.slug])


def accept_url(token):
    return reverse("accounts:invitation_accept", args=[token])


def link_in(message) -> str:
    match = re.search(r"https?://\S+/accounts/invitations/(\S+)/", message.body)
    assert match, message.body
    return match.group(1)


NEW_PASSWORD = "a long and unusual passphrase 42"


# --- Sending -----------------------------------------------------------------------------


def test_a_coordinator_invites_someone_by_email(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            invite_url(world),
            {
                "email": "Ada@Example.org",
                "role": Role.EDITOR,
                "organization": world.organization.pk,
            },
        )

    invitation = Invitation.objects.get(email="ada@example.org")
    assert response.status_code == 302
    assert (invitation.role, invitation.organization) == (Role.EDITOR, world.organization)
    assert invitation.invited_by == world.users["coordinator"]
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Test State Ecosystem" in message.subject
    token = link_in(message)
    # Only a hash is stored, never the link itself.
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash


def test_an_invalid_email_is_refused_and_the_rest_of_the_form_is_kept(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            invite_url(world),
            {"email": "not an email", "role": Role.EDITOR, "organization": world.organization.pk},
        )

    html = response.content.decode()
    assert "email" in response.context["form"].errors
    assert 'value="not an email"' in html
    assert f'value="{Role.EDITOR}" id="id_role_2" required checked' in re.sub(r"\s+", " ", html)
    assert not mail.outbox


def test_inviting_a_current_member_is_refused(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            invite_url(world), {"email": "EDITOR@world.example", "role": Role.VIEWER}
        )

    assert "already a member" in response.context["form"].errors["email"][0]
    assert not Invitation.objects.filter(email="editor@world.example").exists()
    assert not mail.outbox


def test_inviting_the_same_address_again_renews_the_open_invitation(world, client_for):
    client = client_for("coordinator")
    client.post(invite_url(world), {"email": "newcomer@world.example", "role": Role.EDITOR})

    invitation = Invitation.objects.get(email="newcomer@world.example")
    assert invitation.role == Role.EDITOR
    assert invitation.token_hash != hash_token(INVITATION_TOKEN)
    assert client.get(accept_url(INVITATION_TOKEN)).status_code == 404


def test_sending_a_new_link_makes_the_old_one_stop_working(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ecosystem:invitation_resend", args=[world.slug, world.invitation.pk]))

    new_token = link_in(mail.outbox[0])
    anonymous = client_for("anonymous")
    assert anonymous.get(accept_url(INVITATION_TOKEN)).status_code == 404
    assert anonymous.get(accept_url(new_token)).status_code == 200


def test_a_withdrawn_invitation_no_longer_works(world, client_for):
    client_for("coordinator").post(
        reverse("ecosystem:invitation_revoke", args=[world.slug, world.invitation.pk])
    )

    response = client_for("anonymous").get(accept_url(INVITATION_TOKEN))

    assert response.status_code == 404
    assert "does not work" in response.content.decode()


# --- When the message cannot be sent -----------------------------------------------------


@pytest.fixture
def smtp_settings(settings):
    """Send through Django's SMTP backend to a local port the test chooses."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture(params=["connection refused", "recipient refused", "bad header"])
def failing_mail(request, settings, smtp_settings):
    """Mail that cannot be handed over: no server listening, a server that refuses the
    recipient (an SMTPException), or a message Django will not build (BadHeaderError)."""
    if request.param == "connection refused":
        smtp_settings.EMAIL_PORT = closed_port()
        yield request.param
    elif request.param == "recipient refused":
        with refusing_smtp_server() as port:
            smtp_settings.EMAIL_PORT = port
            yield request.param
    else:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.DEFAULT_FROM_EMAIL = "Workbench\nBcc: everyone@example.org <wb@localhost>"
        yield request.param


def test_an_invitation_whose_message_cannot_be_sent_is_not_saved_and_the_form_says_so(
    world, client_for, failing_mail, django_capture_on_commit_callbacks
):
    # Committing runs what waits for the commit, as in production: a message sent only
    # then would fail after the invitation was stored.
    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        response = client_for("coordinator").post(
            invite_url(world),
            {
                "email": "ada@example.org",
                "role": Role.EDITOR,
                "organization": world.organization.pk,
            },
        )

    assert response.status_code == 200
    assert "could not send the invitation" in " ".join(response.context["form"].non_field_errors())
    html = response.content.decode()
    assert 'value="ada@example.org"' in html, "what the coordinator typed is kept"
    assert f'value="{Role.EDITOR}" id="id_role_2" required checked' in re.sub(r"\s+", " ", html)
    assert not Invitation.objects.filter(email="ada@example.org").exists()
    assert not mail.outbox
    assert not after_commit, "the message is sent inside the transaction, not after it"


def test_renewing_an_invitation_whose_message_cannot_be_sent_keeps_the_earlier_link(
    world, client_for, failing_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            invite_url(world), {"email": "newcomer@world.example", "role": Role.EDITOR}
        )

    assert response.status_code == 200
    assert "could not send the invitation" in " ".join(response.context["form"].non_field_errors())
    invitation = Invitation.objects.get(email="newcomer@world.example")
    assert (invitation.role, invitation.token_hash) == (
        Role.CONTRIBUTOR,
        hash_token(INVITATION_TOKEN),
    )
    assert client_for("anonymous").get(accept_url(INVITATION_TOKEN)).status_code == 200


def test_a_new_link_that_cannot_be_sent_leaves_the_earlier_link_working(
    world, client_for, failing_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            reverse("ecosystem:invitation_resend", args=[world.slug, world.invitation.pk]),
            follow=True,
        )

    assert response.status_code == 200
    assert "could not send a new link" in response.content.decode()
    world.invitation.refresh_from_db()
    assert world.invitation.token_hash == hash_token(INVITATION_TOKEN)
    assert client_for("anonymous").get(accept_url(INVITATION_TOKEN)).status_code == 200


@pytest.mark.parametrize("mark", ["\n", "\r", "\r\n", "\t", "\x0b", "\x85", "\u2028"], ids=ascii)
def test_an_ecosystem_name_stored_with_a_line_break_still_gives_a_one_line_subject(
    world, client_for, mark, django_capture_on_commit_callbacks
):
    # Written past validation, as names saved before single-line fields refused them.
    Ecosystem.objects.filter(pk=world.ecosystem.pk).update(name=f"Test{mark}State")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            invite_url(world), {"email": "ada@example.org", "role": Role.EDITOR}
        )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "You are invited to join Test State"
    assert Invitation.objects.filter(email="ada@example.org").exists()


# --- Accepting ---------------------------------------------------------------------------


def test_a_newcomer_sets_a_password_and_lands_in_the_ecosystem(world, client_for):
    client = client_for("anonymous")

    response = client.post(
        accept_url(INVITATION_TOKEN),
        {"full_name": "Nina Newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    user = User.objects.get(email="newcomer@world.example")
    membership = Membership.objects.get(user=user)
    assert (membership.ecosystem, membership.role) == (world.ecosystem, Role.CONTRIBUTOR)
    assert membership.organization == world.organization
    assert user.full_name == "Nina Newcomer"
    assert user.check_password(NEW_PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("ecosystem:home", args=[world.slug])
    assert "Welcome to Test State Ecosystem" in response.content.decode()
    assert response.context["user"] == user
    world.invitation.refresh_from_db()
    assert world.invitation.accepted_by == user


def test_a_used_invitation_cannot_be_used_again(world, client_for):
    data = {"full_name": "Nina", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client_for("anonymous").post(accept_url(INVITATION_TOKEN), data)

    response = client_for("anonymous").post(accept_url(INVITATION_TOKEN), data)

    assert response.status_code == 410
    assert "already used" in response.content.decode()
    assert User.objects.filter(email="newcomer@world.example").count() == 1


def test_an_expired_invitation_says_so_and_who_can_send_a_new_one(world, client_for):
    Invitation.objects.filter(pk=world.invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client_for("anonymous").get(accept_url(INVITATION_TOKEN))

    html = response.content.decode()
    assert response.status_code == 410
    assert "expired" in html
    assert "Coordinator Person" in html


def test_an_unknown_link_answers_404_with_advice(world, client_for):
    response = client_for("anonymous").get(accept_url("made-up"))

    assert response.status_code == 404
    assert "newest invitation email" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}, "password2", "differ"),
        ({"password1": "123", "password2": "123"}, "password1", "too short"),
        ({"password1": "", "password2": ""}, "password1", "required"),
    ],
)
def test_a_bad_password_is_explained_and_the_name_is_kept(world, client_for, data, field, message):
    response = client_for("anonymous").post(
        accept_url(INVITATION_TOKEN), {"full_name": "Nina Newcomer", **data}
    )

    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="Nina Newcomer"' in response.content.decode()
    assert not User.objects.filter(email="newcomer@world.example").exists()


def test_someone_with_an_account_signs_in_first_then_joins(world, client_for):
    invitation = Invitation.objects.create(
        ecosystem=world.other,
        email="editor@world.example",
        role=Role.VIEWER,
        token_hash=hash_token("editor-joins-other"),
        expires_at=timezone.now() + timedelta(days=1),
    )

    signed_out = client_for("anonymous").get(accept_url("editor-joins-other"))
    assert "Sign in to accept" in signed_out.content.decode()

    client = client_for("editor")
    assert client.get(accept_url("editor-joins-other")).status_code == 200
    response = client.post(accept_url("editor-joins-other"))

    assert response.status_code == 302
    assert (
        Membership.objects.get(user=world.users["editor"], ecosystem=world.other).role
        == Role.VIEWER
    )
    invitation.refresh_from_db()
    assert invitation.is_accepted


def test_an_invitation_for_someone_else_tells_you_to_sign_out(world, client_for):
    response = client_for("viewer").post(accept_url(INVITATION_TOKEN))

    assert response.status_code == 403
    assert "this invitation is for newcomer@world.example" in response.content.decode()
    assert not Membership.objects.filter(user__email="newcomer@world.example").exists()


def test_the_invited_person_can_sign_in_afterwards_with_their_new_password(world, client_for):
    client = client_for("anonymous")
    client.post(
        accept_url(INVITATION_TOKEN),
        {"full_name": "Nina", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.post(reverse("accounts:logout"))

    response = client.post(
        reverse("accounts:login"), {"username": "newcomer@world.example", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert PASSWORD != NEW_PASSWORD
