"""Resting the garden: one reflection a year per partnership, ending in a decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from partners.models import Partner, Reflection


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def test_an_editor_writes_this_years_reflection(world, client_for):
    year = timezone.localdate().year
    client = client_for("editor")

    form = client.get(url(world, "reflection_create", pk=world.partner.pk))
    response = client.post(
        url(world, "reflection_create", pk=world.partner.pk),
        {
            "year": str(year),
            "what_worked": "Tutors in every branch",
            "what_did_not": "Evening sessions",
            "what_to_change": "Move to Saturdays",
            "decision": "grow",
        },
    )

    assert form.context["form"]["year"].value() == year
    assert response.status_code == 302
    assert response["Location"].endswith("#reflections")
    reflection = world.partner.reflections.get(year=year)
    assert reflection.get_decision_display() == "Grow it"
    assert reflection.written_by == world.users["editor"]
    page = client.get(response["Location"]).content.decode()
    assert f"{year}: Grow it" in page
    assert "Move to Saturdays" in page
    assert f"Reflect on {year}" not in page  # this year's is written


def test_a_second_reflection_for_the_same_year_is_refused_on_the_year_field(world, client_for):
    year = world.reflection.year

    response = client_for("editor").post(
        url(world, "reflection_create", pk=world.partner.pk),
        {"year": str(year), "what_worked": "Something else", "decision": "keep"},
    )

    form = response.context["form"]
    assert response.status_code == 422
    assert form.errors["year"] == [
        f"This partnership already has a reflection for {year}. There is one a year: edit "
        "that one instead, or choose another year."
    ]
    assert "Something else" in response.content.decode()
    assert world.partner.reflections.count() == 1


def test_editing_a_reflection_keeps_its_own_year(world, client_for):
    reflection = world.reflection

    response = client_for("editor").post(
        url(world, "reflection_update", pk=world.partner.pk, reflection_pk=reflection.pk),
        {
            "year": str(reflection.year),
            "what_worked": "Regular meetings",
            "decision": "keep",
            "version": reflection.version,
        },
    )

    assert response.status_code == 302
    assert Reflection.objects.get(pk=reflection.pk).decision == "keep"


def test_another_partner_may_have_a_reflection_for_the_same_year(world, client_for):
    other = Partner.objects.create(ecosystem=world.ecosystem, name="Food Bank", sector="nonprofit")

    response = client_for("editor").post(
        url(world, "reflection_create", pk=other.pk),
        {"year": str(world.reflection.year), "decision": "keep"},
    )

    assert response.status_code == 302


def test_a_year_out_of_range_and_a_missing_decision_are_explained(world, client_for):
    response = client_for("editor").post(
        url(world, "reflection_create", pk=world.partner.pk), {"year": "25"}
    )

    errors = response.context["form"].errors
    assert errors["year"] == ["Enter a year from 1990 to 2200."]
    assert errors["decision"] == ["Choose what to do with the partnership."]


def test_deciding_to_let_go_offers_to_end_the_partnership(world, client_for):
    Reflection.objects.create(
        partner=world.partner, year=timezone.localdate().year, decision="let_go"
    )
    end = url(world, "partner_end", pk=world.partner.pk)

    editor = client_for("editor").get(url(world, "partner_detail", pk=world.partner.pk))
    viewer = client_for("viewer").get(url(world, "partner_detail", pk=world.partner.pk))

    assert "The latest reflection decided to let this partnership go." in editor.content.decode()
    assert f'href="{end}">End the partnership, with its reason' in editor.content.decode()
    assert "decided to let this partnership go" in viewer.content.decode()
    assert f'href="{end}">End the partnership, with its reason' not in viewer.content.decode()


def test_an_ended_partnership_is_not_offered_ending_again(world, client_for):
    Reflection.objects.create(
        partner=world.partner, year=timezone.localdate().year, decision="let_go"
    )
    Partner.objects.filter(pk=world.partner.pk).update(
        status=Partner.Status.ENDED, ended_on=timezone.localdate(), ending_reason="Done"
    )

    html = client_for("editor").get(url(world, "partner_detail", pk=world.partner.pk))

    assert "decided to let this partnership go" not in html.content.decode()


def test_the_partner_page_lists_past_reflections_newest_first(world, client_for):
    year = world.reflection.year
    Reflection.objects.create(partner=world.partner, year=year - 3, decision="scale_back")

    html = client_for("viewer").get(url(world, "partner_detail", pk=world.partner.pk))
    html = html.content.decode()

    newer = html.index(f"{year}: Grow it")
    older = html.index(f"{year - 3}: Scale it back")
    assert newer < older


def test_the_form_proposes_the_latest_year_without_a_reflection(world, client_for):
    this_year = timezone.localdate().year
    Reflection.objects.create(partner=world.partner, year=this_year, decision="keep")

    form = client_for("editor").get(url(world, "reflection_create", pk=world.partner.pk))

    # This year and last year (the world's) are written.
    assert form.context["form"]["year"].value() == this_year - 2
    assert (
        "Reflect on another year"
        in client_for("editor")
        .get(url(world, "partner_detail", pk=world.partner.pk))
        .content.decode()
    )
