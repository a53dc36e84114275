"""The personas and records most tests share (see conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.utils import timezone

from agendas import content as agendas_content
from agendas import services as agendas_services
from agendas.models import (
    AdvocacyIssue,
    AgendaCycle,
    CalendarFeed,
    FactSheet,
    FactSheetLine,
    LegislativeIssue,
    PlanTask,
    Priority,
    PublishedAgenda,
    SignOn,
    Submission,
    ValueCategory,
)
from continuum import services as continuum_services
from continuum.content import load_shipped
from continuum.models import Answer, Instrument, Resource, Round
from ecosystem.models import (
    Ecosystem,
    Invitation,
    Membership,
    Organization,
    ReportJob,
    Role,
    User,
)
from ecosystem.models.invitations import hash_token
from partners.models import (
    Connection,
    Contact,
    Formalization,
    Harvest,
    HealthCheck,
    Interaction,
    Partner,
    PartnerDocument,
    ProgressEntry,
    Reflection,
    Sector,
    Stage,
    WebSnapshot,
)

PASSWORD = "correct horse battery staple"
INVITATION_TOKEN = "world-invitation-token-for-tests"

PERSONAS = ("anonymous", "outsider", "viewer", "contributor", "editor", "coordinator")
ROLE_OF = {
    "viewer": Role.VIEWER,
    "contributor": Role.CONTRIBUTOR,
    "editor": Role.EDITOR,
    "coordinator": Role.COORDINATOR,
}


@dataclass
class World:
    ecosystem: Ecosystem
    other: Ecosystem
    users: dict[str, User]
    memberships: dict[str, Membership]
    organization: Organization
    other_organization: Organization
    invitation: Invitation
    other_invitation: Invitation
    other_membership: Membership
    # The Continuum: an open round the contributor, editor and coordinator are invited
    # to; two closed rounds with submitted answers; and a round in the other ecosystem.
    round: Round
    closed_round: Round
    older_round: Round
    other_round: Round
    # Agendas: a cycle gathering input (the library has sent some), one published with a
    # signed-on agenda, and the other ecosystem's; a year-plan task and its calendar feed;
    # a value fact sheet. Each has a twin in the other ecosystem.
    cycle: AgendaCycle
    published_cycle: AgendaCycle
    other_cycle: AgendaCycle
    task: PlanTask
    other_task: PlanTask
    feed: CalendarFeed
    fact_sheet: FactSheet
    other_fact_sheet: FactSheet
    # Partners: one with a full record (a contact, an MOU on file, an interaction whose
    # next step is overdue, a harvest, a health check, a reflection) and the other
    # ecosystem's; a progress record entry in each ecosystem.
    partner: Partner
    other_partner: Partner
    progress_entry: ProgressEntry
    other_progress_entry: ProgressEntry

    @property
    def adapted(self) -> Instrument:
        """The ecosystem's adapted Continuum: version 1 published, version 2 a draft."""
        return Instrument.objects.get(ecosystem=self.ecosystem)

    @property
    def other_adapted(self) -> Instrument:
        return Instrument.objects.get(ecosystem=self.other)

    @property
    def own_resource(self) -> Resource:
        return Resource.objects.get(ecosystem=self.ecosystem)

    @property
    def other_resource(self) -> Resource:
        return Resource.objects.get(ecosystem=self.other)

    @property
    def document(self) -> PartnerDocument:
        return self.partner.documents.get()

    @property
    def other_document(self) -> PartnerDocument:
        return self.other_partner.documents.get()

    @property
    def interaction(self) -> Interaction:
        return self.partner.interactions.get()

    @property
    def harvest(self) -> Harvest:
        return self.partner.harvests.get()

    @property
    def health_check(self) -> HealthCheck:
        return self.partner.health_checks.get()

    @property
    def reflection(self) -> Reflection:
        return self.partner.reflections.get()

    @property
    def connection(self) -> Connection:
        return self.ecosystem.connections.get()

    @property
    def other_connection(self) -> Connection:
        return self.other.connections.get()

    @property
    def failed_report(self) -> ReportJob:
        return self.ecosystem.report_jobs.get(kind=ReportJob.Kind.REPORT)

    @property
    def finished_kit(self) -> ReportJob:
        return self.ecosystem.report_jobs.get(kind=ReportJob.Kind.KIT)

    @property
    def other_finished_kit(self) -> ReportJob:
        return self.other.report_jobs.get(kind=ReportJob.Kind.KIT)

    @property
    def contact(self) -> Contact:
        return self.partner.contacts.get()

    @property
    def submission(self) -> Submission:
        return self.cycle.submissions.get(organization=self.organization)

    @property
    def agenda(self) -> PublishedAgenda:
        return self.published_cycle.agendas.get()

    def user(self, persona: str) -> User | None:
        return self.users.get(persona)

    @property
    def slug(self) -> str:
        return self.ecosystem.slug


