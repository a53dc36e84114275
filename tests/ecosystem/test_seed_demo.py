from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Avg

from agendas.models import AgendaCycle, LegislativeIssue, PlanTask, Score
from agendas.services import ranking
from continuum.comparison import compare
from continuum.demo import COLLEAGUES
from continuum.models import Answer, Consensus, Round
from continuum.results import By, round_results
from ecosystem.models import Ecosystem, Membership, Organization, Role, User


@pytest.fixture
def demo(db, settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    settings.DEMO_PASSWORD_FILE = tmp_path / ".demo-password"
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    def run(*args: str) -> str:
        out = StringIO()
        call_command("seed_demo", *args, stdout=out)
        return out.getvalue()

    return run


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Ecosystem, Organization, User, Membership))


def test_the_demo_has_a_state_and_a_small_ecosystem_and_one_sign_in_per_role(demo):
    output = demo()

    state = Ecosystem.objects.get(slug="riverland")
    assert state.level == Ecosystem.Level.STATE
    assert 10 <= state.organizations.count() <= 20
    assert len(set(state.organizations.values_list("kind", flat=True))) >= 10
    assert Ecosystem.objects.get(slug="tri-county").organizations.count() == 3
    roles = {
        m.user.email: m.role
        for m in Membership.objects.filter(ecosystem=state).select_related("user")
    }
    sign_ins = {
        "coordinator@demo.example": Role.COORDINATOR,
        "editor@demo.example": Role.EDITOR,
        "contributor@demo.example": Role.CONTRIBUTOR,
        "viewer@demo.example": Role.VIEWER,
    }
    assert {email: roles[email] for email in sign_ins} == sign_ins
    # The other demo members are contributors who answer the self-assessments.
    assert {role for email, role in roles.items() if email not in sign_ins} == {Role.CONTRIBUTOR}
    outsider = User.objects.get(email="outsider@demo.example")
    assert [(m.ecosystem.slug, m.role) for m in outsider.memberships.all()] == [
        ("tri-county", Role.COORDINATOR)
    ]
    assert "coordinator@demo.example" in output


def test_the_generated_password_is_printed_and_works_for_every_demo_sign_in(demo, settings):
    output = demo()

    password = settings.DEMO_PASSWORD_FILE.read_text().strip()
    assert f"Password for all of them: {password}" in output
    for user in User.objects.filter(email__endswith="@demo.example"):
        assert user.check_password(password), user.email


def test_running_it_again_changes_nothing(demo, settings):
    demo()
    before = counts()
    password = settings.DEMO_PASSWORD_FILE.read_text()

    output = demo()

    assert counts() == before
    assert settings.DEMO_PASSWORD_FILE.read_text() == password
    assert "nothing changed" in output
    assert password.strip() in output


def test_demo_password_sets_the_password(demo, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "chosen-by-me-123")

    demo()

    assert User.objects.get(email="viewer@demo.example").check_password("chosen-by-me-123")


