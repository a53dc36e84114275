"""Benchmark: the ecosystem dashboard and the coordinator's report for a large ecosystem.

Requirement measured: "with a large ecosystem (60 organizations, 300 partners, 3,000 log
entries, 10 rounds x 30 respondents) the dashboard's median is under 150 ms on
PostgreSQL, and the full coordinator's report renders in under 10 s with peak memory
under 500 MB."

Run by hand against a database of its own (never the development db.sqlite3); see
bench/README.md. For example::

    DJANGO_DEBUG=true DATABASE_URL=sqlite:////tmp/bench-whole.sqlite3 \\
        .venv/bin/python bench/whole_picture.py

The script migrates the database, builds (or reuses) the ecosystem ``bench-whole-picture``,
then

- times the ecosystem's home page (the dashboard) end to end through Django's test client
  as the coordinator: URL routing, every middleware, the view, the queries, the template;
- renders the full coordinator's report (every section, the last 12 months) exactly as
  the background worker does (``ecosystem.overview.reports.report.render_report``), in a fresh
  Python process of its own, so its peak memory (``ru_maxrss``) is the report's and
  nothing else's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-whole-picture"
REQUIREMENT_PAGE_MS = 150.0
REQUIREMENT_REPORT_S = 10.0
REQUIREMENT_MEMORY_MB = 500.0
REPORT_MARKER = "REPORT-RESULT: "

# The sizes the requirement names, and what the rest of the ecosystem holds around them.
ORGANIZATIONS = 60
CONTRIBUTORS = 30  # each represents an organization; plus one coordinator
PARTNERS = 300
INTERACTIONS = 3_000
ROUNDS = 10  # closed, quarterly, every invited member submitted every answer
HARVESTS = 180
PROGRESS_ENTRIES = 200
CONNECTIONS = 150
CONNECTIONS_BEFORE_SNAPSHOT = 125  # last year's web had these; 25 more came since

# --- Synthetic content ------------------------------------------------------------------

TOWNS = [
    "Ashford",
    "Bellmont",
    "Cedar Falls",
    "Dunmore",
    "Elkton",
    "Fairview",
    "Glenwood",
    "Harper",
    "Iron Ridge",
    "Jasper",
    "Kingsley",
    "Lakeview",
]
# One way to name an organization of each kind, "{town}" filled in.
ORGANIZATION_NAMES = {
    "public_library": "{town} Public Library",
    "academic_library": "{town} College Library",
    "school_library": "{town} School District Libraries",
    "special_library": "{town} Hospital Medical Library",
    "tribal_library": "{town} Nation Library",
    "state_library": "State Library Branch at {town}",
    "library_system": "{town} Regional Library System",
    "consortium": "{town} Library Consortium",
    "state_agency": "State Library Agency, {town} Office",
    "state_association": "State Library Association, {town} Section",
    "association_chapter": "{town} Chapter of the Library Association",
    "school_library_association": "{town} School Librarians Association",
    "acrl_chapter": "{town} ACRL Chapter",
    "pla_chapter": "{town} PLA Chapter",
    "friends": "Friends of the {town} Library",
    "trustees": "{town} Library Trustees",
    "foundation": "{town} Library Foundation",
    "lis_school": "{town} School of Information",
    "vendor": "{town} Library Services Inc.",
    "literacy": "{town} Adult Literacy Coalition",
    "other": "{town} Library Network",
}
# 25 kinds of partner x 12 towns = 300 distinct names.
PARTNER_NAMES = [
    ("government", "County Commission"),
    ("government", "Department of Workforce Services"),
    ("government", "Parks and Recreation"),
    ("government", "Police Department"),
    ("nonprofit", "Literacy Council"),
    ("nonprofit", "Food Bank"),
    ("nonprofit", "Boys & Girls Club"),
    ("nonprofit", "Historical Society"),
    ("nonprofit", "Immigrant Welcome Center"),
    ("business", "Chamber of Commerce"),
    ("business", "Credit Union"),
    ("business", "Makers Co-op"),
    ("business", "Hardware & Supply"),
    ("education", "School District"),
    ("education", "Community College"),
    ("education", "Head Start"),
    ("health", "Community Health Center"),
    ("health", "Senior Services"),
    ("health", "Hospital"),
    ("media", "Gazette"),
    ("media", "Public Radio"),
    ("faith", "Interfaith Council"),
    ("philanthropy", "Community Foundation"),
    ("philanthropy", "Rotary Club"),
    ("other", "Garden Club"),
]
TOPICS = [
    "the summer reading challenge",
    "job-search help for adults",
    "the digital literacy classes",
    "early literacy in the clinics",
    "the local history archive",
    "the citizenship classes",
    "the maker space",
    "broadband for rural families",
    "the seed library",
    "homework help after school",
    "the Medicare enrolment evenings",
    "the oral history project",
]
SUMMARIES = [
    "Met their director to talk about {topic}; they want to bring two staff next time.",
    "Call with the program lead about {topic}. Dates are still open.",
    "Emailed the draft flyer for {topic} and asked for their logo.",
    "Joint event on {topic} at the main branch: a full room and a waiting list.",
    "Shared our meeting room and the laptops for {topic}.",
    "Quarterly check-in. They asked whether {topic} could move to Saturdays.",
]
OUTCOMES = [
    "They will cover the printing costs.",
    "Agreed to co-host in the spring.",
    "Need board approval first; expected next month.",
    "Forty-two people came, twelve of them first-time visitors.",
    "",
    "",
]
NEXT_STEPS = [
    "Send the room booking form",
    "Draft the memorandum of understanding",
    "Share attendance figures with their board",
    "Ask about a second location",
    "Invite them to the ecosystem gathering",
    "Follow up on the grant deadline",
]
HARVEST_TITLES = [
    "Spring series on {topic}",
    "A year of {topic}",
    "Pilot of {topic} in three branches",
    "Grant awarded for {topic}",
    "Volunteer team for {topic}",
]
STORIES = [
    "A grandmother who came for {topic} now volunteers twice a week, and brought her "
    "neighbours along. The partner's staff said it was the first program where people "
    "asked for more sessions.",
    "What started as one evening on {topic} became a monthly fixture. The local paper "
    "ran a front-page story, and two council members came to the last session.",
    "Together we reached families neither of us could reach alone: {topic} ran in the "
    "clinic waiting room as well as at the library.",
]
EVIDENCE = [
    "Our {org} took part in {topic} this year, with the same people at most meetings.",
    "Minutes from the last three meetings show {topic} came up, but nobody owns it yet.",
    "{topic} is written into our strategic plan, with a named lead and a yearly review.",
    "Honestly, {topic} depends on one person at the state library.",
    "The spring survey (62 replies) points to {topic} as the strongest part of our work.",
]
ROUND_NEXT_STEPS = [
    "Name a lead for {topic} and put it on every agenda.",
    "Invite the academic and school libraries to plan {topic} with us.",
    "Write down how {topic} works so it survives a change of staff.",
]
ACTIVITIES = [
    "Held a joint planning day on {topic} with {n} member organizations.",
    "Published a shared calendar entry and press note about {topic}.",
    "Trained volunteers from several library types for {topic}.",
    "Presented {topic} to the county commissioners with the partners.",
    "Agreed a cost-sharing formula for {topic} among the systems.",
]
FIRST = ["Ana", "Ben", "Chloé", "Dev", "Eun-ji", "Femi", "Grace", "Hugo", "Ines", "Jamal"]
LAST = ["Abbott", "Baker", "Castillo", "Dubois", "Eriksen", "Fofana", "Garcia", "Huang"]
STRAND_CODES = ["LEAD", "COMM", "COLLAB", "SUST"]  # the shipped Continuum's


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Building the benchmark ecosystem ---------------------------------------------------


@dataclass
class Fixture:
    ecosystem: Any
    coordinator: Any
    counts: dict[str, int]
    built: bool
    build_seconds: float = 0.0


def count_everything(ecosystem: Any) -> dict[str, int]:
    from agendas.models import PlanTask, PublishedAgenda, SignOn, Submission
    from continuum.models import Answer, Response, Round
    from partners.models import (
        Connection,
        Harvest,
        HealthCheck,
        Interaction,
        Partner,
        ProgressEntry,
        WebSnapshot,
    )

    today = _today()
    return {
        "organizations": ecosystem.organizations.count(),
        "members": ecosystem.memberships.count(),
        "partners": Partner.objects.filter(ecosystem=ecosystem).count(),
        "active partners": Partner.objects.filter(ecosystem=ecosystem).active().count(),
        "interactions": Interaction.objects.filter(partner__ecosystem=ecosystem).count(),
        "overdue next steps": Interaction.objects.filter(partner__ecosystem=ecosystem)
        .overdue_next_steps(today)
        .count(),
        "harvests": Harvest.objects.filter(partner__ecosystem=ecosystem).count(),
        "shared harvests": Harvest.objects.filter(
            partner__ecosystem=ecosystem, share_in_reports=True
        ).count(),
        "health checks": HealthCheck.objects.filter(partner__ecosystem=ecosystem).count(),
        "progress entries": ProgressEntry.objects.filter(ecosystem=ecosystem).count(),
        "connections": Connection.objects.filter(ecosystem=ecosystem).count(),
        "web snapshots": WebSnapshot.objects.filter(ecosystem=ecosystem).count(),
        "closed rounds": Round.objects.filter(ecosystem=ecosystem).closed().count(),
        "open rounds": Round.objects.filter(ecosystem=ecosystem).open().count(),
        "submitted responses": Response.objects.filter(round__ecosystem=ecosystem)
        .submitted()
        .count(),
        "answers": Answer.objects.filter(response__round__ecosystem=ecosystem).count(),
        "agenda submissions": Submission.objects.filter(cycle__ecosystem=ecosystem).count(),
        "published agendas": PublishedAgenda.objects.filter(cycle__ecosystem=ecosystem).count(),
        "sign-ons": SignOn.objects.filter(agenda__cycle__ecosystem=ecosystem).count(),
        "plan tasks": PlanTask.objects.filter(ecosystem=ecosystem).count(),
    }


def existing_fixture() -> Fixture | None:
    """The ecosystem built by an earlier run, if it is complete and was built today (the
    data is dated relative to the day it was built)."""
    from ecosystem.models import Ecosystem, Membership, Role
    from partners.models import WebSnapshot

    ecosystem = Ecosystem.objects.filter(slug=SLUG).first()
    if ecosystem is None:
        return None
    snapshot = WebSnapshot.objects.filter(ecosystem=ecosystem).first()
    if (
        snapshot is None
        or snapshot.taken_at.date() != datetime.now(snapshot.taken_at.tzinfo).date()
    ):
        return None
    counts = count_everything(ecosystem)
    expected = {
        "organizations": ORGANIZATIONS,
        "partners": PARTNERS,
        "interactions": INTERACTIONS,
        "closed rounds": ROUNDS,
        "connections": CONNECTIONS,
        "published agendas": 1,
    }
    if any(counts[key] != value for key, value in expected.items()):
        return None
    coordinator = Membership.objects.filter(ecosystem=ecosystem, role=Role.COORDINATOR).first()
    if coordinator is None:
        return None
    return Fixture(ecosystem, coordinator.user, counts, built=False)


def clear() -> None:
    from django.test import override_settings

    from ecosystem.models import Ecosystem, User

    # Everything of the ecosystem goes with it. History off: deleting thousands of rows
    # would otherwise write a historical record for each.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Ecosystem.objects.filter(slug=SLUG).delete()
        User.objects.filter(email__endswith=f"@{SLUG}.bench.invalid").delete()


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def build(seed: int) -> Fixture:
    import random

    from django.db import transaction
    from django.test import override_settings

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 -- repeatable test data, not security
    clear()
    # bulk_create writes no history anyway; the few save()s (services) need none either.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        ecosystem, coordinator, members, organizations = build_people(rng)
        partners = build_partners(rng, ecosystem, members)
        build_logs(rng, partners, members)
        build_progress_record(rng, ecosystem, organizations, partners, members)
        build_webs(rng, ecosystem, organizations, partners, coordinator)
        build_rounds(rng, ecosystem, coordinator)
        build_agendas(rng, ecosystem, organizations, coordinator, members)
    counts = count_everything(ecosystem)
    return Fixture(
        ecosystem, coordinator, counts, built=True, build_seconds=time.perf_counter() - started
    )


def build_people(rng: Any) -> tuple[Any, Any, list[Any], list[Any]]:
    from django.contrib.auth.hashers import make_password

    from ecosystem.models import Ecosystem, Membership, Organization, Role, User

    ecosystem = Ecosystem.objects.create(
        name="Benchmark State Library Ecosystem (whole picture)",
        slug=SLUG,
        region="Benchmark State",
    )
    kinds = list(Organization.Kind)
    organizations = []
    for i in range(ORGANIZATIONS):
        kind = kinds[i % len(kinds)]
        town = TOWNS[i % len(TOWNS)]
        organizations.append(
            Organization(
                ecosystem=ecosystem,
                name=ORGANIZATION_NAMES[kind.value].format(town=town),
                kind=kind,
                city=town,
                contact_name=f"{FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]}",
                contact_email=f"contact{i:02d}@example.org",
                notes="Joined the ecosystem at the founding meeting." if i % 4 == 0 else "",
            )
        )
    organizations = Organization.objects.bulk_create(organizations)
    domain = f"{SLUG}.bench.invalid"
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"member{i:02d}@{domain}",
                full_name=f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]} {i + 1}",
                password=unusable,
            )
            for i in range(CONTRIBUTORS)
        ]
        + [User(email=f"coordinator@{domain}", full_name="Bench Coordinator", password=unusable)]
    )
    coordinator = users[-1]
    # Contributors speak for every second organization, so every kind group has a voice.
    represented = organizations[::2][:CONTRIBUTORS]
    Membership.objects.bulk_create(
        [
            Membership(user=user, ecosystem=ecosystem, role=Role.CONTRIBUTOR, organization=org)
            for user, org in zip(users[:-1], represented, strict=True)
        ]
        + [Membership(user=coordinator, ecosystem=ecosystem, role=Role.COORDINATOR)]
    )
    return ecosystem, coordinator, users, organizations


def build_partners(rng: Any, ecosystem: Any, members: list[Any]) -> list[Any]:
    from partners.models import Contact, Formalization, Partner, Phase, Stage

    today = _today()
    stages, phases, forms = list(Stage), list(Phase), list(Formalization)
    partners = []
    for i in range(PARTNERS):
        sector, noun = PARTNER_NAMES[i % len(PARTNER_NAMES)]
        town = TOWNS[(i // len(PARTNER_NAMES)) % len(TOWNS)]
        topic = rng.choice(TOPICS)
        roll = rng.random()
        status = (
            Partner.Status.ACTIVE
            if roll < 0.8
            else Partner.Status.PAUSED
            if roll < 0.9
            else Partner.Status.ENDED
        )
        ended = status == Partner.Status.ENDED
        partners.append(
            Partner(
                ecosystem=ecosystem,
                name=f"{town} {noun}",
                sector=sector,
                library_lead=rng.choice(members),
                partner_needs=f"A place and a trusted name for {topic}.",
                interests=f"Reaching more residents of {town}; {topic}.",
                expertise="Staff who know the neighbourhoods, and a mailing list of 2,000.",
                library_brings="Rooms, computers, and librarians in every branch.",
                shared_goal=capitalized(f"{topic} for everyone in {town}, all year round."),
                stage=rng.choice(stages),
                phase=rng.choice(phases),
                formalization=rng.choice(forms),
                status=status,
                ended_on=today - timedelta(days=rng.randint(30, 400)) if ended else None,
                ending_reason="Their funding for the program ended." if ended else "",
                lessons_learned="Agree who owns the follow-up before the first event."
                if ended
                else "",
            )
        )
    partners = Partner.objects.bulk_create(partners)
    Contact.objects.bulk_create(
        Contact(
            partner=partner,
            name=f"{FIRST[(i * 3) % len(FIRST)]} {LAST[i % len(LAST)]}",
            role="Program director",
            email=f"contact{i:03d}@partner.example",
        )
        for i, partner in enumerate(partners)
    )
    return partners


def build_logs(rng: Any, partners: list[Any], members: list[Any]) -> None:
    """Interactions (a few partners never contacted, most a handful, some dozens), harvests,
    health checks and last year's reflections."""
    from partners.models import Harvest, HealthCheck, Interaction, Partner, Reflection

    today = _today()
    kinds = list(Interaction.Kind)
    weights = [0.0] * 12 + [rng.paretovariate(1.5) for _ in partners[12:]]
    interactions = []
    for partner in rng.choices(partners, weights=weights, k=INTERACTIONS):
        planned = rng.random() < 0.03
        when = (
            today + timedelta(days=rng.randint(1, 30))
            if planned
            else today - timedelta(days=rng.randint(0, 730))
        )
        topic = rng.choice(TOPICS)
        next_step, due, done = "", None, False
        if rng.random() < 0.45:
            next_step = rng.choice(NEXT_STEPS)
            due = when + timedelta(days=rng.randint(7, 60))
            done = due < today and rng.random() < 0.85
        interactions.append(
            Interaction(
                partner=partner,
                date=when,
                kind=rng.choice(kinds),
                summary=rng.choice(SUMMARIES).format(topic=topic),
                participants=", ".join(rng.sample(FIRST, rng.randint(1, 3))),
                outcome=rng.choice(OUTCOMES),
                next_step=next_step,
                next_step_due=due,
                next_step_done=done,
                recorded_by=rng.choice(members),
            )
        )
    Interaction.objects.bulk_create(interactions, batch_size=1000)

    working = [p for p in partners if p.status != Partner.Status.ENDED]
    harvests = []
    for _ in range(HARVESTS):
        topic = rng.choice(TOPICS)
        harvests.append(
            Harvest(
                partner=rng.choice(working),
                date=today - timedelta(days=rng.randint(0, 730)),
                title=capitalized(rng.choice(HARVEST_TITLES).format(topic=topic)),
                people_reached=rng.choice([None, rng.randint(10, 900)]),
                sessions_held=rng.choice([None, rng.randint(1, 40)]),
                dollars_raised=rng.choice([None, None, rng.randint(500, 25_000)]),
                story=rng.choice(STORIES).format(topic=topic),
                share_in_reports=rng.random() < 0.5,
                recorded_by=rng.choice(members),
            )
        )
    Harvest.objects.bulk_create(harvests)

    checks = []
    for partner in rng.sample(partners, 220):
        for _ in range(rng.randint(1, 3)):
            checks.append(
                HealthCheck(
                    partner=partner,
                    date=today - timedelta(days=rng.randint(0, 730)),
                    interests=rng.randint(1, 4),
                    adaptability=rng.randint(1, 4),
                    communication=rng.randint(1, 4),
                    ownership=rng.randint(1, 4),
                    notes=rng.choice(["", "Talked it through at the quarterly check-in."]),
                    checked_by=rng.choice(members),
                )
            )
    HealthCheck.objects.bulk_create(checks)

    decisions = list(Reflection.Decision)
    Reflection.objects.bulk_create(
        Reflection(
            partner=partner,
            year=today.year - 1,
            what_worked="Regular meetings and one shared calendar.",
            what_did_not="Follow-up after events was slow.",
            what_to_change="Name one contact on each side.",
            decision=rng.choice(decisions),
            written_by=rng.choice(members),
        )
        for partner in rng.sample(partners, 120)
    )