def email_of(persona: str) -> str:
    return f"{persona}@world.example"


def build_world() -> World:
    ecosystem = Ecosystem.objects.create(name="Test State Ecosystem", slug="test-state")
    other = Ecosystem.objects.create(
        name="Other Ecosystem", slug="other", level=Ecosystem.Level.REGIONAL
    )
    organization = Organization.objects.create(
        ecosystem=ecosystem, name="Central Public Library", kind=Organization.Kind.PUBLIC_LIBRARY
    )
    other_organization = Organization.objects.create(
        ecosystem=other, name="Other Town Library", kind=Organization.Kind.PUBLIC_LIBRARY
    )
    users = {}
    for persona in PERSONAS[1:]:
        users[persona] = User.objects.create_user(
            email=email_of(persona), password=PASSWORD, full_name=persona.title() + " Person"
        )
    for persona, role in ROLE_OF.items():
        Membership.objects.create(
            user=users[persona],
            ecosystem=ecosystem,
            role=role,
            # The contributor speaks for the library: they give its agenda input.
            organization=organization if persona == "contributor" else None,
        )
    Membership.objects.create(user=users["outsider"], ecosystem=other, role=Role.COORDINATOR)
    bystander = User.objects.create_user(
        email="bystander@world.example", password=PASSWORD, full_name="Other Bystander"
    )
    Membership.objects.create(user=bystander, ecosystem=other, role=Role.VIEWER)
    expires = timezone.now() + timedelta(days=14)
    Invitation.objects.create(
        ecosystem=ecosystem,
        email="newcomer@world.example",
        role=Role.CONTRIBUTOR,
        organization=organization,
        token_hash=hash_token(INVITATION_TOKEN),
        invited_by=users["coordinator"],
        expires_at=expires,
    )
    Invitation.objects.create(
        ecosystem=other,
        email="someone@world.example",
        token_hash=hash_token("other-ecosystem-token"),
        expires_at=expires,
    )
    build_rounds(ecosystem, other, users)
    build_adaptations(ecosystem, other)
    build_agendas(ecosystem, other, organization, other_organization, users)
    build_partners(ecosystem, other, organization, users)
    build_webs_and_reports(ecosystem, other, users)
    world = load_world()
    assert world is not None
    return world


def build_agendas(
    ecosystem: Ecosystem,
    other: Ecosystem,
    organization: Organization,
    other_organization: Organization,
    users: dict[str, User],
) -> None:
    today = timezone.localdate()
    if not ValueCategory.objects.exists():
        agendas_content.load_shipped(django_apps)
    for place, library, owner in (
        (ecosystem, organization, users["coordinator"]),
        (other, other_organization, users["outsider"]),
    ):
        cycle = agendas_services.create_cycle(
            place,
            title="2027 session",
            session_start=today + timedelta(days=60),
            session_end=today + timedelta(days=150),
            input_deadline=today + timedelta(days=30),
            created_by=owner,
        )
        submission = Submission.objects.create(cycle=cycle, organization=library)
        legislative = LegislativeIssue.objects.create(
            submission=submission,
            title="Fund broadband in rural libraries",
            library_types=["public_library", "tribal_library"],
        )
        AdvocacyIssue.objects.create(submission=submission, title="Libraries are job centres")
        priority = Priority.objects.create(cycle=cycle, title="Rural broadband")
        priority.legislative_issues.add(legislative)
        PlanTask.objects.create(
            ecosystem=place,
            cycle=cycle,
            title="Plan the legislative day",
            due_date=today,
            owner=owner,
        )
        sheet = FactSheet.objects.create(ecosystem=place, title="Library value", year=2026)
        FactSheetLine.objects.create(
            sheet=sheet, category=ValueCategory.objects.first(), quantity=1000
        )
    published = agendas_services.create_cycle(
        ecosystem,
        title="2026 session",
        session_start=today - timedelta(days=200),
        session_end=today - timedelta(days=100),
        input_deadline=today - timedelta(days=230),
        created_by=users["coordinator"],
    )
    Priority.objects.create(cycle=published, title="School library staffing")
    agenda = agendas_services.publish_agenda(published, users["coordinator"], accept_gaps=True)
    SignOn.objects.create(agenda=agenda, organization=organization, signed_by=users["contributor"])
    CalendarFeed.objects.create(ecosystem=ecosystem, created_by=users["coordinator"])


