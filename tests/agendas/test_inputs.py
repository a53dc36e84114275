"""Each organization's input: the Information Gathering Template and the two worksheets."""

from __future__ import annotations

import io
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from agendas.models import AgendaCycle, LegislativeIssue, Submission
from ecosystem.models import Membership, Organization, Role, User


def url(world, name, organization=None, **kwargs):
    return reverse(
        f"agendas:{name}",
        kwargs={
            "ecosystem_slug": world.slug,
            "pk": world.cycle.pk,
            "org_pk": (organization or world.organization).pk,
            **kwargs,
        },
    )


@pytest.fixture
def neighbour(world):
    """Another library of the ecosystem, with a contributor who speaks for it."""
    library = Organization.objects.create(
        ecosystem=world.ecosystem, name="Hilltop School Library", kind="school_library"
    )
    person = User.objects.create_user(email="hilltop@example.org", full_name="Hilltop Person")
    Membership.objects.create(
        user=person, ecosystem=world.ecosystem, role=Role.CONTRIBUTOR, organization=library
    )
    return library, person


def test_a_contributor_writes_their_organizations_input(world, client_for):
    response = client_for("contributor").post(
        url(world, "input"),
        {
            "top_concerns": "Broadband",
            "data_and_stories": "A story",
            "version": world.submission.version,
        },
    )

    submission = world.submission
    assert response.status_code == 302
    assert (submission.top_concerns, submission.data_and_stories) == ("Broadband", "A story")


def test_drafts_save_as_they_go(world, client_for):
    response = client_for("contributor").post(
        url(world, "input"),
        {"current_initiatives": "Summer reading", "version": world.submission.version},
        headers={"HX-Request": "true"},
    )

    assert response.content.decode().startswith("Draft saved at")
    assert world.submission.current_initiatives == "Summer reading"


def test_sending_the_input_records_who_and_when(world, client_for):
    client_for("contributor").post(url(world, "input_send"))

    submission = world.submission
    assert submission.submitted_by == world.users["contributor"]
    assert submission.submitted_at is not None


def test_everyone_reads_an_organizations_input_but_only_its_people_write_it(
    world, client_for, neighbour
):
    _library, person = neighbour
    client = client_for("anonymous")
    client.force_login(person)

    read = client.get(url(world, "input"))
    write = client.post(url(world, "input"), {"top_concerns": "Not ours to say"})

    assert read.status_code == 200
    assert write.status_code == 403
    assert "Only people who speak for Central Public Library" in write.content.decode()
    assert world.submission.top_concerns == ""


def test_reading_an_organizations_input_never_creates_one(world, client_for, neighbour):
    library, _person = neighbour

    client_for("viewer").get(url(world, "input", organization=library))

    assert not Submission.objects.filter(organization=library).exists()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("input_send", {}), ("issue_create", {"kind": "legislative"})],
    ids=["send", "new issue"],
)
def test_a_viewers_refused_post_leaves_no_input_behind(world, client_for, neighbour, name, kwargs):
    library, _person = neighbour

    response = client_for("viewer").post(
        url(world, name, organization=library, **kwargs), {"title": "Not mine to add"}
    )

    assert response.status_code == 403
    assert not Submission.objects.filter(organization=library).exists()


def test_sending_to_a_cycle_that_no_longer_gathers_is_refused_and_leaves_nothing(
    world, client_for, neighbour
):
    library, person = neighbour
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(status="consolidating")
    client = client_for("anonymous")
    client.force_login(person)

    response = client.post(url(world, "input_send", organization=library))

    assert response.status_code == 403
    assert "the agenda is being put together" in response.content.decode()
    assert not Submission.objects.filter(organization=library).exists()


def test_an_input_with_nothing_in_it_is_not_sent_and_leaves_nothing_behind(
    world, client_for, neighbour
):
    library, person = neighbour
    client = client_for("anonymous")
    client.force_login(person)

    asked = client.get(url(world, "input_send", organization=library))
    sent = client.post(url(world, "input_send", organization=library), follow=True)

    assert "There is nothing to send yet." in asked.content.decode()
    assert 'type="submit"' not in asked.content.decode().split('id="main"')[1]
    assert "There is nothing to send yet." in sent.content.decode()
    assert not Submission.objects.filter(organization=library).exists()


def test_once_it_holds_an_issue_the_organizations_first_input_is_sent(world, client_for, neighbour):
    library, person = neighbour
    client = client_for("anonymous")
    client.force_login(person)

    client.post(
        url(world, "issue_create", organization=library, kind="public"), {"title": "Read more"}
    )
    sent = client.post(url(world, "input_send", organization=library))

    submission = Submission.objects.get(cycle=world.cycle, organization=library)
    assert sent.status_code == 302
    assert submission.submitted_by == person
    assert [issue.title for issue in submission.advocacy_issues.all()] == ["Read more"]


def test_sending_first_shows_everything_that_goes_and_sends_nothing(world, client_for):
    page = client_for("contributor").get(url(world, "input_send"))

    html = " ".join(page.content.decode().split())
    assert "Send the input of Central Public Library?" in html
    assert "1 legislative issue" in html
    assert "<li>Fund broadband in rural libraries</li>" in html
    assert "1 public-facing issue" in html
    assert "<li>Libraries are job centres</li>" in html
    assert world.submission.submitted_at is None


def test_a_sent_input_says_when_by_whom_and_how_to_change_it(world, client_for):
    client = client_for("contributor")
    message = client.post(url(world, "input_send"), follow=True)

    html = unescape(" ".join(message.content.decode().split()))
    deadline = date_format(world.cycle.input_deadline)
    assert (
        f"Central Public Library's input is sent. You can still change it until {deadline}." in html
    )
    assert "by Contributor Person. To change it, edit anything above, then send the changes" in html


