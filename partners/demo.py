"""Demo partners for seed_demo: about 25 community partners of the Riverland ecosystem,
spread over every stage and phase, with their logs, harvests, health checks and
reflections; and the ecosystem's progress record. All fictional."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from ecosystem.models import Ecosystem, Role, User
from ecosystem.pdf import render_pdf

from .models import (
    Contact,
    Formalization,
    GardenReflection,
    Harvest,
    HealthCheck,
    Interaction,
    Partner,
    PartnerDocument,
    Phase,
    ProgressEntry,
    Reflection,
    Sector,
    Stage,
)
from .progress.example import example_entries


@dataclass(frozen=True)
class Spec:
    name: str
    sector: Sector
    stage: Stage
    phase: Phase
    formalization: Formalization
    needs: str
    interests: str
    expertise: str
    brings: str
    goal: str
    contact: tuple[str, str, str]  # name, role, email
    status: Partner.Status = Partner.Status.ACTIVE


S, P, F = Stage, Phase, Formalization

PARTNERS = [
    Spec(
        "Riverland Department of Labor",
        Sector.GOVERNMENT,
        S.STRATEGIC,
        P.HARVESTING,
        F.MOU,
        "More places where job seekers can get help with online applications.",
        "Reaching rural residents who never visit a job center.",
        "Career counselors, labor-market data, workshop curricula.",
        "Computer labs in 60 towns, evening hours, trusted staff.",
        "A job-help desk in every county's main library.",
        ("Dana Whitfield", "Workforce programs director", "dwhitfield@labor.riverland.example"),
    ),
    Spec(
        "Capital City Chamber of Commerce",
        Sector.BUSINESS,
        S.SUPPORTIVE,
        P.NURTURING,
        F.LETTER,
        "Affordable training for small-business owners.",
        "Downtown foot traffic and new-business survival rates.",
        "Mentors, a member newsletter read by 1,200 businesses.",
        "Business databases, meeting rooms, a small-business collection.",
        "A monthly small-business clinic at the central library.",
        ("Marcus Bell", "Member services", "mbell@capitalchamber.example"),
    ),
    Spec(
        "Riverland Adult Literacy Volunteers",
        Sector.NONPROFIT,
        S.STRATEGIC,
        P.HARVESTING,
        F.MOU,
        "Quiet, safe rooms for one-to-one tutoring.",
        "Growing the number of adult learners reached.",
        "Trained volunteer tutors and assessment tools.",
        "Rooms, collections for new readers, referrals from staff.",
        "Every adult who asks for reading help is matched with a tutor within a month.",
        ("Grace Okafor", "Executive director", "grace@readriverland.example"),
    ),
    Spec(
        "Millbrook Rotary Club",
        Sector.NONPROFIT,
        S.COMMON_GOAL,
        P.PLANTING,
        F.HANDSHAKE,
        "A service project its members can see the results of.",
        "Early literacy and the town's reputation.",
        "Volunteers, fundraising events, local business ties.",
        "A children's room and story times that already draw families.",
        "Books for every newborn in Millbrook.",
        ("Tom Alvarez", "Club president", "president@millbrookrotary.example"),
    ),
    Spec(
        "Riverland Public Health Association",
        Sector.HEALTH,
        S.SUPPORTIVE,
        P.NURTURING,
        F.PROPOSAL,
        "Trusted places to share health information.",
        "Health literacy among older adults.",
        "Nurses and health educators, plain-language materials.",
        "Program space, older-adult audiences, consumer health databases.",
        "Monthly health-information sessions in ten libraries.",
        ("Dr. Lena Fischer", "Community health lead", "lfischer@rpha.example"),
    ),
    Spec(
        "Northport School District",
        Sector.EDUCATION,
        S.STRATEGIC,
        P.RESTING,
        F.CONTRACT,
        "Reading support for students over the summer.",
        "Closing the summer reading gap.",
        "Teachers, reading lists, student data on who needs help.",
        "Summer reading program, outreach vans, public-library cards for every student.",
        "Every Northport student has a public-library card and reads over the summer.",
        ("Helen Cho", "Curriculum coordinator", "hcho@northport.k12.example"),
    ),
    Spec(
        "Riverland Public Radio",
        Sector.MEDIA,
        S.COMMON_GOAL,
        P.NURTURING,
        F.HANDSHAKE,
        "Local stories for its weekend program.",
        "Community voices from every corner of the state.",
        "Airtime, producers, a statewide audience.",
        "Local history collections and storytellers in every town.",
        "A monthly radio segment of library stories.",
        ("Sam Ortiz", "Producer", "sortiz@riverlandradio.example"),
    ),
    Spec(
        "First Community Church of Lakeside",
        Sector.FAITH,
        S.BUILDING,
        P.PLANTING,
        F.HANDSHAKE,
        "A place for its food-pantry visitors to get online.",
        "Serving families in need with dignity.",
        "Volunteers and a weekly food pantry that draws 200 families.",
        "Wi-Fi hotspots to lend, a digital-literacy class.",
        "",
        ("Pastor Ruth Adeyemi", "Pastor", "office@fcclakeside.example"),
    ),
    Spec(
        "Riverland Community Foundation",
        Sector.PHILANTHROPY,
        S.SUPPORTIVE,
        P.HARVESTING,
        F.LETTER,
        "Proof that its grants reach every county.",
        "Digital inclusion and early learning.",
        "Grant funding and convening power.",
        "Statewide reach and programs already running.",
        "Fund a statewide hotspot-lending program.",
        ("Naomi Reyes", "Program officer", "nreyes@riverlandcf.example"),
    ),
    Spec(
        "Stone River Tribal Council",
        Sector.GOVERNMENT,
        S.COMMON_GOAL,
        P.NURTURING,
        F.PROPOSAL,
        "Preserving and sharing the Nation's language recordings.",
        "Language revitalisation for young people.",
        "Elders, language teachers, recordings.",
        "Digitisation equipment, archivists, a tribal library.",
        "A language-learning corner with recordings in the Stone River Nation Library.",
        ("Elsie Runningwater", "Cultural affairs", "culture@stoneriver.example"),
    ),
    Spec(
        "Lakeside Senior Center",
        Sector.NONPROFIT,
        S.SUPPORTIVE,
        P.HARVESTING,
        F.HANDSHAKE,
        "Technology help for members.",
        "Keeping members connected to family online.",
        "A van service and 400 active members.",
        "Tech-help volunteers and large-print collections.",
        "Weekly tech help at the senior center.",
        ("Walter Grimes", "Activities director", "wgrimes@lakesideseniors.example"),
    ),
    Spec(
        "Riverland Small Business Development Center",
        Sector.GOVERNMENT,
        S.BUILDING,
        P.PLANTING,
        F.HANDSHAKE,
        "Venues for workshops outside the capital.",
        "Reaching rural entrepreneurs.",
        "Business advisers, market research.",
        "Meeting rooms in 60 towns and business databases.",
        "",
        ("Kim Tran", "Regional director", "ktran@riverlandsbdc.example"),
    ),
    Spec(
        "North Valley Food Bank",
        Sector.NONPROFIT,
        S.COMMON_GOAL,
        P.PLANTING,
        F.HANDSHAKE,
        "Summer meal sites for children.",
        "Children's nutrition while school is out.",
        "Food, staff and volunteers for meal sites.",
        "Summer programs that already draw children every day.",
        "Free summer lunches at three North Valley libraries.",
        ("Ben Osei", "Programs manager", "bosei@nvfoodbank.example"),
    ),
    Spec(
        "Riverland Historical Society",
        Sector.NONPROFIT,
        S.STRATEGIC,
        P.HARVESTING,
        F.MOU,
        "Help digitising and cataloguing its photograph collection.",
        "Getting local history online.",
        "Historians, volunteers, 20,000 photographs.",
        "Cataloging standards, scanners, a digital library platform.",
        "A shared online archive of Riverland's local history.",
        ("Irene Blackwood", "Collections manager", "ireneb@riverlandhistory.example"),
    ),
    Spec(
        "Capital City Parks and Recreation",
        Sector.GOVERNMENT,
        S.SUPPORTIVE,
        P.HARVESTING,
        F.LETTER,
        "More reasons for families to use the parks.",
        "Active, outdoor family time.",
        "Parks, trails, events staff.",
        "Story walks, books, children's librarians.",
        "A story walk in every city park.",
        ("Andre Moss", "Programs supervisor", "amoss@capitalcityparks.example"),
    ),
    Spec(
        "Riverland Credit Union",
        Sector.BUSINESS,
        S.BUILDING,
        P.PLANTING,
        F.HANDSHAKE,
        "A community presence beyond its branches.",
        "Financial literacy for young adults.",
        "Financial educators and a sponsorship budget.",
        "Teen programs and a trusted, non-commercial space.",
        "",
        ("Olivia Grant", "Community relations", "ogrant@riverlandcu.example"),
    ),
    Spec(
        "WRVL Channel 7 News",
        Sector.MEDIA,
        S.BUILDING,
        P.PLANTING,
        F.HANDSHAKE,
        "Local stories with a human face.",
        "Community affairs coverage.",
        "Reporters and a morning show.",
        "Stories of people libraries have helped.",
        "",
        ("Jess Kaplan", "Assignment editor", "news@wrvl7.example"),
    ),
    Spec(
        "Riverland Veterans Service Office",
        Sector.GOVERNMENT,
        S.COMMON_GOAL,
        P.NURTURING,
        F.PROPOSAL,
        "Places where veterans can get help with benefit claims.",
        "Reaching veterans in small towns.",
        "Trained benefit officers.",
        "Private rooms, computers and staff who can book appointments.",
        "Monthly benefit clinics in five libraries.",
        ("Sgt. (ret.) Paul Jensen", "Outreach officer", "pjensen@va.riverland.example"),
    ),
    Spec(
        "Northport Immigrant and Refugee Services",
        Sector.NONPROFIT,
        S.SUPPORTIVE,
        P.NURTURING,
        F.LETTER,
        "Conversation practice for English learners.",
        "Newcomers' confidence in daily life.",
        "Caseworkers, interpreters, class curricula.",
        "Conversation circles, world-language collections.",
        "Weekly English conversation circles in Northport.",
        ("Amina Yusuf", "Education coordinator", "ayusuf@nirs.example"),
    ),
    Spec(
        "Riverland Arts Council",
        Sector.NONPROFIT,
        S.COMMON_GOAL,
        P.RESTING,
        F.PROPOSAL,
        "Exhibition space in smaller towns.",
        "Access to the arts outside the capital.",
        "Touring exhibitions and artist networks.",
        "Walls, audiences, event staff.",
        "A touring exhibition through ten libraries.",
        ("Claire Dubois", "Program director", "cdubois@riverlandarts.example"),
    ),
    Spec(
        "Riverland Medical Center",
        Sector.HEALTH,
        S.STRATEGIC,
        P.HARVESTING,
        F.CONTRACT,
        "Patient education that continues after discharge.",
        "Reducing readmissions through health literacy.",
        "Clinicians, a health sciences library.",
        "Public libraries where patients already go.",
        "Health-information corners in the libraries nearest its clinics.",
        ("Dr. Omar Haddad", "Patient education", "ohaddad@rmc.example"),
    ),
    Spec(
        "Millbrook Family Farm Cooperative",
        Sector.BUSINESS,
        S.BUILDING,
        P.PLANTING,
        F.HANDSHAKE,
        "A seed library and gardening workshops.",
        "Local food and young farmers.",
        "Seeds, growers, market stalls.",
        "A seed library and meeting space.",
        "",
        ("Hank Miller", "Co-op manager", "hank@millbrookfarms.example"),
    ),
    Spec(
        "Riverland Boys and Girls Clubs",
        Sector.NONPROFIT,
        S.SUPPORTIVE,
        P.HARVESTING,
        F.MOU,
        "Homework help and books for after-school programs.",
        "Young people's school success.",
        "After-school staff and 1,500 young members.",
        "Homework help, deposit collections, STEM kits.",
        "A library corner in every club.",
        ("Rosa Delgado", "Education director", "rdelgado@rbgc.example"),
    ),
    Spec(
        "Lakeside Chamber Orchestra",
        Sector.NONPROFIT,
        S.COMMON_GOAL,
        P.RESTING,
        F.HANDSHAKE,
        "Audiences beyond the concert hall.",
        "Music education.",
        "Musicians.",
        "Lobbies and children's audiences.",
        "",
        ("Victor Lang", "Manager", "vlang@lakesideorchestra.example"),
        status=Partner.Status.PAUSED,
    ),
    Spec(
        "TechStart Coding Academy",
        Sector.BUSINESS,
        S.SUPPORTIVE,
        P.RESTING,
        F.LETTER,
        "Students for its paid courses.",
        "Recruiting adults into tech careers.",
        "Instructors and a coding curriculum.",
        "Computer labs and adult learners.",
        "Free introductory coding classes.",
        ("Priya Nair", "Outreach", "pnair@techstart.example"),
        status=Partner.Status.ENDED,
    ),
]

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


# The library's own interest that each sector's needs tend to meet: the other half of
# the seed (their need meets our interest).
LIBRARY_INTERESTS = {
    Sector.GOVERNMENT: "Showing officials that the library is where public services reach people.",
    Sector.BUSINESS: "Being known downtown as the place to start or grow a business.",
    Sector.NONPROFIT: "Reaching residents who do not use the library yet.",
    Sector.EDUCATION: "Every student holding a library card and using it.",
    Sector.HEALTH: "Being the trusted source of health information in town.",
    Sector.MEDIA: "Telling the library's stories to people who never come in.",
    Sector.FAITH: "Meeting families where they already gather.",
    Sector.PHILANTHROPY: "Steady funding for programs that prove their worth.",
    Sector.OTHER: "New audiences and new ideas for programs.",
}


def seed(ecosystem: Ecosystem, scale: int = 1) -> int:
    """Add the demo partners the ecosystem lacks; returns how many records were added."""
    leads: list[User | None] = list(
        User.objects.filter(
            memberships__ecosystem=ecosystem, memberships__role__gte=Role.EDITOR
        ).order_by("pk")
    ) or [None]
    created = 0
    for copy in range(1, scale + 1):
        for index, spec in enumerate(PARTNERS):
            name = spec.name if copy == 1 else f"{spec.name} {copy}"
            if Partner.objects.filter(ecosystem=ecosystem, name=name).exists():
                continue
            lead = leads[index % len(leads)]
            created += _partner(ecosystem, name, spec, index, lead)
            if copy == 1:  # rendering is slow; the benchmark copies go without
                created += _document(ecosystem, name, spec, lead)
    created += _garden_reflection(ecosystem, leads[0])
    return created + _progress_record(ecosystem, leads[0])


def _garden_reflection(ecosystem: Ecosystem, writer: User | None) -> int:
    """Last year's look at the whole garden (once)."""
    year = timezone.localdate().year - 1
    if GardenReflection.objects.filter(ecosystem=ecosystem, year=year).exists():
        return 0
    GardenReflection.objects.create(
        ecosystem=ecosystem,
        year=year,
        enough_gardeners=(
            "Not quite: three of us lead most partnerships, and two partners had no lead "
            "for months. We asked the branch managers to take one each."
        ),
        missing_sectors=(
            "No faith community or philanthropy partner outside the capital; the tribal "
            "council is the only government partner in the north."
        ),
        community_needs=(
            "Help with job applications and health information in plain words, above all "
            "for older adults in the rural counties."
        ),
        plant_next=(
            "A partnership with the regional health clinics, and a second literacy site in "
            "the north valley. Let the coding academy go: it no longer needs our labs."
        ),
        written_by=writer,
    )
    return 1