# The smallest file a browser opens as a PDF; uploads are checked by their content.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def build_partners(
    ecosystem: Ecosystem, other: Ecosystem, organization: Organization, users: dict[str, User]
) -> None:
    today = timezone.localdate()
    for place, name, lead in (
        (ecosystem, "County Literacy Council", users["editor"]),
        (other, "Other Town Rotary Club", users["outsider"]),
    ):
        partner = Partner.objects.create(
            ecosystem=place,
            name=name,
            sector=Sector.NONPROFIT,
            library_lead=lead,
            partner_needs="Places to hold tutoring sessions",
            shared_goal="Every adult in the county can read a lease",
            stage=Stage.SUPPORTIVE,
            formalization=Formalization.MOU,
        )
        Contact.objects.create(partner=partner, name="Pat Reader", role="Director")
        document = PartnerDocument(
            partner=partner,
            kind=Formalization.MOU,
            title="Signed MOU",
            content_type="application/pdf",
            size=len(TINY_PDF),
            original_name="mou.pdf",
            uploaded_by=lead,
        )
        document.file.save("mou.pdf", ContentFile(TINY_PDF), save=True)
        Interaction.objects.create(
            partner=partner,
            date=today - timedelta(days=40),
            kind=Interaction.Kind.MEETING,
            summary="Met the tutoring coordinator",
            next_step="Send the room booking form",
            next_step_due=today - timedelta(days=10),
            recorded_by=lead,
        )
        Harvest.objects.create(
            partner=partner,
            date=today - timedelta(days=20),
            title="Spring tutoring series",
            people_reached=120,
            sessions_held=12,
            share_in_reports=True,
            recorded_by=lead,
        )
        HealthCheck.objects.create(
            partner=partner, interests=4, adaptability=2, communication=1, ownership=3
        )
        Reflection.objects.create(
            partner=partner, year=today.year - 1, what_worked="Regular meetings", decision="grow"
        )
        entry = ProgressEntry.objects.create(
            ecosystem=place,
            date=today - timedelta(days=30),
            strand_code="COLLAB",
            activity="Joint summer reading with the schools",
            outcome="Three districts took part",
            recorded_by=lead,
        )
        entry.partners.add(partner)
        if place == ecosystem:
            entry.organizations.add(organization)


def build_webs_and_reports(ecosystem: Ecosystem, other: Ecosystem, users: dict[str, User]) -> None:
    """In each ecosystem: the library connected with the literacy partner, a snapshot of
    last year's web, a report that failed and a workshop kit that is ready."""
    for place, user in ((ecosystem, users["editor"]), (other, users["outsider"])):
        Connection.objects.create(
            ecosystem=place,
            organization=place.organizations.get(),
            partner=place.partners.get(),
            kind=Connection.Kind.JOINT_PROGRAM,
            strength=Connection.Strength.WORKING,
            created_by=user,
        )
        WebSnapshot.objects.create(
            ecosystem=place, year=timezone.localdate().year - 1, taken_by=user, data={}
        )
        ReportJob.objects.create(
            ecosystem=place,
            kind=ReportJob.Kind.REPORT,
            requested_by=user,
            options={"sections": ["partners"], "start": "2026-01-01", "end": "2026-12-31"},
            status=ReportJob.Status.FAILED,
            error="The worker stopped.",
        )
        ReportJob.objects.create(
            ecosystem=place,
            kind=ReportJob.Kind.KIT,
            requested_by=user,
            status=ReportJob.Status.DONE,
            finished_at=timezone.now(),
            file=ContentFile(TINY_PDF, name="kit.pdf"),
            page_count=1,
        )


