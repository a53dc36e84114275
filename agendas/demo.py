"""Demo agenda building for seed_demo: last session's published agenda with its sign-ons,
and the coming session's cycle with input from several organizations."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ecosystem.models import Ecosystem, Membership, Organization, Role

from . import services
from .models import (
    AdvocacyIssue,
    AgendaCycle,
    LegislativeIssue,
    PlanTask,
    Priority,
    Score,
    SignOn,
    Submission,
)
from .plan import generate_plan, set_status

# organization, legislative issue (title, library types, ask kind, ask, urgency, description),
# public-facing issue (title, audience, message)
INPUT = [
    (
        "Capital City Public Library",
        (
            "Restore state aid to public libraries",
            ["public_library"],
            "budget",
            "The state aid line in the education budget, back to its level of five years ago.",
            3,
            "Aid has been flat for years while costs rose; branches cut evening hours.",
        ),
        (
            "Libraries are where people find work",
            "Job seekers and employers",
            "Every week our computer labs help people apply for jobs and benefits.",
        ),
    ),
    (
        "Millbrook District Library",
        (
            "Broadband for rural libraries",
            ["public_library", "tribal_library"],
            "budget",
            "A matching grant for library internet connections outside the cities.",
            3,
            "Half of our patrons have no reliable internet at home.",
        ),
        (
            "The library is the town's internet",
            "Rural residents and county officials",
            "When the library closes, people sit in the parking lot for its Wi-Fi.",
        ),
    ),
    (
        "Stone River Nation Library",
        (
            "Broadband for tribal and rural libraries",
            ["tribal_library", "public_library"],
            "bill",
            "Include tribal libraries in the state broadband expansion bill.",
            4,
            "The current bill leaves tribal libraries out of the eligible list.",
        ),
        None,
    ),
    (
        "Riverland Association of School Librarians",
        (
            "A certified librarian in every school",
            ["school_library"],
            "policy",
            "A staffing rule in the state's school accreditation standards.",
            3,
            "One in three schools has no certified librarian.",
        ),
        (
            "Students read more where there is a school librarian",
            "Parents and school boards",
            "Schools with a librarian see stronger reading scores.",
        ),
    ),
    (
        "Riverland State University Libraries",
        (
            "Affordable course materials",
            ["academic_library"],
            "budget",
            "Funding for open textbooks through the academic library consortium.",
            2,
            "Students skip buying textbooks they cannot afford.",
        ),
        None,
    ),
    (
        "Riverland Adult Literacy Coalition",
        None,
        (
            "Reading opens doors at every age",
            "Adult learners and their families",
            "Libraries and literacy groups together reach adults no one else does.",
        ),
    ),
]

# title, kind, summary, talking points, and last session's scores: (what each member of
# Capital City Public Library gave, about what the other organizations gave).
PUBLISHED = [
    (
        "Fair state aid for every library",
        "legislative",
        "Library funding from the state has not kept pace with costs.",
        "State aid is a small share of the budget and reaches every community.\n"
        "Cuts fall hardest on small and rural libraries.\n"
        "Every library type shares the benefit: school, public, academic and special.",
        (5, 4),
    ),
    (
        "Broadband in every library",
        "legislative",
        "Connect rural and tribal libraries at the speeds their communities need.",
        "For many families the library is the only reliable internet in town.\n"
        "A matching grant makes federal funds go further.\n"
        "Tribal libraries belong in every broadband plan.",
        (2, 5),
    ),
    (
        "Libraries change lives",
        "public",
        "One message every organization repeats all year.",
        "Tell one local story at every meeting with an official.\n"
        "Use the value fact sheet: dollars back for every dollar spent.",
        (3, 3),
    ),
]
# Capital City's three members put state aid first, the other organizations broadband.
# Counted by person state aid would lead; counted one voice per organization, broadband
# does, and the ranking page shows both levels.
SEVERAL_SCORERS = "Capital City Public Library"


def seed(ecosystem: Ecosystem) -> int:
    """Add the demo cycles to ``ecosystem`` unless they are there; returns records added."""
    if AgendaCycle.objects.filter(ecosystem=ecosystem).exists():
        return 0
    coordinator = (
        Membership.objects.for_ecosystem(ecosystem)
        .filter(role=Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    if coordinator is None:
        return 0
    user = coordinator.user
    today = timezone.localdate()
    organizations = {org.name: org for org in Organization.objects.for_ecosystem(ecosystem)}
    created = 0

    # Last session: published, with scores and sign-ons.
    last = services.create_cycle(
        ecosystem,
        title=f"{today.year} legislative session",
        session_start=date(today.year, 1, 12),
        session_end=date(today.year, 5, 15),
        input_deadline=date(today.year - 1, 11, 15),
        created_by=user,
        introduction=(
            "Every kind of library in Riverland stands behind these priorities: one voice "
            "for the people we all serve."
        ),
    )
    criteria = list(last.criteria.all())
    members = list(
        Membership.objects.for_ecosystem(ecosystem)
        .filter(role__gte=Role.CONTRIBUTOR)
        .select_related("user", "organization")
    )
    several = [m for m in members if m.organization and m.organization.name == SEVERAL_SCORERS]
    voters = [m for m in members if m not in several][:6]
    for title, kind, summary, points, (theirs, others) in PUBLISHED:
        priority = Priority.objects.create(
            cycle=last, title=title, kind=kind, summary=summary, talking_points=points
        )
        Score.objects.bulk_create(
            [
                Score(priority=priority, criterion=criterion, user=member.user, value=theirs)
                for member in several
                for criterion in criteria
            ]
            + [
                # Half a point apart here and there, so the averages are not all round.
                Score(
                    priority=priority,
                    criterion=criterion,
                    user=voter.user,
                    value=max(1, others - (index + position) % 2),
                )
                for index, voter in enumerate(voters)
                for position, criterion in enumerate(criteria)
            ]
        )
        created += 1
    agenda = services.publish_agenda(last, user)
    for name in list(organizations)[:9]:
        SignOn.objects.create(
            agenda=agenda,
            organization=organizations[name],
            signed_by=user,
            signed_at=agenda.published_at + timedelta(days=3),
        )
        created += 1

    # The coming session: input is coming in.
    current = services.create_cycle(
        ecosystem,
        title=f"{today.year + 1} legislative session",
        session_start=date(today.year + 1, 1, 11),
        session_end=date(today.year + 1, 5, 14),
        input_deadline=today + timedelta(days=21),
        created_by=user,
    )
    for name, legislative, public in INPUT:
        organization = organizations.get(name)
        if organization is None:
            continue
        submission = Submission.objects.create(
            cycle=current,
            organization=organization,
            top_concerns="Keeping doors open longer with flat funding.",
            submitted_at=timezone.now() - timedelta(days=2),
        )
        if legislative:
            title, types, ask_kind, ask, urgency, description = legislative
            LegislativeIssue.objects.create(
                submission=submission,
                title=title,
                library_types=types,
                ask_kind=ask_kind,
                ask=ask,
                urgency=urgency,
                description=description,
            )
        if public:
            title, audience, message = public
            AdvocacyIssue.objects.create(
                submission=submission,
                title=title,
                audience=audience,
                message=message,
                library_types=[organization.kind] if organization.kind.endswith("library") else [],
            )
        created += 1

    # The year plan around the coming session, shared among the demo people.
    created += generate_plan(current, owner=user)
    owners = [voter.user for voter in voters] or [user]
    tasks = list(PlanTask.objects.for_ecosystem(ecosystem).order_by("due_date"))
    for index, task in enumerate(tasks):
        task.owner = owners[index % len(owners)]
        if task.due_date < today - timedelta(days=14) and index % 3:
            set_status(task, PlanTask.Status.DONE)
        task.save()
    return created + 2
