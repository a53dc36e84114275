"""The demo's partners: about 25 of them across every stage and phase, with logs, harvests,
health checks and reflections; the same again on a second run; multiplied by --scale."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Ecosystem
from partners.models import (
    Connection,
    GardenReflection,
    Harvest,
    HealthCheck,
    Interaction,
    Partner,
    Phase,
    ProgressEntry,
    Reflection,
    Stage,
)
from partners.progress.example import example_entries


@pytest.fixture
def demo(db, settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    settings.DEMO_PASSWORD_FILE = tmp_path / ".demo-password"
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    def run(*args: str) -> None:
        call_command("seed_demo", *args, stdout=StringIO())

    return run


def test_the_demo_ecosystem_has_partners_in_every_stage_and_phase(demo):
    demo()
    partners = Partner.objects.filter(ecosystem__slug="riverland")

    assert 20 <= partners.count() <= 30
    assert set(partners.values_list("stage", flat=True)) == set(Stage.values)
    assert set(partners.values_list("phase", flat=True)) == set(Phase.values)
    assert set(partners.values_list("status", flat=True)) == set(Partner.Status.values)
    ended = partners.get(status=Partner.Status.ENDED)
    assert ended.ending_reason
    assert ended.lessons_learned
    assert all(partner.contacts.exists() for partner in partners)


def test_the_demo_partners_have_logs_harvests_health_and_reflections(demo):
    demo()
    riverland = {"partner__ecosystem__slug": "riverland"}

    assert Interaction.objects.filter(**riverland).count() >= 50
    assert Interaction.objects.filter(**riverland).overdue_next_steps().exists()
    assert Harvest.objects.filter(**riverland, share_in_reports=True).exists()
    assert HealthCheck.objects.filter(**riverland, communication=1).exists()
    assert Reflection.objects.filter(**riverland, decision="let_go").exists()
    # Some partners have gone quiet for a while, so the attention list has work to show.
    quiet = Partner.objects.filter(ecosystem__slug="riverland").with_last_contact()
    assert any((p.last_contact and (p.created_at.date() - p.last_contact).days > 60) for p in quiet)


def test_running_the_demo_again_adds_no_partners(demo):
    demo()
    before = (
        Partner.objects.count(),
        Interaction.objects.count(),
        Harvest.objects.count(),
        ProgressEntry.objects.count(),
    )
    demo()

    assert (
        Partner.objects.count(),
        Interaction.objects.count(),
        Harvest.objects.count(),
        ProgressEntry.objects.count(),
    ) == before


def test_scale_multiplies_the_partners(demo):
    demo()
    one = Partner.objects.filter(ecosystem__slug="riverland").count()
    demo("--scale", "3")

    assert Partner.objects.filter(ecosystem__slug="riverland").count() == 3 * one


def test_the_demo_partner_pages_open(demo, client):
    demo()
    state = Ecosystem.objects.get(slug="riverland")
    client.force_login(state.memberships.get(user__email="viewer@demo.example").user)

    for name in ("partner_list", "partner_board"):
        assert client.get(reverse(f"partners:{name}", args=[state.slug])).status_code == 200
    for partner in state.partners.all():
        assert client.get(partner.get_absolute_url()).status_code == 200


def test_the_demo_progress_record_is_the_worked_example_with_its_names_linked(demo):
    demo()
    record = ProgressEntry.objects.filter(ecosystem__slug="riverland")
    example = example_entries()

    assert record.count() == len(example)
    # Every organization and partner the example names exists in the demo and is linked.
    named = {name for entry in example for name in entry["organizations"]}
    linked = set(record.values_list("organizations__name", flat=True)) - {None}
    assert linked == named
    partners = {name for entry in example for name in entry["partners"]}
    assert set(record.values_list("partners__name", flat=True)) - {None} == partners
    assert record.order_by("-date").first().activity == example[-1]["activity"]


def test_demo_partners_with_written_agreements_have_a_document_to_open(demo, client):
    demo()
    state = Ecosystem.objects.get(slug="riverland")
    client.force_login(state.memberships.get(user__email="viewer@demo.example").user)
    written = state.partners.filter(formalization__in=["letter", "mou", "contract"])

    assert written.exists()
    for partner in written:
        document = partner.documents.get()
        response = client.get(
            reverse("partners:document_download", args=[state.slug, partner.pk, document.pk])
        )
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_demo_shows_the_gardens_phases_on_the_attention_list(demo):
    from partners.log.attention import needs_attention

    demo()
    riverland = Ecosystem.objects.get(slug="riverland")

    codes = {
        reason.code: item.partner for item in needs_attention(riverland) for reason in item.reasons
    }

    assert codes["reflect"].phase == Phase.RESTING
    assert "let_go" in codes
    assert Partner.objects.filter(ecosystem=riverland).exclude(library_interest="").count() >= 20


def test_the_demo_has_last_years_whole_garden_reflection_and_ties_of_every_kind(demo):
    demo()
    riverland = Ecosystem.objects.get(slug="riverland")

    garden = GardenReflection.objects.get(ecosystem=riverland)
    assert garden.year == timezone.localdate().year - 1
    assert garden.plant_next
    ties = Connection.objects.filter(ecosystem=riverland)
    assert ties.filter(other_organization__isnull=False).exists()
    assert ties.filter(organization__isnull=False, partner__isnull=False).exists()
    assert ties.filter(first_partner__isnull=False, partner__isnull=False).exists()
