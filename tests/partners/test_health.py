"""Partnership health: the four-element check, its trend, and what the partner page says
about contact and overdue next steps."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from partners.models import HealthCheck, Interaction
from tests.helpers import assert_queries_do_not_grow


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def ratings(**overrides):
    return {
        "date": timezone.localdate().isoformat(),
        "interests": "4",
        "adaptability": "3",
        "communication": "2",
        "ownership": "3",
        "notes": "Monthly calls now",
    } | overrides


def test_each_element_is_a_scale_of_radio_buttons_in_a_fieldset_named_after_it(world, client_for):
    html = client_for("editor").get(url(world, "health_create", pk=world.partner.pk))
    html = html.content.decode()

    fieldsets = re.findall(r"<fieldset.*?</fieldset>", html, flags=re.S)
    legends = [re.search(r"<legend[^>]*>(.*?)<", f, flags=re.S).group(1) for f in fieldsets]
    assert legends == [
        "Each side&#x27;s interest is addressed",
        "Adaptability and sustainability are planned",
        "Communication and evaluation are constant",
        "The community takes ownership",
    ]
    for fieldset in fieldsets:
        assert fieldset.count('type="radio"') == 4
        for word in ("Not yet", "Partly", "Mostly", "Fully"):
            assert f">{word}</label>" in fieldset
    assert "check together how it is going" in fieldsets[2]  # each element is explained


def test_an_editor_records_a_health_check(world, client_for):
    response = client_for("editor").post(
        url(world, "health_create", pk=world.partner.pk), ratings()
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#health")
    check = world.partner.health_checks.first()
    assert (check.interests, check.adaptability, check.communication, check.ownership) == (
        4,
        3,
        2,
        3,
    )
    assert check.checked_by == world.users["editor"]


def test_a_missing_rating_is_refused_with_the_message_inside_its_fieldset(world, client_for):
    data = ratings()
    del data["ownership"]

    response = client_for("editor").post(url(world, "health_create", pk=world.partner.pk), data)

    html = response.content.decode()
    assert response.status_code == 422
    ownership = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>The community.*?</fieldset>", html, re.S)
    message = "Choose how true this is, from “Not yet” to “Fully”."
    assert message in ownership.group(0)
    assert 'aria-describedby="id_ownership_helptext id_ownership_error"' in ownership.group(0)
    assert '<a href="#id_ownership_0">' in html  # the error summary leads to the first radio
    # What was chosen stays chosen.
    assert re.search(r'name="communication" value="2" id="id_communication_1" checked', html)
    assert "Monthly calls now" in html
    assert world.partner.health_checks.count() == 1


def test_a_health_check_cannot_be_dated_in_the_future(world, client_for):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client_for("editor").post(
        url(world, "health_create", pk=world.partner.pk), ratings(date=tomorrow)
    )

    assert response.status_code == 422
    assert "date" in response.context["form"].errors


def test_the_partner_page_shows_the_latest_check_with_its_trend(world, client_for):
    HealthCheck.objects.filter(pk=world.health_check.pk).update(
        date=timezone.localdate() - timedelta(days=90)
    )
    # Was: interests 4, adaptability 2, communication 1, ownership 3.
    HealthCheck.objects.create(
        partner=world.partner, interests=4, adaptability=3, communication=1, ownership=2
    )

    html = client_for("viewer").get(url(world, "partner_detail", pk=world.partner.pk))
    html = html.content.decode()

    section = html[html.index("Partnership health") :]
    assert "No change" in section
    assert "Better: up from Partly" in section
    assert "Worse: down from Mostly" in section
    assert "Check its health" not in section  # a viewer reads only


def test_the_partner_page_says_the_days_since_last_contact_and_the_overdue_steps(world, client_for):
    Interaction.objects.create(
        partner=world.partner,
        date=timezone.localdate() + timedelta(days=5),
        summary="Planned visit: does not count as contact yet",
    )

    html = client_for("viewer").get(url(world, "partner_detail", pk=world.partner.pk))
    html = html.content.decode()

    section = html[html.index("Partnership health") :]
    assert "40 days since the last contact" in section
    assert "1 overdue next step, due on" in section


def test_a_partner_without_checks_or_contact_says_so(world, client_for):
    world.partner.health_checks.all().delete()
    world.partner.interactions.all().delete()

    html = client_for("editor").get(url(world, "partner_detail", pk=world.partner.pk))
    html = html.content.decode()

    section = html[html.index("Partnership health") :]
    assert "No health check yet." in section
    assert "No contact logged yet." in section
    assert "No overdue next steps." in section
    assert "Check its health" in section


def test_every_check_is_listed_with_its_trend(world, client_for):
    HealthCheck.objects.create(
        partner=world.partner, interests=4, adaptability=3, communication=2, ownership=3
    )

    response = client_for("viewer").get(url(world, "health_list", pk=world.partner.pk))

    rows = response.context["rows"]
    assert len(rows) == 2
    assert [element.trend for element in rows[0][1]] == ["same", "up", "up", "same"]
    assert [element.trend for element in rows[1][1]] == ["first"] * 4


def test_another_ecosystems_check_is_not_found_through_your_partner(world, client_for):
    theirs = world.other_partner.health_checks.get()

    response = client_for("coordinator").post(
        url(world, "health_update", pk=world.partner.pk, check_pk=theirs.pk), ratings()
    )

    assert response.status_code == 404


def test_the_list_of_checks_makes_the_same_queries_for_5_or_50_checks(world, client_for):
    def add_checks(count: int) -> None:
        HealthCheck.objects.bulk_create(
            HealthCheck(
                partner=world.partner,
                date=timezone.localdate() - timedelta(days=30 + n),
                interests=1 + n % 4,
                adaptability=2,
                communication=3,
                ownership=4,
                notes=f"Check {n}",
            )
            for n in range(count)
        )

    assert_queries_do_not_grow(
        client_for("viewer"), url(world, "health_list", pk=world.partner.pk), add_checks
    )