def build_rounds(ecosystem: Ecosystem, other: Ecosystem, users: dict[str, User]) -> None:
    if not Instrument.objects.exists():
        # A browser test's flush removed what the migration loaded.
        load_shipped(django_apps)
    version = Instrument.objects.get(slug="ecosystem-continuum").latest_published()
    assert version is not None, "the Continuum is shipped by a migration"
    respondents = list(Membership.objects.filter(ecosystem=ecosystem, role__gte=Role.CONTRIBUTOR))
    levels = list(version.levels.order_by("value"))
    for title, period, closed, years_ago in [
        ("Open round", "2027", False, 0),
        ("Closed round", "2026", True, 1),
        ("Older round", "2025", True, 2),
    ]:
        round = continuum_services.open_round(
            ecosystem,
            version=version,
            title=title,
            period=period,
            due_date=None,
            anonymous=False,
            disagreement_threshold=2,
            invitees=respondents,
            opened_by=users["coordinator"],
        )
        Round.objects.filter(pk=round.pk).update(
            opened_at=timezone.now() - timedelta(days=365 * years_ago)
        )
        if closed:
            # The contributor says "Getting started" throughout, the editor "Established".
            for persona, level in (("contributor", levels[0]), ("editor", levels[2])):
                response = round.responses.get(user=users[persona])
                Answer.objects.bulk_create(
                    Answer(response=response, indicator=indicator, level=level, evidence=persona)
                    for indicator in version.indicators.all()
                )
                response.started_at = response.submitted_at = timezone.now()
                response.save()
            continuum_services.close_round(round)
    continuum_services.open_round(
        other,
        version=version,
        title="Other round",
        period="2027",
        due_date=None,
        anonymous=False,
        disagreement_threshold=2,
        invitees=list(Membership.objects.filter(ecosystem=other)),
        opened_by=users["outsider"],
    )


def build_adaptations(ecosystem: Ecosystem, other: Ecosystem) -> None:
    """Each ecosystem adapts the Continuum and adds a resource of its own; the world's
    ecosystem also has a second version of its adaptation in draft."""
    continuum = Instrument.objects.get(slug="ecosystem-continuum").latest_published()
    assert continuum is not None
    for place in (ecosystem, other):
        draft = continuum_services.adapt(continuum, place)
        draft.strands.filter(code="LEAD").update(name=f"Leading together in {place.name}")
        continuum_services.publish(draft)
        Resource.objects.create(
            ecosystem=place,
            title=f"{place.name} meeting notes",
            kind=Resource.Kind.GUIDE,
            source=f"{place.name} shared drive",
            summary="How our spring meeting ran.",
        )
    own = Instrument.objects.get(ecosystem=ecosystem)
    continuum_services.start_draft(own)


def load_world() -> World | None:
    try:
        ecosystem = Ecosystem.objects.get(slug="test-state")
    except Ecosystem.DoesNotExist:
        return None
    other = Ecosystem.objects.get(slug="other")
    memberships = {
        m.user.email.split("@")[0]: m
        for m in Membership.objects.filter(ecosystem=ecosystem).select_related("user")
    }
    users = {persona: m.user for persona, m in memberships.items()}
    users["outsider"] = User.objects.get(email=email_of("outsider"))
    return World(
        ecosystem=ecosystem,
        other=other,
        users=users,
        memberships=memberships,
        organization=ecosystem.organizations.get(name="Central Public Library"),
        other_organization=other.organizations.get(),
        invitation=ecosystem.invitations.get(),
        other_invitation=other.invitations.get(),
        other_membership=other.memberships.get(user__email="bystander@world.example"),
        round=ecosystem.rounds.get(title="Open round"),
        closed_round=ecosystem.rounds.get(title="Closed round"),
        older_round=ecosystem.rounds.get(title="Older round"),
        other_round=other.rounds.get(),
        cycle=ecosystem.agenda_cycles.get(title="2027 session"),
        published_cycle=ecosystem.agenda_cycles.get(title="2026 session"),
        other_cycle=other.agenda_cycles.get(),
        task=ecosystem.plan_tasks.get(),
        other_task=other.plan_tasks.get(),
        feed=ecosystem.calendar_feed,
        fact_sheet=ecosystem.fact_sheets.get(),
        other_fact_sheet=other.fact_sheets.get(),
        partner=ecosystem.partners.get(),
        other_partner=other.partners.get(),
        progress_entry=ecosystem.progress_entries.get(),
        other_progress_entry=other.progress_entries.get(),
    )