def test_it_refuses_to_create_demo_sign_ins_with_debug_off_unless_forced(demo, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        demo()
    assert not User.objects.filter(email__endswith="@demo.example").exists()

    demo("--force")
    assert User.objects.filter(email="coordinator@demo.example").exists()


def test_scale_multiplies_the_demo_records(demo):
    demo()
    one = Organization.objects.filter(ecosystem__slug="riverland").count()

    demo("--scale", "3")

    assert Organization.objects.filter(ecosystem__slug="riverland").count() == 3 * one
    members = 4 + 7 + len(COLLEAGUES) + 2 * one
    assert Membership.objects.filter(ecosystem__slug="riverland").count() == members


def test_the_demo_has_two_closed_self_assessments_and_one_open(demo):
    demo()

    rounds = Round.objects.filter(ecosystem__slug="riverland", strands__code="LEAD")
    rounds = rounds.order_by("opened_at")
    assert [r.status for r in rounds] == ["closed", "closed", "open"]
    first, second, current = rounds
    assert first.responses.filter(submitted_at__isnull=False).count() >= 6
    assert (
        0
        < current.responses.filter(submitted_at__isnull=False).count()
        < (current.responses.count())
    )
    results = round_results(second)
    assert results.seen_differently, "some indicators were answered far apart"
    assert len(results.seen_differently) < len(results.indicators) / 2
    assert Consensus.objects.filter(round=second).exists()
    assert compare([first, second]).strands[0].change is not None


def test_the_demo_has_a_closed_round_on_communication_alone_with_answers_to_agree_on(demo):
    demo()

    focus = Round.objects.get(ecosystem__slug="riverland", period__startswith="Autumn")
    results = round_results(focus)
    assert [s.code for s in focus.strands.all()] == ["COMM"]
    assert [s.strand.code for s in results.strands] == ["COMM"]
    assert (
        not Answer.objects.filter(response__round=focus)
        .exclude(indicator__strand__code="COMM")
        .exists()
    )
    assert len(results.seen_differently) >= 2
    assert all(len(item.answers) >= 5 for item in results.seen_differently)
    # One agreed so far, the others wait for the one-page consensus.
    assert Consensus.objects.filter(round=focus).count() == 1


def test_the_demo_rounds_are_not_added_twice(demo):
    demo()
    answers = Answer.objects.count()

    demo()

    assert Round.objects.filter(ecosystem__slug="riverland").count() == 4
    assert Answer.objects.count() == answers


def test_scale_multiplies_the_respondents(demo):
    demo("--scale", "2")

    round = Round.objects.filter(ecosystem__slug="riverland").order_by("opened_at").first()
    assert round.responses.count() == 10 + len(COLLEAGUES) + 17


def test_the_demo_sign_ins_find_the_open_round_unanswered(demo):
    demo()

    current = Round.objects.get(ecosystem__slug="riverland", status="open")
    mine = current.responses.get(user__email="contributor@demo.example")
    assert mine.started_at is None
    assert not mine.answers.exists()


def test_the_demo_has_a_published_agenda_and_a_cycle_gathering_input(demo):
    demo()

    cycles = AgendaCycle.objects.filter(ecosystem__slug="riverland").order_by("session_start")
    assert [c.status for c in cycles] == ["published", "gathering"]
    published, gathering = cycles
    assert published.agendas.get().sign_ons.count() >= 5
    assert gathering.submissions.count() >= 5
    assert LegislativeIssue.objects.filter(submission__cycle=gathering).count() >= 4


def test_the_demo_ranking_counts_an_organization_with_several_scorers_once(demo):
    demo()

    published = AgendaCycle.objects.get(ecosystem__slug="riverland", status="published")
    ranked = ranking(published)
    capital = next(
        voice for voice in ranked[0].voices if voice.voice.name == "Capital City Public Library"
    )
    speaking_for_capital = Membership.objects.filter(
        organization__name="Capital City Public Library", role__gte=Role.CONTRIBUTOR
    )
    assert capital.people == speaking_for_capital.count() > 1
    # Capital City's members put state aid first; one voice each, the others'
    # broadband leads, where counting people would have put state aid first.
    assert [r.priority.title for r in ranked[:2]] == [
        "Broadband in every library",
        "Fair state aid for every library",
    ]
    per_person = dict(
        Score.objects.filter(priority__cycle=published)
        .values("priority__title")
        .annotate(mean=Avg("value"))
        .values_list("priority__title", "mean")
    )
    assert per_person["Fair state aid for every library"] > per_person["Broadband in every library"]
    assert published.agendas.get().content["priorities"][0]["title"] == ranked[0].priority.title


def test_the_demo_agenda_has_asks_and_some_organizations_that_did_not_sign(demo):
    demo()

    published, gathering = AgendaCycle.objects.filter(ecosystem__slug="riverland").order_by(
        "session_start"
    )
    agenda = published.agendas.get()
    for item in agenda.content["priorities"]:
        assert all(item["ask"].values()), item["title"]
        assert item["talking_points"], item["title"]
    signed = agenda.sign_ons.count()
    assert 0 < signed < Organization.objects.filter(ecosystem__slug="riverland").count()
    # The coming session: one merged priority is ready, one still lacks its ask.
    gaps = {priority.title: priority.gaps() for priority in gathering.priorities.all()}
    assert gaps == {
        "Broadband for rural and tribal libraries": [],
        "A certified librarian in every school": ["no ask"],
    }
    broadband = gathering.priorities.get(title__startswith="Broadband")
    assert broadband.legislative_issues.count() == 2


def test_the_demo_has_a_year_plan_around_the_coming_session(demo):
    demo()

    tasks = PlanTask.objects.filter(ecosystem__slug="riverland")
    assert tasks.count() >= 15
    assert tasks.filter(owner__isnull=False).count() == tasks.count()


def test_the_demo_rounds_have_not_sure_answers_and_libraries_with_several_voices(demo):
    demo()

    second = Round.objects.filter(ecosystem__slug="riverland", status="closed").latest("opened_at")
    per_organization = round_results(second)
    per_person = round_results(second, by=By.PERSON)
    assert Answer.objects.filter(response__round=second, not_sure=True).exists()
    assert any(item.summary.not_sure for item in per_person.indicators)
    voices = second.responses.filter(organization__name="Capital City Public Library")
    assert voices.count() > 1
    assert second.responses.filter(organization=None).exists(), "someone answers for no one"
    assert [i.summary for i in per_organization.indicators] != [
        i.summary for i in per_person.indicators
    ]
