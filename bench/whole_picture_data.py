"""The whole-picture benchmark's ecosystem: the demo's Riverland, built by ``seed_demo
--scale``, then grown where the requirement asks for more than the demo has: partners,
log entries, progress entries and closed rounds.

Import it after ``django.setup()``: it imports the models.
"""

from __future__ import annotations

import io
import os
import random
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from agendas.models import PlanTask, PublishedAgenda, SignOn, Submission
from continuum import demo as continuum_demo
from continuum import services as continuum_services
from continuum.models import Answer, Instrument, Level, Response, Round
from ecosystem.management.demo import REGIONAL, STATE
from ecosystem.models import Ecosystem, Membership, Role, User
from partners.demo.log import STORIES
from partners.demo.seed import seed as seed_partners
from partners.demo.specs import PARTNERS
from partners.models import (
    Connection,
    Harvest,
    HealthCheck,
    Interaction,
    Partner,
    ProgressEntry,
    WebSnapshot,
)
from partners.progress.example import example_entries

SLUG = str(STATE["slug"])
# Per unit of --scale; the default scale, 4, gives the sizes the requirement names (or,
# for the organizations, a few more: seed_demo copies the demo's 17 each time).
ORGANIZATIONS = len(STATE["organizations"])
PARTNER_COPIES = 3  # of the demo's 25 partners, with their logs: 300 at scale 4
INTERACTIONS = 750  # the demo logs about 3 a partner; the rest are added: 3,000
PROGRESS_ENTRIES = 50  # the worked example's 12, then more like them: 200
CLOSED_ROUNDS = 10  # at every scale: the demo's 3, then quarterly ones
RESPONDENTS = 30  # in each quarterly round (fewer if the ecosystem has fewer members)

NEXT_STEPS = [
    "Send the room booking form",
    "Draft the memorandum of understanding",
    "Share attendance figures with their board",
    "Ask about a second location",
    "Invite them to the ecosystem gathering",
    "Follow up on the grant deadline",
]


@dataclass
class Fixture:
    ecosystem: Any
    coordinator: Any
    counts: dict[str, int]
    built: bool
    build_seconds: float = 0.0


def expected_counts(scale: int) -> dict[str, int]:
    return {
        "organizations": ORGANIZATIONS * scale,
        "partners": len(PARTNERS) * PARTNER_COPIES * scale,
        "interactions": INTERACTIONS * scale,
        "progress entries": PROGRESS_ENTRIES * scale,
        "closed rounds": CLOSED_ROUNDS,
    }


def count_everything(ecosystem: Ecosystem) -> dict[str, int]:
    today = timezone.localdate()
    partners = Partner.objects.filter(ecosystem=ecosystem)
    interactions = Interaction.objects.filter(partner__ecosystem=ecosystem)
    harvests = Harvest.objects.filter(partner__ecosystem=ecosystem)
    rounds = Round.objects.filter(ecosystem=ecosystem)
    return {
        "organizations": ecosystem.organizations.count(),
        "members": ecosystem.memberships.count(),
        "partners": partners.count(),
        "active partners": partners.active().count(),
        "interactions": interactions.count(),
        "overdue next steps": interactions.overdue_next_steps(today).count(),
        "harvests": harvests.count(),
        "shared harvests": harvests.filter(share_in_reports=True).count(),
        "health checks": HealthCheck.objects.filter(partner__ecosystem=ecosystem).count(),
        "progress entries": ProgressEntry.objects.filter(ecosystem=ecosystem).count(),
        "connections": Connection.objects.filter(ecosystem=ecosystem).count(),
        "web snapshots": WebSnapshot.objects.filter(ecosystem=ecosystem).count(),
        "closed rounds": rounds.closed().count(),
        "open rounds": rounds.open().count(),
        "submitted responses": Response.objects.filter(round__ecosystem=ecosystem)
        .submitted()
        .count(),
        "answers": Answer.objects.filter(response__round__ecosystem=ecosystem).count(),
        "agenda submissions": Submission.objects.filter(cycle__ecosystem=ecosystem).count(),
        "published agendas": PublishedAgenda.objects.filter(cycle__ecosystem=ecosystem).count(),
        "sign-ons": SignOn.objects.filter(agenda__cycle__ecosystem=ecosystem).count(),
        "plan tasks": PlanTask.objects.filter(ecosystem=ecosystem).count(),
    }


