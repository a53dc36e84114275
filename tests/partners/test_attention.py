"""The "needs attention" list: active partners that need tending, each with its reasons in
words, the most urgent first."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from partners.log.attention import needs_attention
from partners.models import HealthCheck, Interaction, Partner, Phase, Reflection, Sector
from tests.helpers import assert_queries_do_not_grow

TODAY = timezone.localdate


def url(world, name="needs_attention"):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug})


def healthy(ecosystem, name, **fields):
    """A partner contacted yesterday, with a good check this month and nothing overdue."""
    partner = Partner.objects.create(
        ecosystem=ecosystem, name=name, sector=Sector.BUSINESS, **fields
    )
    Interaction.objects.create(partner=partner, date=TODAY() - timedelta(days=1), summary="Hi")
    HealthCheck.objects.create(
        partner=partner, interests=3, adaptability=3, communication=4, ownership=2
    )
    return partner


def reasons_of(world, name, **options):
    for item in needs_attention(world.ecosystem, **options):
        if item.partner.name == name:
            return {reason.code: reason.text for reason in item.reasons}
    return {}


def test_a_well_tended_partner_is_not_listed(world):
    healthy(world.ecosystem, "Chamber of Commerce")

    assert reasons_of(world, "Chamber of Commerce") == {}


def test_a_partner_never_contacted_is_listed_with_no_check_either(world):
    Partner.objects.create(ecosystem=world.ecosystem, name="Hospital", sector=Sector.HEALTH)

    reasons = reasons_of(world, "Hospital")

    assert set(reasons) == {"never_contacted", "no_check"}
    assert reasons["never_contacted"].startswith("No contact logged since it was added on ")
    assert reasons["no_check"] == "No health check yet."


def test_a_long_silence_is_listed_with_the_days_and_the_last_date(world):
    partner = healthy(world.ecosystem, "Radio Station")
    partner.interactions.update(date=TODAY() - timedelta(days=75))

    reasons = reasons_of(world, "Radio Station")

    assert set(reasons) == {"quiet"}
    assert reasons["quiet"].startswith("No contact for 75 days: the last was on ")


def test_the_user_chooses_how_long_a_silence_is_too_long(world):
    # The world's partner was last contacted 40 days ago.
    assert "quiet" not in reasons_of(world, "County Literacy Council")
    assert "quiet" in reasons_of(world, "County Literacy Council", quiet_days=30)


def test_a_planned_contact_does_not_break_the_silence(world):
    partner = healthy(world.ecosystem, "Radio Station")
    partner.interactions.update(date=TODAY() - timedelta(days=75))
    Interaction.objects.create(partner=partner, date=TODAY() + timedelta(days=3), summary="Soon")

    assert "quiet" in reasons_of(world, "Radio Station")


def test_overdue_next_steps_are_listed_with_their_number_and_the_oldest_date(world):
    partner = healthy(world.ecosystem, "Food Bank")
    for days in (3, 12):
        Interaction.objects.create(
            partner=partner,
            date=TODAY() - timedelta(days=20),
            summary="Talked",
            next_step="Write back",
            next_step_due=TODAY() - timedelta(days=days),
        )
    Interaction.objects.create(
        partner=partner,
        date=TODAY() - timedelta(days=20),
        summary="Talked",
        next_step="Already done",
        next_step_due=TODAY() - timedelta(days=30),
        next_step_done=True,
    )

    reasons = reasons_of(world, "Food Bank")

    oldest = TODAY() - timedelta(days=12)
    assert set(reasons) == {"overdue"}
    assert reasons["overdue"] == (
        f"2 next steps are overdue: the oldest was due on {date_format(oldest)}."
    )


def test_a_latest_check_rating_not_yet_is_listed_with_the_element(world):
    reasons = reasons_of(world, "County Literacy Council")

    assert set(reasons) == {"overdue", "weak"}
    assert reasons["weak"] == (
        "Rated “Not yet” at the last health check: Communication and evaluation are constant."
    )


def test_only_the_latest_check_counts(world):
    HealthCheck.objects.filter(pk=world.health_check.pk).update(date=TODAY() - timedelta(days=30))
    HealthCheck.objects.create(
        partner=world.partner, interests=2, adaptability=2, communication=2, ownership=2
    )

    assert "weak" not in reasons_of(world, "County Literacy Council")


def test_a_check_older_than_a_year_is_listed(world):
    partner = healthy(world.ecosystem, "Rotary")
    partner.health_checks.update(date=TODAY() - timedelta(days=400))

    reasons = reasons_of(world, "Rotary")

    assert set(reasons) == {"old_check"}
    assert "more than a year old" in reasons["old_check"]


def test_paused_and_ended_partners_are_left_out(world):
    for status in (Partner.Status.PAUSED, Partner.Status.ENDED):
        Partner.objects.create(
            ecosystem=world.ecosystem, name=f"Gone {status}", sector=Sector.OTHER, status=status
        )

    names = [item.partner.name for item in needs_attention(world.ecosystem)]

    assert names == ["County Literacy Council"]


def test_the_most_reasons_come_first_then_the_longest_wait(world):
    Partner.objects.create(ecosystem=world.ecosystem, name="Never called", sector=Sector.MEDIA)
    one = healthy(world.ecosystem, "Quiet 70 days")
    one.interactions.update(date=TODAY() - timedelta(days=70))
    two = healthy(world.ecosystem, "Quiet 90 days")
    two.interactions.update(date=TODAY() - timedelta(days=90))

    names = [item.partner.name for item in needs_attention(world.ecosystem)]

    # Two reasons each: never called (added today) waited 0 days, the council's step 10.
    assert names == ["County Literacy Council", "Never called", "Quiet 90 days", "Quiet 70 days"]


# --- The page ------------------------------------------------------------------------------


def test_the_page_lists_each_partner_with_its_reasons_and_explains_the_rules(world, client_for):
    response = client_for("viewer").get(url(world))

    html = response.content.decode()
    assert "1 partner needs attention." in html
    assert "County Literacy Council" in html
    assert "Rated “Not yet” at the last health check" in html
    assert "What puts a partner on this list" in html
    assert "No health check in the last 365 days" in html
    assert "Partners with the most reasons come first" in html


def test_the_page_filters_by_lead_and_offers_a_mine_shortcut(world, client_for):
    Partner.objects.create(
        ecosystem=world.ecosystem,
        name="Coordinator's partner",
        sector=Sector.FAITH,
        library_lead=world.users["coordinator"],
    )
    client = client_for("editor")
    editor = world.users["editor"]

    everyone = client.get(url(world))
    mine = client.get(url(world), {"days": "60", "lead": editor.pk})

    assert len(everyone.context["items"]) == 2
    assert [i.partner.name for i in mine.context["items"]] == ["County Literacy Council"]
    assert f'href="?days=60&amp;lead={editor.pk}">Only the partners I lead' in (
        everyone.content.decode()
    )


def test_the_page_takes_the_number_of_days_and_explains_a_wrong_one(world, client_for):
    client = client_for("viewer")

    shorter = client.get(url(world), {"days": "30"})
    wrong = client.get(url(world), {"days": "-4"})

    assert "No contact for 40 days" in shorter.content.decode()
    assert shorter.context["days"] == 30
    assert wrong.context["days"] == 60
    assert "Enter 1 or more" in wrong.content.decode()


def test_the_csv_lists_the_partners_and_their_reasons(world, client_for):
    response = client_for("viewer").get(url(world, "needs_attention_export"), {"days": "30"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Partner"
    assert rows[1][0] == "County Literacy Council"
    assert rows[1][3] == "Editor Person"
    assert rows[1][5:7] == ["40", "1"]
    assert rows[1][9] == "Communication and evaluation are constant"
    assert "No contact for 40 days" in rows[1][10]


@pytest.mark.parametrize("url_name", ["needs_attention", "needs_attention_export"])
def test_the_list_makes_the_same_queries_for_10_or_200_partners(world, client_for, url_name):
    def grow(count):
        start = Partner.objects.count()
        partners = Partner.objects.bulk_create(
            Partner(
                ecosystem=world.ecosystem,
                name=f"Partner {start + i}",
                sector=Sector.NONPROFIT,
                library_lead=world.users["editor"] if i % 2 else None,
            )
            for i in range(count)
        )
        Interaction.objects.bulk_create(
            Interaction(
                partner=partner,
                date=TODAY() - timedelta(days=10 * (i % 12)),
                summary="Checked in",
                next_step="Call again" if i % 3 else "",
                next_step_due=TODAY() - timedelta(days=i % 5),
            )
            for i, partner in enumerate(partners)
        )
        HealthCheck.objects.bulk_create(
            HealthCheck(
                partner=partner,
                date=TODAY() - timedelta(days=200 * (i % 3)),
                interests=1 + i % 4,
                adaptability=2,
                communication=3,
                ownership=4,
            )
            for i, partner in enumerate(partners[::2])
        )

    assert_queries_do_not_grow(client_for("viewer"), url(world, url_name), grow, 10, 200)


# --- The garden's phases -----------------------------------------------------------------------


def test_a_resting_partner_is_not_listed_for_silence_but_asked_for_its_reflection(world):
    partner = healthy(world.ecosystem, "Resting Rotary", phase=Phase.RESTING)
    partner.interactions.update(date=TODAY() - timedelta(days=200))

    reasons = reasons_of(world, "Resting Rotary")

    assert set(reasons) == {"reflect"}
    assert "Reflect on this partnership" in reasons["reflect"]


def test_a_resting_partner_never_contacted_is_not_listed_for_it_either(world):
    Partner.objects.create(
        ecosystem=world.ecosystem, name="Quiet Club", sector=Sector.OTHER, phase=Phase.RESTING
    )

    assert set(reasons_of(world, "Quiet Club")) == {"reflect", "no_check"}


def test_a_resting_partner_with_a_recent_reflection_is_left_in_peace(world):
    partner = healthy(world.ecosystem, "Resting Rotary", phase=Phase.RESTING)
    partner.interactions.update(date=TODAY() - timedelta(days=200))
    Reflection.objects.create(partner=partner, year=TODAY().year, decision="keep")

    assert reasons_of(world, "Resting Rotary") == {}


def test_a_reflection_older_than_a_year_does_not_count_for_a_resting_partner(world):
    partner = healthy(world.ecosystem, "Resting Rotary", phase=Phase.RESTING)
    old = Reflection.objects.create(partner=partner, year=TODAY().year - 2, decision="keep")
    Reflection.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))

    assert set(reasons_of(world, "Resting Rotary")) == {"reflect"}


def test_a_partner_not_resting_is_not_asked_for_a_reflection(world):
    healthy(world.ecosystem, "Busy Bakery", phase=Phase.HARVESTING)

    assert "reflect" not in reasons_of(world, "Busy Bakery")


def not_yet_check(partner, days_ago, **ratings):
    values = {"interests": 3, "adaptability": 3, "communication": 3, "ownership": 3} | ratings
    return HealthCheck.objects.create(
        partner=partner, date=TODAY() - timedelta(days=days_ago), **values
    )


def test_two_not_yet_checks_in_a_row_suggest_letting_go(world):
    partner = healthy(world.ecosystem, "Fading Fair")
    partner.health_checks.all().delete()
    not_yet_check(partner, 90, ownership=1)
    not_yet_check(partner, 5, communication=1)

    reasons = reasons_of(world, "Fading Fair")

    assert set(reasons) == {"weak", "let_go"}
    assert "consider letting it go" in reasons["let_go"]


def test_one_not_yet_check_after_a_good_one_does_not_suggest_letting_go(world):
    partner = healthy(world.ecosystem, "Wobbly Works")
    partner.health_checks.all().delete()
    not_yet_check(partner, 200, ownership=1)
    not_yet_check(partner, 90)
    not_yet_check(partner, 5, communication=1)

    assert set(reasons_of(world, "Wobbly Works")) == {"weak"}


def test_the_reasons_link_to_the_actions_that_answer_them(world):
    resting = healthy(world.ecosystem, "Resting Rotary", phase=Phase.RESTING)
    fading = healthy(world.ecosystem, "Fading Fair")
    fading.health_checks.all().delete()
    not_yet_check(fading, 90, ownership=1)
    not_yet_check(fading, 5, ownership=1)

    actions = {
        reason.code: reason.action_url
        for item in needs_attention(world.ecosystem)
        for reason in item.reasons
        if reason.action_url
    }

    assert actions["reflect"] == reverse(
        "partners:reflection_create", kwargs={"ecosystem_slug": world.slug, "pk": resting.pk}
    )
    assert actions["let_go"] == reverse(
        "partners:partner_end", kwargs={"ecosystem_slug": world.slug, "pk": fading.pk}
    )


def test_the_page_links_editors_to_the_reflection_form_and_viewers_to_the_partner(
    world, client_for
):
    resting = healthy(world.ecosystem, "Resting Rotary", phase=Phase.RESTING)
    form = reverse(
        "partners:reflection_create", kwargs={"ecosystem_slug": world.slug, "pk": resting.pk}
    )

    editor = client_for("editor").get(url(world)).content.decode()
    viewer = client_for("viewer").get(url(world)).content.decode()

    assert f'<a href="{form}">Reflect on this partnership' in editor
    assert form not in viewer
    assert f'<a href="{resting.get_absolute_url()}">Open Resting Rotary</a>' in viewer


def test_the_page_explains_the_garden_rules_in_a_sentence(world, client_for):
    html = client_for("viewer").get(url(world)).content.decode()

    assert "a partner resting for the season is never listed for a lack of contact" in html
    assert "is suggested for letting go" in html


def test_the_list_makes_the_same_queries_with_resting_and_fading_partners(world, client_for):
    def grow(count):
        start = Partner.objects.count()
        partners = Partner.objects.bulk_create(
            Partner(
                ecosystem=world.ecosystem,
                name=f"Garden {start + i}",
                sector=Sector.HEALTH,
                phase=Phase.RESTING if i % 2 else Phase.NURTURING,
            )
            for i in range(count)
        )
        HealthCheck.objects.bulk_create(
            HealthCheck(
                partner=partner,
                date=TODAY() - timedelta(days=days),
                interests=1,
                adaptability=2,
                communication=3,
                ownership=4,
            )
            for partner in partners
            for days in (10, 100)
        )
        Reflection.objects.bulk_create(
            Reflection(partner=partner, year=TODAY().year, decision="keep")
            for partner in partners[::3]
        )

    assert_queries_do_not_grow(client_for("editor"), url(world), grow, 5, 60)
