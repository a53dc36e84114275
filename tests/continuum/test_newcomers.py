"""Someone who joins while Continuum rounds are open is asked to answer them, unless the
coordinator chose otherwise; and a coordinator sees who could still be invited."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from continuum import services
from continuum.models import Response, Round
from ecosystem.models import Invitation, Membership, Role
from ecosystem.models.invitations import hash_token

PASSWORD = "a long and unusual passphrase 42"
LATECOMER = "latecomer@world.example"


def invite_url(world) -> str:
    return reverse("ecosystem:member_invite", args=[world.slug])


def round_url(world, round: Round, name: str = "round_detail") -> str:
    return reverse(f"continuum:{name}", args=[world.slug, round.pk])


def open_second_round(world, title: str = "Spring check") -> Round:
    return services.open_round(
        world.ecosystem,
        version=world.round.version,
        title=title,
        period="Spring 2027",
        due_date=None,
        anonymous=False,
        disagreement_threshold=2,
        invitees=[],
        opened_by=world.users["coordinator"],
    )


def invite_and_accept(client_for, world, *, role=Role.CONTRIBUTOR, tick=True):
    """The coordinator invites the latecomer through the form, and the latecomer accepts
    with the emailed link as a newcomer; returns the page they land on."""
    data = {"email": LATECOMER, "role": role}
    if tick:
        data["join_open_rounds"] = "on"
    sent = client_for("coordinator").post(invite_url(world), data)
    assert sent.status_code == 302
    token = re.search(r"/accounts/invitations/(\S+)/", mail.outbox[-1].body).group(1)
    return client_for("anonymous").post(
        reverse("accounts:invitation_accept", args=[token]),
        {"full_name": "Lee Latecomer", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )


def rounds_of(email: str) -> set[str]:
    return set(Response.objects.filter(user__email=email).values_list("round__title", flat=True))


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- The invitation form ---------------------------------------------------------------------


def test_the_invitation_form_offers_the_open_rounds_by_name_ticked_by_default(world, client_for):
    open_second_round(world)

    response = client_for("coordinator").get(invite_url(world))

    field = response.context["form"]["join_open_rounds"]
    assert field.initial is True
    assert "Open now: “Open round”, “Spring check”." in field.help_text
    html = " ".join(response.content.decode().split())
    assert re.search(r'<input type="checkbox" name="join_open_rounds"[^>]* checked', html)
    assert '<label for="id_join_open_rounds"' in html


def test_the_invitation_form_has_no_round_box_when_no_round_is_open(world, client_for):
    services.close_round(world.round)

    response = client_for("coordinator").get(invite_url(world))

    assert "join_open_rounds" not in response.context["form"].fields
    assert "Continuum rounds" not in response.content.decode()


def test_a_round_title_is_shown_as_text_in_the_form_never_as_markup(world, client_for):
    open_second_round(world, title="<b>Bold</b> & brave")

    html = client_for("coordinator").get(invite_url(world)).content.decode()

    assert "“&lt;b&gt;Bold&lt;/b&gt; &amp; brave”" in html
    assert "<b>Bold</b>" not in html


def test_the_coordinators_choice_is_kept_on_the_invitation(world, client_for):
    client = client_for("coordinator")

    client.post(invite_url(world), {"email": LATECOMER, "role": Role.CONTRIBUTOR})
    unticked = Invitation.objects.get(email=LATECOMER).join_open_rounds
    # Inviting the same address again renews the invitation with the new choice.
    client.post(
        invite_url(world), {"email": LATECOMER, "role": Role.CONTRIBUTOR, "join_open_rounds": "on"}
    )

    assert unticked is False
    assert Invitation.objects.get(email=LATECOMER).join_open_rounds is True


# --- Accepting -------------------------------------------------------------------------------


def test_a_newcomer_is_asked_to_answer_every_open_round_and_no_closed_one(world, client_for):
    open_second_round(world)

    response = invite_and_accept(client_for, world)

    assert rounds_of(LATECOMER) == {"Open round", "Spring check"}
    assert not Response.objects.filter(
        user__email=LATECOMER, round__status=Round.Status.CLOSED
    ).exists()
    response_in_round = Response.objects.get(user__email=LATECOMER, round=world.round)
    assert response_in_round.respondent_name == "Lee Latecomer"
    page = text(response)
    assert (
        "You are also invited to answer the Continuum rounds “Open round”, “Spring check”: "
        "they are in your to-dos below." in page
    )
    assert "Answer the Continuum round “Spring check”." in page


def test_a_newcomer_is_left_out_of_the_rounds_when_the_box_was_unticked(world, client_for):
    response = invite_and_accept(client_for, world, tick=False)

    assert Membership.objects.filter(user__email=LATECOMER, ecosystem=world.ecosystem).exists()
    assert rounds_of(LATECOMER) == set()
    assert "You are also invited to answer" not in text(response)


def test_a_newcomer_who_joins_as_viewer_is_never_asked_to_answer(world, client_for):
    invite_and_accept(client_for, world, role=Role.VIEWER, tick=True)

    assert Membership.objects.get(user__email=LATECOMER).role == Role.VIEWER
    assert rounds_of(LATECOMER) == set()


def test_a_round_opened_after_the_invitation_was_sent_is_joined_too(world, client_for):
    services.close_round(world.round)
    client_for("coordinator").post(invite_url(world), {"email": LATECOMER, "role": Role.EDITOR})
    token = re.search(r"/accounts/invitations/(\S+)/", mail.outbox[-1].body).group(1)
    open_second_round(world)

    client_for("anonymous").post(
        reverse("accounts:invitation_accept", args=[token]),
        {"full_name": "Lee Latecomer", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert rounds_of(LATECOMER) == {"Spring check"}


def test_joining_one_ecosystem_never_touches_another_ecosystems_rounds(world, client_for):
    other_before = set(world.other_round.responses.values_list("pk", flat=True))

    invite_and_accept(client_for, world)

    assert rounds_of(LATECOMER) == {"Open round"}
    assert set(world.other_round.responses.values_list("pk", flat=True)) == other_before


def test_a_member_joining_a_second_ecosystem_joins_only_that_ecosystems_open_rounds(
    world, client_for
):
    editor = world.users["editor"]
    Invitation.objects.create(
        ecosystem=world.other,
        email=editor.email,
        role=Role.CONTRIBUTOR,
        token_hash=hash_token("editor-joins-other"),
        expires_at=timezone.now() + timedelta(days=1),
    )
    mine_before = rounds_of(editor.email)

    client_for("editor").post(reverse("accounts:invitation_accept", args=["editor-joins-other"]))

    assert rounds_of(editor.email) == mine_before | {"Other round"}
    assert mine_before == {"Open round", "Closed round", "Older round"}


# --- The round page tells the coordinator who could still be invited -----------------------


def test_the_round_page_counts_members_who_joined_without_being_invited_and_links_to_invite(
    world, client_for
):
    invite_and_accept(client_for, world, tick=False)
    latecomer = Membership.objects.get(user__email=LATECOMER)
    coordinator = client_for("coordinator")

    page = text(coordinator.get(round_url(world, world.round)))
    assert "1 member who could answer is not invited to this round. Invite more members" in page

    form = coordinator.get(round_url(world, world.round, "round_update")).context["form"]
    assert list(form.fields["invitees"].queryset) == [latecomer]
    data = {
        "title": world.round.title,
        "period": world.round.period,
        "due_date": "",
        "strands": [strand.pk for strand in world.round.covered_strands()],
        "invitees": [latecomer.pk],
    }
    coordinator.post(round_url(world, world.round, "round_update"), data)

    assert rounds_of(LATECOMER) == {"Open round"}
    page = text(coordinator.get(round_url(world, world.round)))
    assert "not invited to this round" not in page


def test_only_coordinators_are_told_how_many_members_are_not_invited(world, client_for):
    invite_and_accept(client_for, world, tick=False)

    for persona in ("viewer", "contributor", "editor"):
        page = text(client_for(persona).get(round_url(world, world.round)))
        assert "could answer is not invited" not in page, persona


def test_an_answer_kept_from_someone_who_left_does_not_hide_who_is_not_invited(world, client_for):
    Response.objects.create(round=world.round, user=None, respondent_name="Former member")
    invite_and_accept(client_for, world, tick=False)

    page = text(client_for("coordinator").get(round_url(world, world.round)))

    assert "1 member who could answer is not invited to this round." in page