def build_progress_record(
    rng: Any, ecosystem: Any, organizations: list[Any], partners: list[Any], members: list[Any]
) -> None:
    from partners.models import ProgressEntry

    today = _today()
    entries = []
    for _ in range(PROGRESS_ENTRIES):
        strand = rng.choice(STRAND_CODES)
        topic = rng.choice(TOPICS)
        entries.append(
            ProgressEntry(
                ecosystem=ecosystem,
                date=today - timedelta(days=rng.randint(0, 730)),
                strand_code=strand,
                indicator_code=f"{strand}-{rng.randint(1, 5)}" if rng.random() < 0.6 else "",
                activity=rng.choice(ACTIVITIES).format(topic=topic, n=rng.randint(3, 12)),
                outcome=rng.choice(OUTCOMES) or "Minutes and the attendance list are on file.",
                evidence=rng.choice(["", "Sign-in sheets; the joint press release."]),
                next_step=rng.choice(["", "Repeat it in the autumn with the school libraries."]),
                recorded_by=rng.choice(members),
            )
        )
    entries = ProgressEntry.objects.bulk_create(entries)
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


def build_webs(
    rng: Any, ecosystem: Any, organizations: list[Any], partners: list[Any], coordinator: Any
) -> None:
    """150 ties (about 60 % between organizations, the rest to partners); last year's
    snapshot was taken before the last 25 were added and before some ties grew stronger."""
    from partners.models import Connection
    from partners.webs.graph import take_snapshot

    today = _today()
    kinds = list(Connection.Kind)
    pairs: set[tuple[str, int, int]] = set()
    # The last 8 organizations are left out of every tie: "present, not connected".
    tied = organizations[:-8]
    while len(pairs) < CONNECTIONS:
        org = rng.choice(tied)
        if rng.random() < 0.6:
            other = rng.choice(tied)
            if other.pk == org.pk:
                continue
            key = ("o", min(org.pk, other.pk), max(org.pk, other.pk))
        else:
            key = ("p", org.pk, rng.choice(partners).pk)
        pairs.add(key)
    connections = []
    for kind, first, second in sorted(pairs):
        connections.append(
            Connection(
                ecosystem=ecosystem,
                organization_id=first,
                other_organization_id=second if kind == "o" else None,
                partner_id=second if kind == "p" else None,
                kind=rng.choice(kinds),
                strength=rng.choice([1, 2, 2, 3]),
                since=rng.choice([None, today - timedelta(days=rng.randint(100, 3000))]),
                notes=rng.choice(["", "", "Monthly call; shared newsletter."]),
                created_by=coordinator,
            )
        )
    rng.shuffle(connections)
    Connection.objects.bulk_create(connections[:CONNECTIONS_BEFORE_SNAPSHOT])
    take_snapshot(ecosystem, today.year - 1, coordinator)
    Connection.objects.bulk_create(connections[CONNECTIONS_BEFORE_SNAPSHOT:])
    stronger = [c.pk for c in connections[:CONNECTIONS_BEFORE_SNAPSHOT] if c.strength < 3][:15]
    Connection.objects.filter(pk__in=stronger).update(strength=3)


