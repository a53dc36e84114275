"""Opening, answering, submitting and closing rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from continuum import services
from continuum.models import Answer, Level, Response, Round
from ecosystem.models import Membership, Role, User


def url(world, name, **kwargs):
    return reverse(f"continuum:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def step_url(world, round, step):
    return url(world, "answer_step", pk=round.pk, step=step)


def page_data(round, levels_by_code, *, evidence="", then="stay"):
    """What the browser sends for one strand's page."""
    data = {"then": then}
    levels = {lv.value: lv for lv in Level.objects.filter(version=round.version)}
    for indicator in round.version.indicators.all():
        if indicator.code in levels_by_code:
            data[f"level_{indicator.pk}"] = levels[levels_by_code[indicator.code]].pk
            data[f"evidence_{indicator.pk}"] = evidence
    return data


# --- Opening -------------------------------------------------------------------------------


def test_a_coordinator_opens_a_round_and_invites_members(world, client_for):
    version = world.round.version
    invited = [world.memberships["contributor"], world.memberships["coordinator"]]

    response = client_for("coordinator").post(
        url(world, "round_create"),
        {
            "version": version.pk,
            "title": "Autumn check-in",
            "period": "Autumn 2027",
            "anonymous": "on",
            "disagreement_threshold": 1,
            "invitees": [m.pk for m in invited],
            "strands": [strand.pk for strand in version.strands.all()],
        },
    )

    round = Round.objects.get(title="Autumn check-in")
    assert response.status_code == 302
    assert (round.ecosystem, round.anonymous, round.disagreement_threshold) == (
        world.ecosystem,
        True,
        1,
    )
    assert set(round.responses.values_list("user__email", flat=True)) == {
        "contributor@world.example",
        "coordinator@world.example",
    }


def test_viewers_are_never_offered_as_respondents(world, client_for):
    form = client_for("coordinator").get(url(world, "round_create")).context["form"]

    offered = {m.user.email for m in form.fields["invitees"].queryset}
    assert "viewer@world.example" not in offered
    assert "contributor@world.example" in offered


def test_a_round_needs_a_published_version_and_a_future_due_date(world, client_for):
    draft = services.duplicate_as_draft(world.round.version)

    response = client_for("coordinator").post(
        url(world, "round_create"),
        {
            "version": draft.pk,
            "title": "Too early",
            "period": "2027",
            "due_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "disagreement_threshold": 2,
            "invitees": [world.memberships["contributor"].pk],
        },
    )

    errors = response.context["form"].errors
    assert set(errors) == {"version", "due_date"}
    assert 'value="Too early"' in response.content.decode()
    assert not Round.objects.filter(title="Too early").exists()


def new_round(world, title):
    version = world.round.version
    return {
        "version": version.pk,
        "title": title,
        "period": "2027",
        "disagreement_threshold": 2,
        "invitees": [world.memberships["contributor"].pk],
        "strands": [strand.pk for strand in version.strands.all()],
    }


def test_a_new_round_is_not_offered_the_title_of_a_round_still_open(world, client_for):
    client = client_for("coordinator")
    proposed = f"{timezone.localdate().year} self-assessment"
    assert client.get(url(world, "round_create")).context["form"]["title"].value() == proposed

    Round.objects.filter(pk=world.round.pk).update(title=proposed)

    assert not client.get(url(world, "round_create")).context["form"]["title"].value()


def test_two_open_rounds_may_not_share_a_title_but_a_closed_rounds_title_is_free(world, client_for):
    client = client_for("coordinator")

    refused = client.post(url(world, "round_create"), new_round(world, "  open ROUND "))
    reused = client.post(url(world, "round_create"), new_round(world, "Closed round"))

    assert refused.status_code == 200
    assert refused.context["form"].errors["title"] == [
        "An open round is already called “open ROUND”. Give this one a title of its own, "
        "so members can tell the two apart."
    ]
    assert 'value="2027"' in refused.content.decode()  # what was typed stays
    assert Round.objects.filter(title__iexact="open round").count() == 1
    assert reused.status_code == 302
    assert Round.objects.filter(title="Closed round", status=Round.Status.OPEN).exists()


def test_an_open_round_cannot_be_renamed_after_another_open_one(world, client_for):
    other = Round.objects.create(
        ecosystem=world.ecosystem, version=world.round.version, title="Spring", period="2027"
    )

    strands = [strand.pk for strand in other.version.strands.all()]

    response = client_for("coordinator").post(
        url(world, "round_update", pk=other.pk),
        {"title": "Open round", "period": "2027", "strands": strands},
    )
    kept = client_for("coordinator").post(
        url(world, "round_update", pk=other.pk),
        {"title": "Spring", "period": "2028", "strands": strands},
    )

    assert "An open round is already called “Open round”." in response.content.decode()
    assert kept.status_code == 302
    other.refresh_from_db()
    assert (other.title, other.period) == ("Spring", "2028")


