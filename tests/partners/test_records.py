"""Partner records: the list, its filters and exports, adding and editing partners and their
contacts, moving them along the stages, pausing, ending and resuming."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Contact, Interaction, Partner, Phase, Sector, Stage

Status = Partner.Status


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def garden(world):
    """Three more partners in different sectors, stages, phases and states."""
    today = timezone.localdate()
    made = [
        Partner.objects.create(
            ecosystem=world.ecosystem,
            name="Alder Chamber of Commerce",
            sector=Sector.BUSINESS,
            stage=Stage.BUILDING,
            phase=Phase.PLANTING,
            interests="Small business training",
        ),
        Partner.objects.create(
            ecosystem=world.ecosystem,
            name="Birch County Health Department",
            sector=Sector.HEALTH,
            stage=Stage.STRATEGIC,
            phase=Phase.HARVESTING,
            library_lead=world.users["coordinator"],
        ),
        Partner.objects.create(
            ecosystem=world.ecosystem,
            name="Cedar Public Radio",
            sector=Sector.MEDIA,
            stage=Stage.COMMON_GOAL,
            status=Status.PAUSED,
        ),
    ]
    Contact.objects.create(partner=made[0], name="Jordan Ledger", email="jordan@alder.example")
    Interaction.objects.create(
        partner=made[1], date=today - timedelta(days=3), summary="Planned a health fair"
    )
    # A meeting planned for next week is not contact yet.
    Interaction.objects.create(
        partner=made[1], date=today + timedelta(days=7), summary="Health fair"
    )
    return made


def names(response) -> list[str]:
    return [partner.name for partner in response.context["page"]]


# --- The list ------------------------------------------------------------------------------------


def test_the_list_shows_only_this_ecosystems_partners(world, client_for, garden):
    response = client_for("viewer").get(url(world, "partner_list"))

    assert names(response) == [
        "Alder Chamber of Commerce",
        "Birch County Health Department",
        "Cedar Public Radio",
        "County Literacy Council",
    ]
    assert world.other_partner.name not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sector": "health"}, ["Birch County Health Department"]),
        ({"stage": "building"}, ["Alder Chamber of Commerce"]),
        ({"phase": "harvesting"}, ["Birch County Health Department"]),
        ({"status": "paused"}, ["Cedar Public Radio"]),
        ({"q": "small business"}, ["Alder Chamber of Commerce"]),
        ({"q": "ledger"}, ["Alder Chamber of Commerce"]),  # a contact's name
        ({"sector": "nonprofit", "stage": "supportive"}, ["County Literacy Council"]),
    ],
)
def test_the_list_filters_and_searches(world, client_for, garden, query, expected):
    assert names(client_for("viewer").get(url(world, "partner_list"), query)) == expected


def test_the_list_filters_by_library_lead(world, client_for, garden):
    coordinator = world.users["coordinator"]
    response = client_for("viewer").get(url(world, "partner_list"), {"lead": coordinator.pk})

    assert names(response) == ["Birch County Health Department"]
    # The choices are the members who lead a partner here, by name.
    choices = [label for _value, label in response.context["filter"].form.fields["lead"].choices]
    assert choices == ["Anyone", "Coordinator Person", "Editor Person"]


def test_the_list_says_when_each_partner_was_last_contacted(world, client_for, garden):
    response = client_for("viewer").get(url(world, "partner_list"))
    page = response.content.decode()

    assert "3 days ago" in page  # the planned meeting next week does not count
    assert "40 days ago" in page  # the world's partner
    assert "never" in page


def test_the_list_answers_htmx_with_the_results_alone(world, client_for, garden):
    response = client_for("viewer").get(
        url(world, "partner_list"), {"sector": "media"}, headers={"HX-Request": "true"}
    )

    assert "<h1>" not in response.content.decode()
    assert names(response) == ["Cedar Public Radio"]
    assert "HX-Request" in response["Vary"]


def test_the_csv_export_has_every_field_and_honours_the_filter(world, client_for, garden):
    response = client_for("viewer").get(url(world, "partner_export"), {"sector": "nonprofit"})
    rows = csv_rows(response)

    assert response["Content-Disposition"].startswith("attachment;")
    header, *records = rows
    assert len(records) == 1
    record = dict(zip(header, records[0], strict=True))
    assert record["Name"] == "County Literacy Council"
    assert record["Relationship stage"] == "Supportive roles"
    assert record["Formalized by"] == "Memorandum of understanding"
    assert record["Library lead"] == "Editor Person"
    assert record["Contacts"] == "Pat Reader, Director"
    assert record["Shared goal"] == "Every adult in the county can read a lease"


# --- Adding and editing -----------------------------------------------------------------------


def test_an_editor_adds_a_partner_with_its_first_contact(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_create"),
        {
            "name": "  Riverside   Food Bank ",
            "sector": "nonprofit",
            "library_lead": world.users["editor"].pk,
            "partner_needs": "Places to reach families",
            "stage": "building",
            "phase": "planting",
            "formalization": "handshake",
            "contact_name": "Sam Grocer",
            "contact_email": "sam@food.example",
        },
    )

    partner = Partner.objects.get(name="Riverside Food Bank")
    assert response.status_code == 302
    assert response["Location"] == partner.get_absolute_url()
    assert partner.ecosystem == world.ecosystem
    assert [(c.name, c.email) for c in partner.contacts.all()] == [
        ("Sam Grocer", "sam@food.example")
    ]


def test_a_partner_name_is_unique_in_the_ecosystem_whatever_the_case(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_create"),
        {
            "name": "county literacy COUNCIL",
            "sector": "nonprofit",
            "stage": "building",
            "phase": "planting",
            "formalization": "handshake",
            "interests": "Typed before the error",
        },
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert "already a partner here" in form.errors["name"][0]
    assert form["interests"].value() == "Typed before the error"  # nothing typed is lost


def test_the_same_name_may_be_a_partner_in_another_ecosystem(world, client_for):
    client_for("editor").post(
        url(world, "partner_create"),
        {
            "name": world.other_partner.name,
            "sector": "nonprofit",
            "stage": "building",
            "phase": "planting",
            "formalization": "handshake",
        },
    )

    assert world.ecosystem.partners.filter(name=world.other_partner.name).exists()


def test_contact_details_without_a_name_are_refused(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_create"),
        {
            "name": "Riverside Food Bank",
            "sector": "nonprofit",
            "stage": "building",
            "phase": "planting",
            "formalization": "handshake",
            "contact_email": "sam@food.example",
        },
    )

    assert "contact's name" in response.context["form"].errors["contact_name"][0]
    assert not Partner.objects.filter(name="Riverside Food Bank").exists()


def test_the_library_lead_must_be_a_member_of_the_ecosystem(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_update", pk=world.partner.pk),
        {
            "name": world.partner.name,
            "sector": "nonprofit",
            "library_lead": world.users["outsider"].pk,
            "stage": "building",
            "phase": "planting",
            "formalization": "handshake",
            "version": world.partner.version,
        },
    )

    assert "library_lead" in response.context["form"].errors
    world.partner.refresh_from_db()
    assert world.partner.library_lead == world.users["editor"]


def test_the_stage_and_phase_choices_explain_themselves(world, client_for):
    page = client_for("editor").get(url(world, "partner_create")).content.decode()

    assert "Strategic collaboration — " in page
    assert "Resting the garden — " in page


def test_concurrent_edits_do_not_overwrite_each_other(world, client_for):
    stale = world.partner.version
    Partner.objects.filter(pk=world.partner.pk).update(
        shared_goal="Changed by someone else", version=stale + 1
    )

    response = client_for("editor").post(
        url(world, "partner_update", pk=world.partner.pk),
        {
            "name": world.partner.name,
            "sector": "nonprofit",
            "shared_goal": "My goal",
            "stage": "supportive",
            "phase": "planting",
            "formalization": "mou",
            "version": stale,
        },
    )

    assert response.status_code == 422
    assert "Someone else saved this" in response.content.decode()
    world.partner.refresh_from_db()
    assert world.partner.shared_goal == "Changed by someone else"
    assert response.context["form"]["shared_goal"].value() == "My goal"


def test_editing_autosaves_a_draft_when_htmx_posts(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_update", pk=world.partner.pk),
        {
            "name": world.partner.name,
            "sector": "nonprofit",
            "shared_goal": "Half-typed go",
            "stage": "supportive",
            "phase": "planting",
            "formalization": "mou",
            "version": world.partner.version,
        },
        headers={"HX-Request": "true"},
    )

    world.partner.refresh_from_db()
    assert "Draft saved" in response.content.decode()
    assert world.partner.shared_goal == "Half-typed go"
    assert f'value="{world.partner.version}"' in response.content.decode()


def test_changes_to_a_partner_are_kept_in_its_history(world, client_for):
    client_for("editor").post(
        url(world, "partner_move", pk=world.partner.pk),
        {"stage": "strategic", "version": world.partner.version},
    )

    stages = list(world.partner.history.order_by("history_date").values_list("stage", flat=True))
    assert stages[-2:] == ["supportive", "strategic"]
    assert world.partner.history.first().history_user == world.users["editor"]


def test_another_ecosystems_partner_is_not_found_even_for_a_coordinator(world, client_for):
    client = client_for("coordinator")
    other = world.other_partner

    assert client.get(url(world, "partner_detail", pk=other.pk)).status_code == 404
    assert client.get(url(world, "partner_update", pk=other.pk)).status_code == 404
    moved = client.post(url(world, "partner_move", pk=other.pk), {"stage": "building"})
    assert moved.status_code == 404
    contact = other.contacts.get()
    assert (
        client.get(url(world, "contact_update", pk=world.partner.pk, contact_pk=contact.pk))
    ).status_code == 404


# --- The board and moving along the stages ----------------------------------------------------


def test_the_board_groups_active_partners_by_stage(world, client_for, garden):
    response = client_for("viewer").get(url(world, "partner_board"))

    columns = {
        column["stage"].value: [p.name for p in column["partners"]]
        for column in response.context["columns"]
    }
    assert columns == {
        "building": ["Alder Chamber of Commerce"],
        "common_goal": [],  # Cedar Public Radio is paused
        "supportive": ["County Literacy Council"],
        "strategic": ["Birch County Health Department"],
    }


def test_the_board_shows_paused_partners_when_asked(world, client_for, garden):
    response = client_for("viewer").get(url(world, "partner_board"), {"status": ""})

    assert "Cedar Public Radio" in response.content.decode()


def test_a_viewer_sees_the_board_without_move_forms(world, client_for):
    page = client_for("viewer").get(url(world, "partner_board")).content.decode()

    assert world.partner.name in page
    assert "Move to stage" not in page
    assert 'name="stage"' not in page


def test_an_editor_moves_a_partner_with_the_boards_form_and_returns_to_the_board(world, client_for):
    board = url(world, "partner_board") + "?sector=nonprofit"
    response = client_for("editor").post(
        url(world, "partner_move", pk=world.partner.pk),
        {"stage": "strategic", "version": world.partner.version, "next": board},
        follow=True,
    )

    world.partner.refresh_from_db()
    assert world.partner.stage == Stage.STRATEGIC
    assert response.redirect_chain[-1][0] == board
    assert "moved to “Strategic collaboration”" in response.content.decode()


def test_moving_never_redirects_off_the_site(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_move", pk=world.partner.pk),
        {"stage": "strategic", "version": world.partner.version, "next": "https://evil.example/"},
    )

    assert response["Location"] == world.partner.get_absolute_url()


def test_a_move_from_a_stale_page_changes_nothing_and_says_why(world, client_for):
    stale = world.partner.version
    Partner.objects.filter(pk=world.partner.pk).update(stage=Stage.BUILDING, version=stale + 1)

    response = client_for("editor").post(
        url(world, "partner_move", pk=world.partner.pk),
        {"stage": "strategic", "version": stale},
        follow=True,
    )

    world.partner.refresh_from_db()
    assert world.partner.stage == Stage.BUILDING
    assert "Nothing was moved" in response.content.decode()


def test_a_move_to_an_unknown_stage_is_refused(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_move", pk=world.partner.pk),
        {"stage": "harvest-moon", "version": world.partner.version},
        follow=True,
    )

    world.partner.refresh_from_db()
    assert world.partner.stage == Stage.SUPPORTIVE
    assert "Choose one of the four stages" in response.content.decode()


# --- Pausing, ending, resuming -----------------------------------------------------------------


def test_ending_a_partnership_asks_for_the_reason_and_the_lessons(world, client_for):
    response = client_for("editor").post(
        url(world, "partner_end", pk=world.partner.pk),
        {"ended_on": "2026-01-15", "version": world.partner.version},
    )

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"ending_reason", "lessons_learned"}
    world.partner.refresh_from_db()
    assert world.partner.status == Status.ACTIVE


def test_an_ended_partnership_keeps_its_reason_and_lessons_on_its_page(world, client_for):
    client = client_for("editor")
    client.post(
        url(world, "partner_end", pk=world.partner.pk),
        {
            "ended_on": "2026-01-15",
            "ending_reason": "The grant ran out.",
            "lessons_learned": "Plan for the money ending from the start.",
            "version": world.partner.version,
        },
    )

    world.partner.refresh_from_db()
    assert world.partner.status == Status.ENDED
    page = client.get(world.partner.get_absolute_url()).content.decode()
    assert "The grant ran out." in page
    assert "Plan for the money ending from the start." in page


def test_a_partnership_cannot_end_in_the_future(world, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for("editor").post(
        url(world, "partner_end", pk=world.partner.pk),
        {
            "ended_on": tomorrow.isoformat(),
            "ending_reason": "Moving away",
            "lessons_learned": "None yet",
            "version": world.partner.version,
        },
    )

    assert "cannot be in the future" in response.context["form"].errors["ended_on"][0]


def test_pausing_takes_a_partner_off_the_board_and_resuming_brings_it_back(world, client_for):
    client = client_for("editor")

    def on_board() -> list[str]:
        columns = client.get(url(world, "partner_board")).context["columns"]
        return [partner.name for column in columns for partner in column["partners"]]

    client.post(url(world, "partner_pause", pk=world.partner.pk))
    assert world.partner.name not in on_board()

    client.post(url(world, "partner_resume", pk=world.partner.pk))
    assert world.partner.name in on_board()


def test_resuming_an_ended_partnership_clears_the_ending_but_history_keeps_it(world, client_for):
    client = client_for("editor")
    client.post(
        url(world, "partner_end", pk=world.partner.pk),
        {
            "ended_on": "2026-01-15",
            "ending_reason": "Grant ended",
            "lessons_learned": "Start earlier",
            "version": world.partner.version,
        },
    )
    client.post(url(world, "partner_resume", pk=world.partner.pk))

    world.partner.refresh_from_db()
    assert (world.partner.status, world.partner.ended_on, world.partner.ending_reason) == (
        Status.ACTIVE,
        None,
        "",
    )
    assert world.partner.history.filter(ending_reason="Grant ended").exists()


# --- Contacts and removal -------------------------------------------------------------------------


def test_an_editor_adds_edits_and_removes_contacts(world, client_for):
    client = client_for("editor")
    client.post(
        url(world, "contact_create", pk=world.partner.pk),
        {"name": "Robin Page", "email": "robin@literacy.example"},
    )
    robin = world.partner.contacts.get(name="Robin Page")
    client.post(
        url(world, "contact_update", pk=world.partner.pk, contact_pk=robin.pk),
        {"name": "Robin Page", "role": "Volunteer lead", "version": robin.version},
    )
    robin.refresh_from_db()
    assert robin.role == "Volunteer lead"

    client.post(url(world, "contact_delete", pk=world.partner.pk, contact_pk=robin.pk))
    assert list(world.partner.contacts.values_list("name", flat=True)) == ["Pat Reader"]


def test_a_bad_contact_email_is_explained_and_the_rest_kept(world, client_for):
    response = client_for("editor").post(
        url(world, "contact_create", pk=world.partner.pk),
        {"name": "Robin Page", "email": "robin-at-literacy", "phone": "555 0100"},
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert "email" in form.errors
    assert form["phone"].value() == "555 0100"


def test_removing_a_partner_says_what_goes_with_it(world, client_for):
    client = client_for("editor")
    page = client.get(url(world, "partner_delete", pk=world.partner.pk)).content.decode()
    assert "1 log entry" in page
    assert "1 attached document" in page

    client.post(url(world, "partner_delete", pk=world.partner.pk))
    assert not Partner.objects.filter(pk=world.partner.pk).exists()
    assert not Interaction.objects.filter(partner_id=world.partner.pk).exists()
