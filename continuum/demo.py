"""Demo self-assessments for seed_demo: two closed yearly rounds, one open, and a closed
autumn round that focused on the Communication strand alone, with varied answers.

The answers are made up but deterministic (the same every run): each indicator has a
"true" level that rises from one year to the next, and each respondent's answer strays
from it a little, sometimes a lot, so the results show both agreement and disagreement.
Now and then a respondent is "not sure", more often on the contested indicators. A few
colleagues answer for libraries another demo member already speaks for, and one person
for no organization, so results per organization differ from results per person.
"""

from __future__ import annotations

import math
import random
import zlib
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ecosystem.management.demo import PEOPLE
from ecosystem.models import Ecosystem, Membership, Role, User

from .models import (
    Answer,
    Consensus,
    Indicator,
    Instrument,
    InstrumentVersion,
    Level,
    Resource,
    Response,
    Round,
    Strand,
    Topic,
)
from .results import round_results
from .services import adapt, invite, publish


def rounds_to_seed() -> list[tuple[str, str, bool, float, datetime, list[str] | None]]:
    """Title, period, closed?, growth since the first year, when each round opened, and
    the strands it covers (None: all): one a spring two years ago, one last spring, one
    open now, and last autumn a short round on Communication alone. The focus round
    comes last so the others keep their numbers, and so their answers."""
    now = timezone.now()
    year = timezone.localdate().year
    spring = [timezone.make_aware(datetime(y, 4, 1, 10)) for y in (year - 2, year - 1)]
    autumn = timezone.make_aware(datetime(year - 1, 10, 1, 10))
    return [
        (f"{year - 2} self-assessment", str(year - 2), True, 0.0, spring[0], None),
        (f"{year - 1} self-assessment", str(year - 1), True, 0.6, spring[1], None),
        (f"{year} self-assessment", str(year), False, 0.9, now - timedelta(days=10), None),
        (f"{year - 1} focus: Communication", f"Autumn {year - 1}", True, 0.75, autumn, ["COMM"]),
    ]


SIGN_INS = {email for email, *_ in PEOPLE}
STRAND_BASELINE = {"LEAD": 2.3, "COMM": 1.9, "COLLAB": 2.4, "SUST": 1.5}

EVIDENCE = [
    "We talked this through at the spring meeting and most members agreed.",
    "Our library takes part, but the smaller libraries near us have not been able to.",
    "The minutes of the last three meetings show this happening regularly.",
    "It depends on one or two people; when they are away, it stops.",
    "We started this last year and it is slowly catching on.",
    "School and academic libraries told us they do not feel included yet.",
    "The legislative day showed it clearly: everyone carried the same message.",
    "I have not seen much of this outside the association's board.",
]
NEXT_STEPS = [
    "Invite the school library association to co-chair the next meeting.",
    "Set up a shared calendar that every member organization can add to.",
    "Offer a remote option at every meeting.",
    "Write down who speaks for each organization and share the list.",
    "Collect one local story from each member before the session opens.",
    "Ask a second person to shadow each key role this year.",
]


# Colleagues who answer the self-assessments too (they do not sign in to the demo): two
# more voices for the Capital City Public Library, one more for the state university's
# libraries, and a retired librarian who answers for no organization.
COLLEAGUES = [
    ("amara.okafor@demo.example", "Amara Okafor", "Capital City Public Library"),
    ("tomas.lindqvist@demo.example", "Tomas Lindqvist", "Capital City Public Library"),
    ("mei.chen@demo.example", "Mei Chen", "Riverland State University Libraries"),
    ("ruth.abernathy@demo.example", "Ruth Abernathy", None),
]


def add_colleagues(ecosystem: Ecosystem) -> int:
    """The colleagues' memberships, where the organizations they answer for exist."""
    organizations = {org.name: org for org in ecosystem.organizations.all()}
    # Like every demo person, they share the demo password: the coordinator's hash.
    coordinator = (
        Membership.objects.for_ecosystem(ecosystem)
        .filter(role=Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    password = coordinator.user.password if coordinator else make_password(None)
    created = 0
    for email, full_name, organization in COLLEAGUES:
        if organization is not None and organization not in organizations:
            continue  # another ecosystem's demo: not these libraries
        user, new_user = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "password": password}
        )
        _, new = Membership.objects.get_or_create(
            user=user,
            ecosystem=ecosystem,
            defaults={
                "role": Role.CONTRIBUTOR,
                "organization": organizations.get(organization) if organization else None,
            },
        )
        created += new_user + new
    return created