def build_rounds(rng: Any, ecosystem: Any, coordinator: Any) -> None:
    """Ten closed quarterly rounds of the shipped Continuum, 30 respondents each, all
    answers given (ratings creep up over the rounds, SUST the weakest strand); plus one
    open round, 12 submitted and 6 started, so the dashboard's "open rounds" panel has one."""
    from django.utils import timezone

    from continuum import services
    from continuum.models import Answer, Consensus, Instrument, Level, Response, Round
    from ecosystem.models import Membership, Role

    version = Instrument.objects.get(slug="ecosystem-continuum").latest_published()
    assert version is not None, "the Continuum is shipped by a migration"
    invitees = list(
        Membership.objects.filter(ecosystem=ecosystem, role=Role.CONTRIBUTOR).select_related(
            "user", "organization"
        )
    )
    levels = list(Level.objects.filter(version=version).order_by("value"))
    indicators = list(version.indicators.select_related("strand").order_by("pk"))
    centre = {
        ind.pk: rng.uniform(1.4, 2.2) if ind.strand.code == "SUST" else rng.uniform(1.8, 2.8)
        for ind in indicators
    }
    now = timezone.now()

    def answer_all(response: Any, k: int, which: list[Any], lean: float) -> list[Any]:
        org = response.organization.name if response.organization else "library"
        rows = []
        for ind in which:
            raw = centre[ind.pk] + 0.08 * k + lean + rng.gauss(0, 0.6)
            level = levels[min(len(levels) - 1, max(0, int(raw + 0.5) - 1))]
            topic = rng.choice(TOPICS)
            rows.append(
                Answer(
                    response=response,
                    indicator=ind,
                    level=level,
                    evidence=capitalized(rng.choice(EVIDENCE).format(org=org, topic=topic))
                    if rng.random() < 0.5
                    else "",
                    next_step=rng.choice(ROUND_NEXT_STEPS).format(topic=topic)
                    if rng.random() < 0.3
                    else "",
                )
            )
        return rows

    answers: list[Any] = []
    consensus = []
    for k in range(ROUNDS + 1):
        is_open = k == ROUNDS
        quarters_ago = ROUNDS - 1 - k
        opened = now - timedelta(days=10 if is_open else 30 + 91 * quarters_ago)
        if is_open:
            period = f"{opened:%B %Y}"
            title = f"Mid-quarter pulse, {period}"
        else:
            period = f"{opened.year} Q{(opened.month - 1) // 3 + 1}"
            title = f"Quarterly check, {period}"
        round = services.open_round(
            ecosystem,
            version=version,
            title=title,
            period=period,
            due_date=(opened + timedelta(days=30)).date(),
            anonymous=False,
            disagreement_threshold=2,
            invitees=invitees,
            opened_by=coordinator,
        )
        responses = list(round.responses.select_related("organization").order_by("pk"))
        if is_open:
            Round.objects.filter(pk=round.pk).update(opened_at=opened)
            submitted, started = responses[:12], responses[12:18]
            Response.objects.filter(pk__in=[r.pk for r in submitted]).update(
                started_at=opened, submitted_at=now - timedelta(days=2)
            )
            Response.objects.filter(pk__in=[r.pk for r in started]).update(started_at=opened)
            for response in submitted:
                answers += answer_all(response, k, indicators, rng.gauss(0, 0.4))
            for response in started:
                answers += answer_all(response, k, indicators[:10], rng.gauss(0, 0.4))
            continue
        closed = opened + timedelta(days=21)
        Round.objects.filter(pk=round.pk).update(
            opened_at=opened, status=Round.Status.CLOSED, closed_at=closed
        )
        Response.objects.filter(round=round).update(
            started_at=opened + timedelta(days=2), submitted_at=opened + timedelta(days=14)
        )
        for response in responses:
            answers += answer_all(response, k, indicators, rng.gauss(0, 0.4))
        for ind in rng.sample(indicators, 3):
            consensus.append(
                Consensus(
                    round=round,
                    indicator=ind,
                    level=levels[min(len(levels) - 1, int(centre[ind.pk] + 0.08 * k))],
                    rationale="Agreed at the steering group after comparing the evidence.",
                    recorded_by=coordinator,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=1000)
    Consensus.objects.bulk_create(consensus)


def build_agendas(
    rng: Any, ecosystem: Any, organizations: list[Any], coordinator: Any, members: list[Any]
) -> None:
    """Last session's cycle, consolidated, published (in December) with 45 sign-ons; the
    coming session's cycle gathering input (22 organizations, 16 sent); the year plan of
    both, generated from the shipped checklist, past tasks mostly done."""
    from agendas import services
    from agendas.models import (
        AdvocacyIssue,
        LegislativeIssue,
        PlanTask,
        Priority,
        PublishedAgenda,
        Score,
        SignOn,
        Submission,
    )
    from agendas.plan import generate_plan

    today = _today()
    libraries = ["public_library", "academic_library", "school_library", "tribal_library"]

    def gather(cycle: Any, senders: list[Any], sent: int, when: Any) -> list[Any]:
        submissions = Submission.objects.bulk_create(
            Submission(
                cycle=cycle,
                organization=org,
                top_concerns="Keeping doors open longer with flat funding.",
                current_initiatives=f"Working on {rng.choice(TOPICS)}.",
                submitted_at=when if index < sent else None,
                submitted_by=rng.choice(members) if index < sent else None,
            )
            for index, org in enumerate(senders)
        )
        issues = []
        for submission in submissions:
            for _ in range(rng.randint(1, 2)):
                topic = rng.choice(TOPICS)
                issues.append(
                    LegislativeIssue(
                        submission=submission,
                        title=capitalized(f"State funding for {topic}"),
                        description=f"Libraries carry {topic} without a budget line.",
                        library_types=rng.sample(libraries, rng.randint(1, 3)),
                        ask=f"A grant line for {topic} in the education budget.",
                        urgency=rng.randint(1, 4),
                    )
                )
        LegislativeIssue.objects.bulk_create(issues)
        AdvocacyIssue.objects.bulk_create(
            AdvocacyIssue(
                submission=submission,
                title="Libraries change lives",
                audience="Parents, employers and county officials",
                message=f"Every week the library makes {rng.choice(TOPICS)} possible.",
            )
            for submission in submissions
            if rng.random() < 0.5
        )
        return submissions

    last = services.create_cycle(
        ecosystem,
        title=f"{today.year} legislative session",
        session_start=date(today.year, 1, 12),
        session_end=date(today.year, 5, 15),
        input_deadline=date(today.year - 1, 11, 15),
        created_by=coordinator,
        introduction="Every kind of library in the state stands behind these priorities.",
    )
    senders = rng.sample(organizations, 36)
    gather(last, senders, 36, datetime(today.year - 1, 11, 10, 12, 0, tzinfo=UTC))
    legislative = list(LegislativeIssue.objects.filter(submission__cycle=last))
    advocacy = list(AdvocacyIssue.objects.filter(submission__cycle=last))
    criteria = list(last.criteria.all())
    voters = members[:20]
    scores = []
    for n in range(8):
        kind = Priority.Kind.LEGISLATIVE if n < 6 else Priority.Kind.PUBLIC
        priority = Priority.objects.create(
            cycle=last,
            title=capitalized(f"{TOPICS[n]} in every community"),
            kind=kind,
            summary="Merged from the input of several organizations.",
            talking_points="It reaches every county.\nIt costs little.\nIt works today.",
        )
        if kind == Priority.Kind.LEGISLATIVE:
            priority.legislative_issues.add(*rng.sample(legislative, rng.randint(3, 8)))
        else:
            priority.advocacy_issues.add(*rng.sample(advocacy, min(len(advocacy), 6)))
        scores += [
            Score(priority=priority, criterion=c, user=v, value=rng.randint(1, 5))
            for v in voters
            for c in criteria
        ]
    Score.objects.bulk_create(scores)
    agenda = services.publish_agenda(last, coordinator, accept_gaps=True)
    published_at = datetime(today.year - 1, 12, 10, 12, 0, tzinfo=UTC)
    PublishedAgenda.objects.filter(pk=agenda.pk).update(published_at=published_at)
    SignOn.objects.bulk_create(
        SignOn(
            agenda=agenda,
            organization=org,
            signed_by=rng.choice(members),
            signed_at=published_at + timedelta(days=rng.randint(1, 40)),
        )
        for org in rng.sample(organizations, 45)
    )

    current = services.create_cycle(
        ecosystem,
        title=f"{today.year + 1} legislative session",
        session_start=date(today.year + 1, 1, 11),
        session_end=date(today.year + 1, 5, 14),
        input_deadline=today + timedelta(days=21),
        created_by=coordinator,
    )
    gather(current, rng.sample(organizations, 22), 16, datetime.now(UTC))

    generate_plan(last, owner=coordinator)
    generate_plan(current, owner=coordinator)
    tasks = list(PlanTask.objects.filter(ecosystem=ecosystem).order_by("due_date", "pk"))
    done = []
    for index, task in enumerate(tasks):
        task.owner = members[index % len(members)]
        if task.due_date < today - timedelta(days=14) and index % 4:
            done.append(task.pk)
    PlanTask.objects.bulk_update(tasks, ["owner"])
    PlanTask.objects.filter(pk__in=done).update(
        status=PlanTask.Status.DONE, done_at=datetime.now(UTC)
    )


# --- Measuring ----------------------------------------------------------------------------


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def timed_get(client: Any, url: str) -> tuple[float, Any]:
    started = time.perf_counter()
    # As HTTPS, the way production serves it (no redirect even with SECURE_SSL_REDIRECT).
    response = client.get(url, secure=True)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return elapsed, response


@dataclass
class PageTiming:
    seconds: list[float]
    first: float
    queries: int
    size: int


def measure_page(client: Any, url: str, runs: int, warmup: int) -> PageTiming:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    first, response = timed_get(client, url)
    for _ in range(max(0, warmup - 1)):
        timed_get(client, url)
    # The query log keeps at most 9,000 entries and migrate or the build can fill it: a
    # full log stops growing, and the capture would count nothing.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        _, response = timed_get(client, url)
    count = len(queries)  # read now: the next request empties the connection's log
    seconds = [timed_get(client, url)[0] for _ in range(runs)]
    return PageTiming(seconds, first, count, len(response.content))


def report_options(months: int) -> dict[str, Any]:
    from ecosystem.overview.reports.report import SECTION_KEYS

    end = _today()
    start = end - timedelta(days=round(months * 365.25 / 12))
    return {"sections": list(SECTION_KEYS), "start": start.isoformat(), "end": end.isoformat()}


def max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def report_only(runs: int, months: int, breakdown: bool, save_pdf: str = "") -> dict[str, Any]:
    """In a fresh process: render the report ``runs`` times as the worker does and measure
    the time of each, the process's peak memory, and the queries of the first."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from ecosystem.models import Ecosystem
    from ecosystem.overview.reports.report import render_report

    ecosystem = Ecosystem.objects.get(slug=SLUG)
    options = report_options(months)
    result: dict[str, Any] = {"options": options, "rss_before_mb": max_rss_mb(), "runs": []}
    for run in range(runs):
        marks: list[tuple[str, float]] = []

        def progress(percent: int, step: str, marks: list[tuple[str, float]] = marks) -> None:
            marks.append((step, time.perf_counter()))

        reset_queries()
        started, cpu = time.perf_counter(), time.process_time()
        if run == 0:
            with CaptureQueriesContext(connection) as queries:
                rendered = render_report(ecosystem, options, progress)
            result["queries"] = len(queries)
        else:
            rendered = render_report(ecosystem, options, progress)
        ended = time.perf_counter()
        steps = [
            (step, round(((marks[i + 1][1] if i + 1 < len(marks) else ended) - at), 3))
            for i, (step, at) in enumerate(marks)
        ]
        result["runs"].append(
            {
                "seconds": ended - started,
                "cpu_seconds": time.process_time() - cpu,
                "rss_after_mb": max_rss_mb(),
                "steps": steps,
            }
        )
        result["pages"] = rendered.page_count
        result["bytes"] = len(rendered.pdf)
    if save_pdf:
        Path(save_pdf).write_bytes(rendered.pdf)
    result["peak_rss_mb"] = max_rss_mb()
    if breakdown:
        result["breakdown"] = report_breakdown(ecosystem, options)
    return result


def report_breakdown(ecosystem: Any, options: dict[str, Any]) -> dict[str, float]:
    """The same render split into its stages, the way ecosystem.pdf.render_document does
    them (for finding where the time goes; not part of the timed runs)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from ecosystem.overview.reports.report import parse_options, report_context
    from ecosystem.pdf import PDF_ORIGIN, base_stylesheet, url_fetcher

    marks = [time.perf_counter()]
    sections, period = parse_options(options)
    context = report_context(ecosystem, sections, period)
    marks.append(time.perf_counter())
    html = render_to_string("ecosystem/reports/report.html", context)
    marks.append(time.perf_counter())
    document = HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=url_fetcher()).render(
        stylesheets=[base_stylesheet()], pdf_variant="pdf/ua-1"
    )
    marks.append(time.perf_counter())
    document.write_pdf(pdf_variant="pdf/ua-1")
    marks.append(time.perf_counter())
    names = ["gather (queries + charts)", "template to HTML", "WeasyPrint layout", "write PDF"]
    result = {name: round(marks[i + 1] - marks[i], 3) for i, name in enumerate(names)}
    result["html_kb"] = round(len(html) / 1024)
    return result


