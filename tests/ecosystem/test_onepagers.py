"""The promotional one-pagers: shared wording edited in the admin, filled with each
ecosystem's own figures, read back from the PDF."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from pypdf import PdfReader

from agendas.models import PublishedAgenda, SignOn
from ecosystem.models import OnePager, Organization
from ecosystem.models.reports import ONE_PAGER_PLACEHOLDERS
from ecosystem.overview.reports import onepagers
from partners.models import Partner, Stage
from tests.helpers import assert_queries_do_not_grow


def url(world, slug):
    return reverse("ecosystem:onepager_pdf", kwargs={"ecosystem_slug": world.slug, "slug": slug})


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def print_onepager(world, client_for):
    viewer = client_for("viewer")

    def get(slug: str) -> tuple[PdfReader, str]:
        response = viewer.get(url(world, slug))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        return PdfReader(io.BytesIO(response.content)), text_of(response.content)

    return get


@pytest.fixture
def libraries(world):
    for name, kind in [
        ("North Campus Library", Organization.Kind.ACADEMIC_LIBRARY),
        ("South Campus Library", Organization.Kind.ACADEMIC_LIBRARY),
        ("Friends of Central", Organization.Kind.FRIENDS),
    ]:
        Organization.objects.create(ecosystem=world.ecosystem, name=name, kind=kind)


# --- The figures --------------------------------------------------------------------------


def test_the_recipe_is_one_letter_page_with_the_ecosystems_figures(
    world, libraries, print_onepager
):
    reader, text = print_onepager("recipe")

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "A strong library ecosystem recipe" in text
    assert "What Test State Ecosystem mixes together" in text, "the tagline, filled in"
    # The world's library, two academic libraries and a Friends group; one partner.
    assert "4 participating organizations of 3 different kinds" in text
    assert "Libraries (3): Public library (1), Academic library (2)" in text
    assert "Supporters (1): Friends of the library group (1)" in text
    assert "Stir in 1 community partners" in text
    assert "4 participating organizations" in text, "the figures box"
    assert "1 active community partner" in text
    assert "Leadership, Communication, Collaboration, Sustainability" in text


def test_one_voice_prints_the_latest_published_agendas_priorities_and_who_stands_behind_it(
    world, libraries, print_onepager
):
    # A second version of the agenda, published later, replaces the first.
    PublishedAgenda.objects.create(
        cycle=world.published_cycle,
        number=2,
        content={
            "title": "2026 session",
            "priorities": [
                {"rank": None, "title": "Broadband for rural branches"},
                {"rank": 2, "title": "School library staffing"},
                {"rank": 1, "title": "Fair state aid for every library"},
            ],
        },
    )

    reader, text = print_onepager("one-voice")

    assert len(reader.pages) == 1
    assert "One voice magnifies the message" in text
    assert "Our shared priorities: 2026 session" in text
    # In rank order, the one nobody scored last (the numbers are list markers: the PDF
    # tags them as artifacts).
    assert (
        "Fair state aid for every library School library staffing Broadband for rural branches"
        in text
    )
    assert "3 shared priorities" in text
    assert "No organization has signed on to the published agenda yet." in text
    for name in ("Central Public Library", "Friends of Central", "North Campus Library"):
        assert name not in text, "nobody signed version 2: no one is named behind it"


def test_without_a_published_agenda_one_voice_says_so(world, print_onepager):
    world.published_cycle.agendas.all().delete()

    _reader, text = print_onepager("one-voice")

    assert "Our shared priorities: still to be agreed" in text
    assert "The ecosystem has not published a shared agenda yet." in text
    figures_box = text.split("BY THE NUMBERS")[1].split("From Test State Ecosystem's records")[0]
    assert "shared priorit" not in figures_box
    assert "signed on" not in figures_box
    assert (
        "Test State Ecosystem has not published a shared agenda yet, so no organization has "
        "signed on to one." in text
    )
    assert "Central Public Library" not in text


def test_names_people_typed_are_printed_as_text_never_as_markup(world, print_onepager):
    for name in [
        '<img src="file:///etc/passwd">',
        "St. *Mary's* [Library](x) #1 & {ecosystem}",
        "1. Not a list",
    ]:
        organization = Organization.objects.create(
            ecosystem=world.ecosystem, name=name, kind=Organization.Kind.SPECIAL_LIBRARY
        )
        SignOn.objects.create(agenda=world.agenda, organization=organization)

    _reader, text = print_onepager("one-voice")

    assert '<img src="file:///etc/passwd">' in text
    assert "St. *Mary's* [Library](x) #1 & {ecosystem}" in text
    assert "1. Not a list" in text
    assert "root:" not in text


# --- The wording, edited in the admin -----------------------------------------------------


def test_editing_the_text_in_the_admin_changes_the_pdf(world, admin_client, print_onepager):
    onepager = OnePager.objects.get(slug="recipe")
    page = admin_client.get(reverse("admin:ecosystem_onepager_change", args=[onepager.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ONE_PAGER_PLACEHOLDERS:
        assert f"{{{name}}}" in html, "the admin names every placeholder"

    response = admin_client.post(
        reverse("admin:ecosystem_onepager_change", args=[onepager.pk]),
        {
            "title": "Libraries of {region}, together",
            "tagline": "Priorities: {agenda_priorities}",
            "body": "## Why\n\n**{organization_count}** organizations and {nonsense} here.\n\n"
            "{organizations_by_kind}\n\n<img src='file:///etc/passwd'>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    _reader, text = print_onepager("recipe")
    assert "Libraries of Test State Ecosystem, together" in text
    assert "Priorities: School library staffing" in text
    assert "1 organizations and {nonsense} here." in text, "unknown placeholders stay as typed"
    assert "Libraries (1): Public library (1)" in text
    assert "Stir in" not in text
    assert "passwd" not in text


def test_the_two_handouts_can_be_edited_but_not_deleted_or_added_to(world, admin_client):
    changelist = admin_client.get(reverse("admin:ecosystem_onepager_changelist"))
    assert changelist.status_code == 200
    assert "One voice magnifies the message" in changelist.content.decode()

    onepager = OnePager.objects.get(slug="recipe")
    assert admin_client.get(reverse("admin:ecosystem_onepager_add")).status_code == 403
    delete = reverse("admin:ecosystem_onepager_delete", args=[onepager.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert OnePager.objects.filter(slug="recipe").exists()


def test_the_shipped_wording_is_installed_once_and_never_overwrites_edits(world):
    OnePager.objects.filter(slug="one-voice").delete()
    OnePager.objects.filter(slug="recipe").update(title="Our own title")

    onepagers.load_defaults(django_apps)

    assert OnePager.objects.get(slug="one-voice").title == "One voice magnifies the message"
    assert OnePager.objects.get(slug="recipe").title == "Our own title"


def test_a_missing_handout_is_printed_with_the_shipped_wording(world, print_onepager):
    OnePager.objects.all().delete()

    _reader, text = print_onepager("recipe")

    assert "A strong library ecosystem recipe" in text


def test_an_unknown_handout_is_not_found(world, client_for):
    assert client_for("viewer").get(url(world, "brochure")).status_code == 404


# --- Filling in, on its own ---------------------------------------------------------------


def values(**overrides):
    figures = onepagers.Figures(
        ecosystem="Test State",
        region="Test State",
        organization_count=2,
        kinds=[("Public library", 2)],
        organization_names=["A", "B"],
        priorities=["First", "Second"],
    )
    for name, value in overrides.items():
        setattr(figures, name, value)
    return onepagers.placeholder_values(figures)


def test_tokens_are_replaced_in_one_pass_and_unknown_ones_stay():
    text = onepagers.fill_in(
        "{ecosystem} has {organization_count}; {unknown} {Ecosystem} { ecosystem }",
        values(ecosystem="{organization_count}"),
        as_markdown=False,
    )

    assert text == "{organization_count} has 2; {unknown} {Ecosystem} { ecosystem }"


def test_list_tokens_become_markdown_lists_in_the_body_and_phrases_in_titles():
    body = onepagers.fill_in("Ours: {agenda_priorities}", values(), as_markdown=True)
    html = onepagers.markdown_to_safe_html(body)

    assert "<p>Ours:" in html
    assert "<ol>\n<li>First</li>\n<li>Second</li>\n</ol>" in html
    assert onepagers.fill_in("{agenda_priorities}", values(), as_markdown=False) == (
        "First and Second"
    )
    assert onepagers.fill_in("{organization_names}", values(), as_markdown=False) == "A and B"


def test_the_html_that_reaches_the_pdf_is_sanitized():
    html = onepagers.markdown_to_safe_html(
        "Hi <img src='file:///etc/passwd'> <script>alert(1)</script> "
        "[link](javascript:alert(1)) <a href='http://example.org' onclick='x()'>ok</a>"
    )

    assert "<img" not in html
    assert "script" not in html
    assert "javascript" not in html
    assert "onclick" not in html
    assert 'href="http://example.org"' in html


# --- What it costs ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["recipe", "one-voice"])
def test_the_one_pagers_cost_the_same_queries_for_5_or_50_organizations(world, client_for, slug):
    def add(count: int) -> None:
        start = Organization.objects.count()
        kinds = list(Organization.Kind)
        Organization.objects.bulk_create(
            Organization(
                ecosystem=world.ecosystem,
                name=f"Library {start + i}",
                kind=kinds[i % len(kinds)],
            )
            for i in range(count)
        )

    assert_queries_do_not_grow(client_for("viewer"), url(world, slug), add)


# --- One voice says only what is true -------------------------------------------------------


def test_one_voice_names_only_the_organizations_that_signed_on_and_says_n_of_m(
    world, libraries, print_onepager
):
    # The world's library signed the published agenda; so does North Campus. South Campus
    # and the Friends group take part but never signed.
    SignOn.objects.create(
        agenda=world.agenda, organization=Organization.objects.get(name="North Campus Library")
    )

    _reader, text = print_onepager("one-voice")

    who = text.split("Who stands behind it")[1]
    assert "2 of 4 participating organizations signed on to the published agenda:" in who
    assert "Central Public Library" in who
    assert "North Campus Library" in who
    assert "South Campus Library" not in text
    assert "Friends of Central" not in text
    assert "2 of 4 organizations signed on to the published agenda" in text, "figures box"


def test_one_voice_counts_only_active_partners_past_first_contact(world, print_onepager):
    for name, stage, status in [
        ("Just met", Stage.BUILDING, Partner.Status.ACTIVE),
        ("Talking back", Stage.COMMON_GOAL, Partner.Status.ACTIVE),
        ("Paused partner", Stage.STRATEGIC, Partner.Status.PAUSED),
        ("Ended partner", Stage.SUPPORTIVE, Partner.Status.ENDED),
    ]:
        Partner.objects.create(
            ecosystem=world.ecosystem, name=name, sector="nonprofit", stage=stage, status=status
        )

    figures = onepagers.ecosystem_figures(world.ecosystem)
    _reader, text = print_onepager("one-voice")

    # The world's literacy council (supportive roles) and "Talking back".
    assert figures.partner_count == 2
    assert (
        "Beside them, 2 active community partners share a goal with us; partnerships still at "
        "first contact are not counted." in text
    )
    assert "2 active community partners sharing a goal with us" in text


def test_the_one_pagers_say_whose_records_their_figures_come_from(world, print_onepager):
    today = dateformat.format(timezone.localdate(), formats.get_format("DATE_FORMAT"))
    for slug in ("recipe", "one-voice"):
        _reader, text = print_onepager(slug)

        assert f"From Test State Ecosystem's records, {today}." in text


def test_the_migration_updates_the_shipped_one_voice_wording_but_not_edited_wording(world):
    migration = importlib.import_module("ecosystem.migrations.0008_one_voice_names_only_signers")
    one_voice = OnePager.objects.get(slug="one-voice")
    one_voice.body = onepagers.ONE_VOICE_BODY_BEFORE_SIGN_ONS
    one_voice.save()

    migration.forwards(django_apps, None)

    one_voice.refresh_from_db()
    assert one_voice.body == onepagers.ONE_VOICE_BODY
    assert "{signers}" in one_voice.body
    assert "{organization_names}" not in one_voice.body

    one_voice.body = "Our own words about {organization_names}."
    one_voice.save()
    migration.forwards(django_apps, None)
    one_voice.refresh_from_db()
    assert one_voice.body == "Our own words about {organization_names}."