def coordinator_of(ecosystem: Ecosystem) -> User | None:
    membership = Membership.objects.filter(ecosystem=ecosystem, role=Role.COORDINATOR).first()
    return membership.user if membership else None


def existing_fixture(scale: int) -> Fixture | None:
    """The ecosystem built by an earlier run, if it has this scale's sizes and was built
    today (the demo dates its records relative to the day it runs)."""
    ecosystem = Ecosystem.objects.filter(slug=SLUG).first()
    if ecosystem is None or timezone.localdate(ecosystem.created_at) != timezone.localdate():
        return None
    counts = count_everything(ecosystem)
    coordinator = coordinator_of(ecosystem)
    if coordinator is None or any(
        counts[key] != value for key, value in expected_counts(scale).items()
    ):
        return None
    return Fixture(ecosystem, coordinator, counts, built=False)


def clear() -> None:
    """The demo ecosystems and their people, with everything of theirs. History off:
    deleting thousands of rows would otherwise write a historical record for each."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Ecosystem.objects.filter(slug__in=[SLUG, REGIONAL["slug"]]).delete()
        User.objects.filter(email__endswith="@demo.example").delete()


def build(scale: int, seed: int) -> Fixture:
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 -- repeatable test data, not security
    clear()
    # A password nobody is told, kept nowhere (seed_demo would otherwise write one to
    # .demo-password); --force, as the benchmark runs with production-like settings.
    password = {"DEMO_PASSWORD": secrets.token_urlsafe(16)}
    with (
        mock.patch.dict(os.environ, password),
        transaction.atomic(),
        override_settings(SIMPLE_HISTORY_ENABLED=False),
    ):
        call_command("seed_demo", scale=scale, force=True, stdout=io.StringIO())
        ecosystem = Ecosystem.objects.get(slug=SLUG)
        coordinator = coordinator_of(ecosystem)
        assert coordinator is not None, "seed_demo signs in a coordinator"
        seed_partners(ecosystem, PARTNER_COPIES * scale)
        members = list(
            Membership.objects.filter(ecosystem=ecosystem, role__gte=Role.CONTRIBUTOR)
            .select_related("user", "organization")
            .order_by("user__email")
        )
        users = [member.user for member in members]
        add_interactions(rng, ecosystem, INTERACTIONS * scale, users)
        add_progress_entries(rng, ecosystem, PROGRESS_ENTRIES * scale, users)
        add_closed_rounds(ecosystem, coordinator, members)
    counts = count_everything(ecosystem)
    return Fixture(
        ecosystem, coordinator, counts, built=True, build_seconds=time.perf_counter() - started
    )


def add_interactions(
    rng: random.Random, ecosystem: Ecosystem, total: int, users: list[Any]
) -> None:
    """Log entries over the last two years, up to ``total``: unevenly spread (a few
    partners get dozens), 3 % planned ahead, 45 % with a next step, most of those past due
    done."""
    partners = list(Partner.objects.filter(ecosystem=ecosystem).order_by("pk"))
    missing = total - Interaction.objects.filter(partner__ecosystem=ecosystem).count()
    today = timezone.localdate()
    kinds = list(Interaction.Kind)
    weights = [rng.paretovariate(1.5) for _ in partners]
    interactions = []
    for partner in rng.choices(partners, weights=weights, k=max(0, missing)):
        planned = rng.random() < 0.03
        when = today + timedelta(days=rng.randint(1, 30) if planned else -rng.randint(0, 730))
        summary, outcome = rng.choice(STORIES)
        next_step, due, done = "", None, False
        if rng.random() < 0.45:
            next_step = rng.choice(NEXT_STEPS)
            due = when + timedelta(days=rng.randint(7, 60))
            done = due < today and rng.random() < 0.85
        recorder = rng.choice(users)
        interactions.append(
            Interaction(
                partner=partner,
                date=when,
                kind=rng.choice(kinds),
                summary=summary,
                participants=recorder.get_full_name(),
                outcome=outcome,
                next_step=next_step,
                next_step_due=due,
                next_step_done=done,
                recorded_by=recorder,
            )
        )
    Interaction.objects.bulk_create(interactions, batch_size=1000)


def add_progress_entries(
    rng: random.Random, ecosystem: Ecosystem, total: int, users: list[Any]
) -> None:
    """More entries like the worked example's, up to ``total``, spread over two years, each
    with one to three organizations and up to two partners."""
    missing = total - ProgressEntry.objects.filter(ecosystem=ecosystem).count()
    examples = example_entries()
    copied = ("strand_code", "indicator_code", "activity", "outcome", "evidence", "next_step")
    today = timezone.localdate()
    entries = ProgressEntry.objects.bulk_create(
        ProgressEntry(
            ecosystem=ecosystem,
            date=today - timedelta(days=rng.randint(0, 730)),
            recorded_by=rng.choice(users),
            **{key: examples[n % len(examples)][key] for key in copied},  # type: ignore[literal-required]
        )
        for n in range(max(0, missing))
    )
    organizations = list(ecosystem.organizations.all())
    partners = list(Partner.objects.filter(ecosystem=ecosystem))
    through_orgs = ProgressEntry.organizations.through
    through_partners = ProgressEntry.partners.through
    through_orgs.objects.bulk_create(
        through_orgs(progressentry_id=entry.pk, organization_id=org.pk)
        for entry in entries
        for org in rng.sample(organizations, rng.randint(1, 3))
    )
    through_partners.objects.bulk_create(
        through_partners(progressentry_id=entry.pk, partner_id=partner.pk)
        for entry in entries
        for partner in rng.sample(partners, rng.randint(0, 2))
    )


def add_closed_rounds(ecosystem: Ecosystem, coordinator: User, members: list[Membership]) -> None:
    """Quarterly rounds of the shipped Continuum, up to ``CLOSED_ROUNDS`` closed ones, the
    last closed 9 days ago, each answered by ``RESPONDENTS`` members the way the demo
    answers its own rounds (ratings creeping up over the quarters), with 3 consensus
    records."""
    version = Instrument.objects.get(slug="ecosystem-continuum").latest_published()
    assert version is not None, "the Continuum is shipped by a migration"
    levels = list(Level.objects.filter(version=version).order_by("value"))
    indicators = list(
        version.indicators.select_related("strand").order_by("strand__position", "position")
    )
    # The demo's answers leave every seventh invitation unanswered: invite a few more.
    invitees = members[: RESPONDENTS + RESPONDENTS // 6]
    missing = CLOSED_ROUNDS - Round.objects.filter(ecosystem=ecosystem).closed().count()
    now = timezone.now()
    for quarters_ago in range(missing):
        opened = now - timedelta(days=30 + 91 * quarters_ago)
        period = f"{opened.year} Q{(opened.month - 1) // 3 + 1}"
        round = continuum_services.open_round(
            ecosystem,
            version=version,
            title=f"Quarterly check, {period}",
            period=period,
            due_date=(opened + timedelta(days=30)).date(),
            anonymous=False,
            disagreement_threshold=2,
            invitees=invitees,
            opened_by=coordinator,
        )
        Round.objects.filter(pk=round.pk).update(
            opened_at=opened, status=Round.Status.CLOSED, closed_at=opened + timedelta(days=21)
        )
        round.refresh_from_db()
        growth = 0.9 - 0.1 * quarters_ago
        continuum_demo.answer_round(round, indicators, levels, growth, True, 100 + quarters_ago, 6)
        continuum_demo.agree_on_levels(round, levels, coordinator, limit=3)