def seed(ecosystem: Ecosystem) -> int:
    """Add the demo rounds to ``ecosystem`` unless they are there; returns records added."""
    instrument = Instrument.objects.filter(slug="ecosystem-continuum").first()
    version = instrument.latest_published() if instrument else None
    if version is None:
        return 0
    if Round.objects.filter(ecosystem=ecosystem).exists():
        return 0  # seeded before; the colleagues came with the rounds
    created = add_colleagues(ecosystem)
    members = list(
        Membership.objects.for_ecosystem(ecosystem)
        .filter(role__gte=Role.CONTRIBUTOR)
        .select_related("user", "organization")
        .order_by("user__email")
    )
    coordinator = next((m.user for m in members if m.role == Role.COORDINATOR), None)
    levels = list(Level.objects.filter(version=version).order_by("value"))
    indicators = list(
        version.indicators.select_related("strand").order_by("strand__position", "position")
    )
    for number, (title, period, closed, growth, opened, codes) in enumerate(rounds_to_seed()):
        if Round.objects.filter(ecosystem=ecosystem, period=period).exists():
            continue
        round = Round.objects.create(
            ecosystem=ecosystem,
            version=version,
            title=title,
            period=period,
            due_date=(opened + timedelta(days=24)).date(),
            anonymous=False,
            opened_by=coordinator,
            opened_at=opened,
            status=Round.Status.CLOSED if closed else Round.Status.OPEN,
            closed_at=opened + timedelta(days=28) if closed else None,
        )
        covered = indicators
        if codes:
            round.strands.set(version.strands.filter(code__in=codes))
            covered = [i for i in indicators if i.strand.code in codes]
        invite(round, members)
        created += 1 + len(members)
        # A strand chosen for focus is usually one the members see differently.
        contested = 2 if codes else 6
        created += answer_round(round, covered, levels, growth, closed, number, contested)
        if closed and coordinator:
            # The focus round agreed on one indicator so far: the rest await the group.
            created += agree_on_levels(round, levels, coordinator, limit=1 if codes else 4)
    created += _adapted_continuum(ecosystem, version)
    created += _own_resources(ecosystem)
    return created


# The demo ecosystem's own wording of the Continuum: a state where school and academic
# libraries asked to be named, and the scale's first step renamed to sound less final.
ADAPTED_LEVELS = {1: "Just beginning"}
ADAPTED_STRANDS = {"COLLAB": "Collaboration across school, academic and public libraries"}

OWN_RESOURCES = [
    {
        "title": "Minutes of the spring ecosystem summit",
        "kind": Resource.Kind.CASE_STUDY,
        "source": "Kept by the association's secretary on the shared drive",
        "summary": "What the summit agreed on shared messaging, and who follows up on each point.",
        "strands": ["COMM", "LEAD"],
        "topics": ["Meetings"],
    },
    {
        "title": "Directory of school library contacts",
        "kind": Resource.Kind.GUIDE,
        "source": "State school library association, member directory",
        "summary": "Names to call when the public and school libraries plan something together.",
        "strands": ["COLLAB"],
        "topics": ["Partnerships"],
    },
]


def _adapted_continuum(ecosystem: Ecosystem, version: InstrumentVersion) -> int:
    """The ecosystem's own Continuum, published, unless it has one already."""
    if Instrument.objects.for_ecosystem(ecosystem).exists():
        return 0
    draft = adapt(version, ecosystem)
    for level in draft.levels.filter(value__in=ADAPTED_LEVELS):
        level.label = ADAPTED_LEVELS[level.value]
        level.save(update_fields=["label"])
    for strand in draft.strands.filter(code__in=ADAPTED_STRANDS):
        strand.name = ADAPTED_STRANDS[strand.code]
        strand.save(update_fields=["name"])
    draft.notes = "Our state's wording: the first level renamed, collaboration names all types."
    draft.save(update_fields=["notes"])
    publish(draft)
    return 1