def test_after_the_deadline_input_is_closed_until_a_coordinator_reopens_it(world, client_for):
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(
        input_deadline=timezone.localdate() - timedelta(days=1)
    )
    contributor = client_for("contributor")

    closed = contributor.post(url(world, "input"), {"top_concerns": "Late"})
    page = contributor.get(url(world, "input"))
    client_for("coordinator").post(url(world, "input_reopen"))
    reopened = contributor.post(
        url(world, "input"), {"top_concerns": "Late", "version": world.submission.version}
    )

    assert closed.status_code == 403
    assert "A coordinator can reopen it for your organization" in closed.content.decode()
    assert "A coordinator can reopen it" in page.content.decode()
    assert reopened.status_code == 302
    assert world.submission.top_concerns == "Late"


def test_input_is_closed_once_the_cycle_moves_on(world, client_for):
    AgendaCycle.objects.filter(pk=world.cycle.pk).update(status="consolidating")

    response = client_for("editor").post(url(world, "issue_create", kind="public"), {"title": "X"})

    assert response.status_code == 403
    assert "the agenda is being put together" in response.content.decode()


def test_a_legislative_issue_is_added_with_who_it_affects(world, client_for):
    response = client_for("contributor").post(
        url(world, "issue_create", kind="legislative"),
        {
            "title": "State aid for school libraries",
            "library_types": ["school_library", "public_library"],
            "government_level": "state",
            "ask_kind": "budget",
            "ask": "Line 42 of the education budget",
            "urgency": 4,
        },
    )

    issue = LegislativeIssue.objects.get(title="State aid for school libraries")
    assert response.status_code == 302
    assert issue.submission == world.submission
    assert issue.library_type_labels() == ["School library", "Public library"]
    assert issue.get_urgency_display().startswith("Critical")


def test_an_incomplete_issue_is_explained_and_keeps_what_was_typed(world, client_for):
    response = client_for("contributor").post(
        url(world, "issue_create", kind="legislative"),
        {"title": "", "ask": "Keep this text", "government_level": "city"},
    )

    errors = response.context["form"].errors
    assert set(errors) >= {"title", "government_level"}
    assert "Keep this text" in response.content.decode()
    assert world.submission.legislative_issues.count() == 1


def test_an_incomplete_first_issue_does_not_start_the_organizations_input(
    world, client_for, neighbour
):
    library, person = neighbour
    client = client_for("anonymous")
    client.force_login(person)

    response = client.post(
        url(world, "issue_create", organization=library, kind="legislative"), {"title": ""}
    )

    assert response.status_code == 200
    assert not Submission.objects.filter(organization=library).exists()


def test_two_people_editing_one_issue_do_not_overwrite_each_other(world, client_for):
    issue = world.submission.legislative_issues.get()
    data = {"title": "Mine", "government_level": "state", "ask_kind": "bill", "urgency": 2}
    target = url(world, "issue_update", kind="legislative", issue_pk=issue.pk)
    client_for("editor").post(target, data | {"title": "Theirs", "version": issue.version})

    stale = client_for("contributor").post(target, data | {"version": issue.version})

    issue.refresh_from_db()
    assert "Someone else saved this" in stale.content.decode()
    assert issue.title == "Theirs"


def test_the_inputs_pdf_holds_every_issue(world, client_for):
    response = client_for("viewer").get(url(world, "input_pdf"))

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Input of Central Public Library" in text
    assert "Fund broadband in rural libraries" in text
    assert "Libraries are job centres" in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("information-gathering", "Top concerns"),
        ("legislative-issues", "Likely opponents"),
        ("public-facing-issues", "Messengers"),
        ("consolidating-the-input", "Raised by"),
    ],
)
def test_blank_worksheets_print_for_a_meeting_on_paper(world, client_for, name, expected):
    response = client_for("viewer").get(
        reverse("agendas:worksheet_pdf", kwargs={"ecosystem_slug": world.slug, "name": name})
    )

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert expected in text


def test_another_ecosystems_cycle_is_not_found_through_yours(world, client_for):
    response = client_for("coordinator").get(
        reverse(
            "agendas:cycle_detail",
            kwargs={"ecosystem_slug": world.slug, "pk": world.other_cycle.pk},
        )
    )

    assert response.status_code == 404


def test_another_ecosystems_organization_is_not_found_in_your_cycle(world, client_for):
    response = client_for("coordinator").get(
        url(world, "input", organization=world.other_organization)
    )

    assert response.status_code == 404


def test_an_autosave_hands_the_form_the_new_version(world, client_for):
    submission = world.submission

    response = client_for("contributor").post(
        url(world, "input"),
        {"top_concerns": "First", "version": submission.version},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert html.startswith("Draft saved at")
    assert f'name="version" value="{submission.version + 1}"' in html
    assert 'data-hx-swap-oob="true"' in html


def test_an_autosave_that_meets_someone_elses_save_says_so_in_a_few_words(world, client_for):
    issue = world.submission.legislative_issues.get()
    target = url(world, "issue_update", kind="legislative", issue_pk=issue.pk)
    data = {"title": "X", "government_level": "state", "ask_kind": "bill", "urgency": 2}
    client_for("editor").post(target, data | {"version": issue.version})

    response = client_for("contributor").post(
        target, data | {"title": "Mine", "version": issue.version}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200, "htmx shows only successful answers"
    assert "Not saved: someone else changed this meanwhile" in html
    assert "<html" not in html