def _progress_record(ecosystem: Ecosystem, recorder: User | None) -> int:
    """The worked example as the ecosystem's own progress record (once: only into an
    empty record). Names the demo lacks are skipped rather than invented."""
    if ProgressEntry.objects.filter(ecosystem=ecosystem).exists():
        return 0
    today = timezone.localdate()
    organizations = {org.name: org for org in ecosystem.organizations.all()}
    partners = {partner.name: partner for partner in ecosystem.partners.all()}
    entries = example_entries()
    for raw in entries:
        entry = ProgressEntry.objects.create(
            ecosystem=ecosystem,
            date=today - timedelta(days=raw["days_ago"]),
            strand_code=raw["strand_code"],
            indicator_code=raw["indicator_code"],
            activity=raw["activity"],
            outcome=raw["outcome"],
            evidence=raw["evidence"],
            next_step=raw["next_step"],
            recorded_by=recorder,
        )
        entry.organizations.set(
            [organizations[name] for name in raw["organizations"] if name in organizations]
        )
        entry.partners.set([partners[name] for name in raw["partners"] if name in partners])
    return len(entries)


def _partner(ecosystem: Ecosystem, name: str, spec: Spec, index: int, lead: User | None) -> int:
    today = timezone.localdate()
    ended = spec.status == Partner.Status.ENDED
    partner = Partner.objects.create(
        ecosystem=ecosystem,
        name=name,
        sector=spec.sector,
        website=f"https://{spec.contact[2].split('@')[1]}",
        library_lead=lead,
        partner_needs=spec.needs,
        library_interest=LIBRARY_INTERESTS[spec.sector],
        interests=spec.interests,
        expertise=spec.expertise,
        library_brings=spec.brings,
        shared_goal=spec.goal,
        stage=spec.stage,
        phase=spec.phase,
        formalization=spec.formalization,
        status=spec.status,
        ended_on=today - timedelta(days=45) if ended else None,
        ending_reason=(
            "Their courses moved online and they no longer needed our labs." if ended else ""
        ),
        lessons_learned=(
            "Agree at the start what happens when one side's model changes; a written "
            "letter of commitment made ending simple and friendly."
            if ended
            else ""
        ),
    )
    contact_name, role, email = spec.contact
    Contact.objects.create(partner=partner, name=contact_name, role=role, email=email)
    created = 2

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


# Written agreements get a sample document, so the demo has something to open.
WRITTEN = (Formalization.LETTER, Formalization.MOU, Formalization.CONTRACT)


def _document(ecosystem: Ecosystem, name: str, spec: Spec, lead: User | None) -> int:
    if spec.formalization not in WRITTEN:
        return 0
    partner = Partner.objects.get(ecosystem=ecosystem, name=name)
    if partner.documents.exists():
        return 0
    kind = Formalization(spec.formalization)
    title = f"{kind.label}, signed {partner.created_at:%B %Y}"
    pdf = render_pdf(
        "partners/pdf/demo_agreement.html",
        {"ecosystem": ecosystem, "partner": partner, "kind": kind.label, "title": title},
    )
    document = PartnerDocument(
        partner=partner,
        kind=kind,
        title=title,
        content_type="application/pdf",
        size=len(pdf),
        original_name=f"{kind.value}.pdf",
        uploaded_by=lead,
    )
    document.file.save(f"{kind.value}.pdf", ContentFile(pdf), save=True)
    return 1