def _own_resources(ecosystem: Ecosystem) -> int:
    created = 0
    for entry in OWN_RESOURCES:
        resource, new = Resource.objects.get_or_create(
            ecosystem=ecosystem,
            title=entry["title"],
            defaults={
                "kind": entry["kind"],
                "source": entry["source"],
                "summary": entry["summary"],
            },
        )
        if not new:
            continue
        created += 1
        resource.strands.set(
            Strand.objects.filter(
                code__in=entry["strands"],
                version__instrument__slug="ecosystem-continuum",
                version__status="published",
            )
        )
        resource.topics.set(Topic.objects.filter(name__in=entry["topics"]))
    return created


def answer_round(
    round: Round,
    indicators: list[Indicator],
    levels: list[Level],
    growth: float,
    closed: bool,
    number: int,
    contested: int,
) -> int:
    rng = random.Random(f"demo-{number}")  # noqa: S311 -- demo data, not security
    # A draw of its own, so "not sure" leaves every other answer as it was.
    doubt = random.Random(f"demo-not-sure-{number}")  # noqa: S311 -- demo data, not security
    answers = []
    responses = Response.objects.filter(round=round).select_related("user").order_by("pk")
    for index, response in enumerate(responses):
        # In the open round only some have finished; one or two never start. The demo
        # sign-ins leave theirs empty, for whoever tries the demo to answer.
        share = 1.0 if closed else 0.6
        if index % 7 == 6 or rng.random() > share + 0.2:
            continue
        if not closed and response.user and response.user.email in SIGN_INS:
            continue
        for indicator in indicators:
            seed = zlib.crc32(indicator.code.encode())
            true = STRAND_BASELINE.get(indicator.strand.code, 2.0) + growth
            true += (seed % 5 - 2) * 0.15
            is_contested = (seed + number) % contested == 0
            if is_contested:
                # A contested indicator: people see it very differently.
                stray = rng.choice([-2, -1, 0, 1, 2])
            else:
                # Most indicators: broad agreement, some a level above (or below).
                stray = rng.choice([0, 0, 0, 1 if seed % 2 else -1])
            value = min(max(round_half(true + stray), levels[0].value), levels[-1].value)
            not_sure = doubt.random() < (0.15 if is_contested else 0.04)
            answers.append(
                Answer(
                    response=response,
                    indicator=indicator,
                    level=None if not_sure else next(lv for lv in levels if lv.value == value),
                    not_sure=not_sure,
                    evidence=rng.choice(EVIDENCE) if rng.random() < 0.6 else "",
                    next_step=rng.choice(NEXT_STEPS) if rng.random() < 0.4 else "",
                )
            )
        submitted = closed or rng.random() < share
        Response.objects.filter(pk=response.pk).update(
            started_at=round.opened_at + timedelta(days=2),
            submitted_at=round.opened_at + timedelta(days=5) if submitted else None,
        )
    Answer.objects.bulk_create(answers)
    return len(answers)


def agree_on_levels(round: Round, levels: list[Level], coordinator: User, *, limit: int) -> int:
    """Record consensus on the indicators answered furthest apart, as a group would."""
    results = round_results(round, with_next_steps=False)
    agreed = []
    for item in results.seen_differently[:limit]:
        median = item.summary.median or levels[0].value
        level = min(levels, key=lambda level: abs(level.value - median))
        agreed.append(
            Consensus(
                round=round,
                indicator=item.indicator,
                level=level,
                rationale=(
                    "After hearing each other's evidence, the group settled on this level: "
                    "the stronger ratings came from the larger libraries."
                ),
                recorded_by=coordinator,
            )
        )
    Consensus.objects.bulk_create(agreed)
    return len(agreed)


def round_half(value: float) -> int:
    """Round to the nearest whole level (halves up), unlike Python's banker's rounding."""
    return math.floor(value + 0.5)