def run_report_subprocess(
    runs: int, months: int, breakdown: bool, save_pdf: str = ""
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--report-only",
        "--report-runs",
        str(runs),
        "--months",
        str(months),
    ]
    if not breakdown:
        command.append("--no-breakdown")
    if save_pdf:
        command += ["--save-pdf", str(Path(save_pdf).resolve())]
    completed = subprocess.run(  # noqa: S603 -- our own interpreter and script
        command, capture_output=True, text=True, env=os.environ.copy(), cwd=ROOT, check=False
    )
    for line in completed.stdout.splitlines():
        if line.startswith(REPORT_MARKER):
            return dict(json.loads(line[len(REPORT_MARKER) :]))
    sys.stderr.write(completed.stdout + completed.stderr)
    raise SystemExit(f"The report process failed (exit status {completed.returncode}).")


def panel_timings(ecosystem: Any, coordinator: Any, calls: int = 15) -> dict[str, float]:
    """Each panel of the dashboard on its own (median ms of ``calls`` calls, outside the
    request), to see which one the page's time goes to. Empty if the dashboard module's
    functions have changed shape."""
    from django.utils import timezone

    from ecosystem.models import Membership
    from ecosystem.overview import dashboard

    membership = Membership.objects.get(ecosystem=ecosystem, user=coordinator)
    today = timezone.localdate()
    panels = {
        "continuum (latest round vs the one before)": lambda: dashboard.continuum_panel(ecosystem),
        "open rounds": lambda: dashboard.open_rounds(ecosystem, membership, today),
        "agenda cycle": lambda: dashboard.agenda_panel(ecosystem, membership, 0, today),
        "overdue tasks": lambda: dashboard.task_panel(ecosystem, today),
        "partners needing attention": lambda: dashboard.attention_panel(ecosystem, today),
        "newest progress entries": lambda: dashboard.progress_panel(ecosystem),
        "the whole dashboard()": lambda: dashboard.dashboard(ecosystem, membership, today),
    }
    result = {}
    try:
        for name, panel in panels.items():
            panel()
            seconds = []
            for _ in range(calls):
                started = time.perf_counter()
                panel()
                seconds.append(time.perf_counter() - started)
            result[name] = statistics.median(seconds) * 1000
    except (AttributeError, TypeError):
        return {}
    return result


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def describe_database() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
    return connection.vendor


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Settings come from the environment, e.g. DJANGO_DEBUG=true "
        "DATABASE_URL=sqlite:////tmp/bench-whole.sqlite3 (see bench/README.md).",
    )
    parser.add_argument("--runs", type=int, default=30, help="timed dashboard GETs (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed dashboard GETs (default 3)")
    parser.add_argument(
        "--report-runs",
        type=int,
        default=3,
        help="report renders in the report's own process, the first shown apart "
        "(default 3; 0 skips the report)",
    )
    parser.add_argument(
        "--months", type=int, default=12, help="the report's period, ending today (default 12)"
    )
    parser.add_argument(
        "--no-breakdown",
        action="store_true",
        help="skip the extra, untimed render split into gather / template / layout / write",
    )
    parser.add_argument(
        "--save-pdf", metavar="PATH", default="", help="keep the last rendered report there"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed for the data")
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the benchmark data even if it exists"
    )
    parser.add_argument("--report-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.report_runs < 0 or args.months < 1:
        parser.error("need --runs >= 1, --report-runs >= 0, --months >= 1")

    setup_django()

    if args.report_only:
        result = report_only(
            max(1, args.report_runs), args.months, not args.no_breakdown, args.save_pdf
        )
        print(REPORT_MARKER + json.dumps(result))
        return 0

    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    whole = time.perf_counter()
    database = describe_database()
    print(f"Database: {database}; DEBUG={settings.DEBUG}; load average {load_average()}")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    fixture = None if args.rebuild else existing_fixture()
    if fixture is None:
        fixture = build(args.seed)
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would have them in production soon after
        # a bulk load (without them the planner guesses one partner per ecosystem).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    origin = f"built in {fixture.build_seconds:.1f} s" if fixture.built else "reused"
    print(f"Data ({origin}): " + ", ".join(f"{v:,} {k}" for k, v in fixture.counts.items()))

    client = Client(HTTP_HOST="localhost")
    client.force_login(fixture.coordinator)
    url = reverse("ecosystem:home", kwargs={"ecosystem_slug": SLUG})
    page = measure_page(client, url, args.runs, args.warmup)
    panels = panel_timings(fixture.ecosystem, fixture.coordinator)
    print(f"Dashboard measured (load average {load_average()})")

    report = None
    if args.report_runs > 0:
        started = time.perf_counter()
        report = run_report_subprocess(
            args.report_runs, args.months, not args.no_breakdown, args.save_pdf
        )
        print(
            f"Report measured in its own process: {time.perf_counter() - started:.1f} s "
            f"(load average {load_average()})"
        )

    try:
        from importlib.metadata import version

        weasyprint = f", WeasyPrint {version('weasyprint')}"
    except Exception:
        weasyprint = ""
    print()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"Django {django.get_version()}{weasyprint}, {os.cpu_count()} CPUs "
        f"(load average {load_average()}), {database}, DEBUG={settings.DEBUG}"
    )
    ms = [s * 1000 for s in page.seconds]
    verdict = "met" if statistics.median(ms) < REQUIREMENT_PAGE_MS else "NOT met"
    print(
        f"Dashboard  {len(ms)} runs: median {statistics.median(ms):.0f} ms, "
        f"p95 {percentile(ms, 95):.0f} ms, min {min(ms):.0f} ms, max {max(ms):.0f} ms "
        f"(first {page.first * 1000:.0f} ms); {page.queries} queries, "
        f"{page.size / 1024:.0f} kB  -> median < {REQUIREMENT_PAGE_MS:g} ms: {verdict}"
    )
    if panels:
        print("Dashboard panels on their own (median of 15 calls, outside the request):")
        for name, ms_each in panels.items():
            print(f"           {ms_each:7.1f} ms  {name}")
    if report is not None:
        runs = report["runs"]
        first, rest = runs[0], runs[1:] or runs[:1]
        times = [r["seconds"] for r in rest]
        slowest = max(r["seconds"] for r in runs)
        print(
            f"Report     {report['options']['start']} to {report['options']['end']}, all "
            f"sections: {report['pages']} pages, {report['bytes'] / 1024:.0f} kB, "
            f"{report.get('queries', '?')} queries"
        )
        print(
            f"           first {first['seconds']:.2f} s (imports WeasyPrint), then "
            + ", ".join(f"{t:.2f} s" for t in times)
            + f" (median {statistics.median(times):.2f} s; CPU "
            + ", ".join(f"{r['cpu_seconds']:.2f}" for r in runs)
            + " s)"
        )
        print(
            f"           -> every run < {REQUIREMENT_REPORT_S:g} s: "
            f"{'met' if slowest < REQUIREMENT_REPORT_S else 'NOT met'} (slowest {slowest:.2f} s)"
        )
        peak = report["peak_rss_mb"]
        print(
            f"Memory     report process peak {peak:.0f} MB (before rendering "
            f"{report['rss_before_mb']:.0f} MB; after each run "
            + ", ".join(f"{r['rss_after_mb']:.0f}" for r in runs)
            + f" MB) -> < {REQUIREMENT_MEMORY_MB:g} MB: "
            f"{'met' if peak < REQUIREMENT_MEMORY_MB else 'NOT met'}"
        )
        print("Steps of the last run (from the progress callback, as the worker reports them):")
        for step, seconds in runs[-1]["steps"]:
            print(f"           {seconds:7.2f} s  {step}")
        if "breakdown" in report:
            print("Breakdown (an extra untimed render, split by stage):")
            for name, value in report["breakdown"].items():
                unit = " kB" if name.endswith("_kb") else " s"
                print(f"           {value:>7}{unit}  {name}")
    print(f"\nWhole run: {time.perf_counter() - whole:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
