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

# title, kind, summary, talking points, last session's scores (what each member of
# Capital City Public Library gave, about what the other organizations gave), and the
# ask (what, who decides, by when).
PUBLISHED = [
    (
        "Fair state aid for every library",
        "legislative",
        "Library funding from the state has not kept pace with costs.",
        "State aid is a small share of the budget and reaches every community.\n"
        "Cuts fall hardest on small and rural libraries.\n"
        "Every library type shares the benefit: school, public, academic and special.",
        (5, 4),
        (
            "Raise the state aid to libraries line from $14.2 million to $16.5 million.",
            "Senate Finance and House Appropriations committees",
            "Budget conference, March {year}",
        ),
    ),
    (
        "Broadband in every library",
        "legislative",
        "Connect rural and tribal libraries at the speeds their communities need.",
        "For many families the library is the only reliable internet in town.\n"
        "A matching grant makes federal funds go further.\n"
        "Tribal libraries belong in every broadband plan.",
        (2, 5),
        (
            "Pass the library broadband bill with tribal libraries on the eligible list, "
            "and $3 million in state matching grants.",
            "Riverland General Assembly; Office of Broadband Expansion",
            "{year} session",
        ),
    ),
    (
        "Libraries change lives",
        "public",
        "One message every organization repeats all year.",
        "Tell one local story at every meeting with an official.\n"
        "Use the value fact sheet: dollars back for every dollar spent.",
        (3, 3),
        (
            "Visit a library in your district and read its value fact sheet.",
            "Every state legislator and county commissioner",
            "Before the summer recess",
        ),
    ),
]

# Who signed on to last session's agenda; the other demo organizations did not.
SIGNERS = [
    "Riverland Library Association",
    "Riverland State Library",
    "Capital City Public Library",
    "Millbrook District Library",
    "Riverland State University Libraries",
    "Riverland Association of School Librarians",
    "Lakes Regional Library System",
    "Stone River Nation Library",
    "Friends of Capital City Public Library",
]

# The coming session's first priorities, merged from the input below: one is ready, the
# other still lacks its ask, so the consolidation and publish pages show the warning.
CONSOLIDATED = [
    (
        "Broadband for rural and tribal libraries",
        ["Broadband for rural libraries", "Broadband for tribal and rural libraries"],
        "Every rural and tribal library online at the speed its town needs.",
        "The library is the only free public internet in many towns.\n"
        "State matching money brings in federal funds.\n"
        "Tribal libraries must be eligible, not an afterthought.",
        (
            "$3 million in matching grants and tribal libraries named in the broadband bill.",
            "House Appropriations Committee; Senate Commerce Committee",
            "{year} session",
        ),
    ),
    (
        "A certified librarian in every school",
        ["A certified librarian in every school"],
        "Students in every district deserve a school library with a librarian.",
        "Reading improves where there is a school librarian.\nOne in three schools has none today.",
        ("", "", ""),
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
            "Riverland's libraries and the groups that support them agreed on these "
            "priorities together: one voice for the people we all serve."
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
    for title, kind, summary, points, (theirs, others), (what, who, when) in PUBLISHED:
        priority = Priority.objects.create(
            cycle=last,
            title=title,
            kind=kind,
            summary=summary,
            talking_points=points,
            ask_what=what,
            ask_who=who,
            ask_when=when.format(year=today.year),
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
    for name in SIGNERS:
        if name not in organizations:
            continue
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
    for title, merged, summary, points, (what, who, when) in CONSOLIDATED:
        issues = list(LegislativeIssue.objects.filter(submission__cycle=current, title__in=merged))
        if not issues:
            continue
        priority = services.merge(current, legislative=issues, advocacy=[], title=title)
        priority.summary = summary
        priority.talking_points = points
        priority.ask_what, priority.ask_who = what, who
        priority.ask_when = when.format(year=today.year + 1)
        priority.save()
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