def test_a_closed_round_is_not_reopened_beside_an_open_one_of_the_same_title(world, client_for):
    Round.objects.filter(pk=world.closed_round.pk).update(title="Open round")

    response = client_for("coordinator").post(
        url(world, "round_reopen", pk=world.closed_round.pk), follow=True
    )

    world.closed_round.refresh_from_db()
    assert world.closed_round.status == Round.Status.CLOSED
    assert "Another open round is called “Open round”." in response.content.decode()


def test_closing_a_round_asks_first_with_who_has_answered_and_the_due_date(world, client_for):
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() + timedelta(4))
    Response.objects.filter(round=world.round, user=world.users["contributor"]).update(
        started_at=timezone.now(), submitted_at=timezone.now()
    )
    Response.objects.filter(round=world.round, user=world.users["editor"]).update(
        started_at=timezone.now()
    )
    client = client_for("coordinator")

    asked = " ".join(
        client.get(url(world, "round_close", pk=world.round.pk)).content.decode().split()
    )

    world.round.refresh_from_db()
    assert world.round.status == Round.Status.OPEN
    assert "Close “Open round”?" in asked
    assert "1 of 3 invited members have submitted. 1 more has started and not sent" in asked
    assert "in 4 days." in asked

    client.post(url(world, "round_close", pk=world.round.pk))

    world.round.refresh_from_db()
    assert world.round.status == Round.Status.CLOSED


def test_a_member_who_joined_after_the_round_opened_is_told_whom_to_ask(world, client_for):
    newcomer = User.objects.create_user(email="new@world.example", full_name="New Member")
    joined = Membership.objects.create(
        user=newcomer, ecosystem=world.ecosystem, role=Role.CONTRIBUTOR
    )
    client = client_for("anonymous")
    client.force_login(newcomer)

    before = " ".join(client.get(world.round.get_absolute_url()).content.decode().split())
    client_for("coordinator").post(
        url(world, "round_update", pk=world.round.pk),
        {
            "title": world.round.title,
            "period": world.round.period,
            "invitees": [joined.pk],
            "strands": [strand.pk for strand in world.round.strands.all()],
        },
    )
    after = client.get(world.round.get_absolute_url()).content.decode()

    assert "You are not invited to answer this round" in before
    assert "ask the coordinator, Coordinator Person, to invite you." in before
    assert "You are not invited" not in after
    assert "Start answering" in after


def test_a_viewer_is_told_how_to_take_part_and_a_coordinator_how_to_invite(world, client_for):
    Response.objects.filter(round=world.round, user=world.users["coordinator"]).delete()

    viewer = client_for("viewer").get(world.round.get_absolute_url()).content.decode()
    coordinator = client_for("coordinator").get(world.round.get_absolute_url()).content.decode()

    assert "ask the coordinator, Coordinator Person, for the contributor role." in viewer
    invite = url(world, "round_update", pk=world.round.pk)
    assert f'href="{invite}">Invite more members</a>' in coordinator


def test_more_members_can_be_invited_later(world, client_for):
    new = world.memberships["viewer"]
    new.role = 20
    new.save()

    client_for("coordinator").post(
        url(world, "round_update", pk=world.round.pk),
        {
            "title": "Open round",
            "period": "2027",
            "invitees": [new.pk],
            "strands": [strand.pk for strand in world.round.strands.all()],
        },
    )

    assert world.round.responses.filter(user=new.user).exists()


# --- Answering ------------------------------------------------------------------------------


def test_a_respondent_answers_one_strand_per_page(world, client_for):
    client = client_for("contributor")

    page = client.get(step_url(world, world.round, 2))

    html = page.content.decode()
    assert "Strand 2 of 4" in html
    assert "<h1>Communication</h1>" in html
    assert html.count("<fieldset>") == 5, "one fieldset (with its legend) per indicator"
    assert "<legend" in html


