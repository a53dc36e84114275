"""A demo partner's log: interactions (the further along, the longer), a harvest, health
checks and a reflection, so the attention list and the reports have something to show."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ecosystem.models import User

from ..models import Harvest, HealthCheck, Interaction, Partner, Phase, Reflection, Stage
from .specs import Spec

KINDS = list(Interaction.Kind)
# What an interaction log entry says, by how the relationship has come along.
STORIES = [
    ("First conversation about what each side needs", "Agreed to meet again with more people."),
    ("Planning meeting with both teams", "Drafted the shared goal and a first timeline."),
    ("Checked in on how the program is going", "Attendance is up; two sites need help."),
    ("Joint event at the central library", "Good turnout; collected sign-ups for next time."),
    ("Shared materials for the next season", "Their flyers now mention the library."),
    ("Review of the year together", "Both sides want to continue and grow it."),
]


# What people said, so harvests have stories worth retelling (one per harvest, in turn).
HARVEST_STORIES = [
    "One participant said it was the first time anyone had taken the time to explain it "
    "to her. She came back the next week with a friend.",
    "A father who came for the printers stayed for the résumé clinic and started a new "
    "job a month later.",
    "Two branch managers now meet the partner's staff every quarter without being asked.",
    "A teenager who had never had a library card brought her whole family to sign up.",
    "The partner's board voted to fund a second year and named the library in its report.",
    "",  # not every harvest comes with a story
]


def seed_log(partner: Partner, spec: Spec, index: int, lead: User | None) -> int:
    """The partner's interactions, harvest, health checks and reflection; returns how many
    records were added."""
    today = timezone.localdate()
    ended = spec.status == Partner.Status.ENDED
    contact_name = spec.contact[0]
    created = 0

    # The further along, the longer the log. Some partners have gone quiet, so the
    # attention list has something to show; a few next steps are overdue.
    steps = list(Stage).index(spec.stage)
    entries = 1 + steps + (index % 2)
    quiet = 0 if index % 5 else 75
    if ended:
        quiet = 60  # nothing logged after the partnership ended, 45 days ago
    interactions = []
    for n in range(entries):
        days_ago = quiet + 12 + (entries - n - 1) * 35 + index % 7
        summary, outcome = STORIES[min(n, len(STORIES) - 1)]
        last = n == entries - 1 and not ended
        due = today - timedelta(days=days_ago) + timedelta(days=21) if last else None
        interactions.append(
            Interaction(
                partner=partner,
                date=today - timedelta(days=days_ago),
                kind=KINDS[(index + n) % len(KINDS)],
                summary=summary,
                participants=f"{contact_name}; {lead.get_full_name() if lead else 'library staff'}",
                outcome=outcome,
                next_step="Send a short summary and set the next date" if last else "",
                next_step_due=due,
                next_step_done=False,
                recorded_by=lead,
            )
        )
    Interaction.objects.bulk_create(interactions)
    created += len(interactions)

    if spec.phase in (Phase.HARVESTING, Phase.RESTING) or spec.stage == Stage.STRATEGIC:
        Harvest.objects.create(
            partner=partner,
            date=today - timedelta(days=30 + index),
            title=f"{spec.goal.rstrip('.') or 'Joint program'}: first season",
            people_reached=120 + 37 * index,
            sessions_held=4 + index % 9,
            dollars_raised=Decimal(2500 * (index % 4)) or None,
            story=HARVEST_STORIES[index % len(HARVEST_STORIES)],
            share_in_reports=index % 3 != 0,
            recorded_by=lead,
        )
        created += 1

    if index % 12 == 1:
        # An earlier check that also fell short: two "Not yet" checks in a row, so the
        # attention list suggests letting this one go.
        HealthCheck.objects.create(
            partner=partner,
            date=today - timedelta(days=150 + index * 3),
            interests=2,
            adaptability=2,
            communication=1,
            ownership=1,
            notes="Meetings keep being cancelled on their side.",
            checked_by=lead,
        )
        created += 1
    if index % 2 == 0 or spec.stage in (Stage.SUPPORTIVE, Stage.STRATEGIC):
        # Mostly healthy, with communication the usual weak spot.
        HealthCheck.objects.create(
            partner=partner,
            date=today - timedelta(days=20 + index * 3),
            interests=4 if steps >= 2 else 3,
            adaptability=2 + steps % 3,
            communication=1 if index % 4 == 1 else 3,
            ownership=min(4, 1 + steps),
            notes="Discussed at the partnership committee.",
            checked_by=lead,
        )
        created += 1

    if spec.phase == Phase.RESTING or ended:
        decision = Reflection.Decision.LET_GO if ended else Reflection.Decision.GROW
        # Some resting partners were last reflected on two years ago: the attention list
        # asks for this year's reflection.
        overdue = spec.phase == Phase.RESTING and index % 4 == 3
        reflection = Reflection.objects.create(
            partner=partner,
            year=today.year - (2 if overdue else 1),
            what_worked="Regular check-ins and one clear shared goal.",
            what_did_not="We relied on one contact; when they were away, things stalled.",
            what_to_change="Meet both teams twice a year, not only the leads.",
            decision=decision,
            written_by=lead,
        )
        if overdue:
            Reflection.objects.filter(pk=reflection.pk).update(
                created_at=timezone.now() - timedelta(days=420)
            )
        created += 1
    return created