def test_saving_a_page_keeps_the_draft_and_moves_on(world, client_for):
    client = client_for("contributor")
    data = page_data(world.round, {"LEAD-1": 2, "LEAD-2": 4}, evidence="Minutes", then="next")

    response = client.post(step_url(world, world.round, 1), data)

    assert response["Location"] == step_url(world, world.round, 2)
    answers = Answer.objects.filter(
        response__user=world.users["contributor"], response__round=world.round
    )
    assert {(a.indicator.code, a.level.value, a.evidence) for a in answers if a.level} == {
        ("LEAD-1", 2, "Minutes"),
        ("LEAD-2", 4, "Minutes"),
    }
    assert Response.objects.get(round=world.round, user=world.users["contributor"]).started_at


def test_autosave_answers_with_a_saved_status_only(world, client_for):
    client = client_for("contributor")

    response = client.post(
        step_url(world, world.round, 1),
        page_data(world.round, {"LEAD-3": 1}),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.content.decode().startswith("Draft saved at")
    assert Answer.objects.filter(indicator__code="LEAD-3", level__value=1).exists()


def test_submitting_with_gaps_lists_them_and_keeps_every_answer(world, client_for):
    client = client_for("contributor")
    client.post(
        step_url(world, world.round, 1), page_data(world.round, {"LEAD-1": 3}, evidence="Kept")
    )

    response = client.post(url(world, "answer_submit", pk=world.round.pk), follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(url(world, "answer_review", pk=world.round.pk), 302)]
    assert "Your answers were not submitted: 19 indicators have no answer yet." in html
    assert "19 indicators have no answer yet" in html
    assert "LEAD-2." in html
    assert "Kept" in html
    assert not Response.objects.get(round=world.round, user=world.users["contributor"]).submitted_at


def test_a_complete_response_is_submitted_and_can_still_be_revised(world, client_for, answer_round):
    answer_round(world.round, world.users["contributor"], {"*": 1}, submit=False)
    client = client_for("contributor")

    submitted = client.post(url(world, "answer_submit", pk=world.round.pk))
    revised = client.post(step_url(world, world.round, 1), page_data(world.round, {"LEAD-1": 4}))

    assert submitted.status_code == 302
    assert revised.status_code == 302
    response = Response.objects.get(round=world.round, user=world.users["contributor"])
    assert response.submitted_at
    assert response.answers.get(indicator__code="LEAD-1").level.value == 4


def test_a_closed_round_is_read_only(world, client_for, answer_round):
    answer_round(world.round, world.users["contributor"], {"*": 1})
    services.close_round(world.round)
    client = client_for("contributor")

    page = client.get(step_url(world, world.round, 1))
    change = client.post(step_url(world, world.round, 1), page_data(world.round, {"LEAD-1": 4}))

    assert "can only be read" in page.content.decode()
    assert " disabled" in page.content.decode()
    assert change.status_code == 403
    answer = Answer.objects.get(
        response__round=world.round,
        indicator__code="LEAD-1",
        response__user=world.users["contributor"],
    )
    assert answer.level.value == 2, "still the level answered before closing"


def test_members_who_were_not_invited_cannot_answer(world, client_for):
    world.round.responses.filter(user=world.users["editor"]).delete()

    response = client_for("editor").get(step_url(world, world.round, 1))

    assert response.status_code == 403
    assert "not invited" in response.content.decode()


def test_a_strand_page_beyond_the_last_is_not_found(world, client_for):
    assert client_for("contributor").get(step_url(world, world.round, 5)).status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "editor", "coordinator"])
def test_anonymous_answers_are_private_to_their_author(world, client_for, answer_round, persona):
    answer_round(world.round, world.users["contributor"], {"*": 1})
    Round.objects.filter(pk=world.round.pk).update(anonymous=True)
    response = world.round.responses.get(user=world.users["contributor"])
    target = url(world, "response_pdf", pk=world.round.pk, response_pk=response.pk)

    assert client_for(persona).get(target).status_code == 403
    assert client_for("contributor").get(target).status_code == 200


def test_closing_and_reopening_a_round(world, client_for):
    client = client_for("coordinator")

    client.post(url(world, "round_close", pk=world.round.pk))
    world.round.refresh_from_db()
    assert not world.round.is_open
    assert world.round.closed_at

    client.post(url(world, "round_reopen", pk=world.round.pk))
    world.round.refresh_from_db()
    assert world.round.is_open
    assert world.round.closed_at is None


def test_an_autosave_that_cannot_save_says_so_in_a_few_words(world, client_for):
    data = page_data(world.round, {"LEAD-1": 2})
    indicator = world.round.version.indicators.get(code="LEAD-1")
    data[f"evidence_{indicator.pk}"] = "x" * 5000

    response = client_for("contributor").post(
        step_url(world, world.round, 1), data, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: something needs fixing" in html
    assert "<html" not in html
