"""The agendas' e-mail messages, to the people who act on them:

- a cycle opens for input: each organization's representatives are asked for it;
- its input deadline nears: the representatives of organizations that have sent nothing;
- an agenda version is published: each organization's representatives are asked to sign on;
- an organization signs on: the coordinators (in their daily digest unless they chose
  otherwise);
- a year-plan task is given to someone: its new owner; and once a week each owner gets
  their tasks that are late or due within two weeks.

Messages go to the shared outbox (``ecosystem.notifications``); the worker sends them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ecosystem.models import Ecosystem, Membership, Role, Topic, User
from ecosystem.notifications.outbox import Message, notify, week

from .models import AgendaCycle, PlanTask, PublishedAgenda, SignOn, Submission

INPUT_REQUESTED, INPUT_REMINDER = "input_requested", "input_reminder"
SIGN_ON_REQUESTED, SIGNED_ON = "sign_on_requested", "signed_on"
TASK_ASSIGNED, TASK_DIGEST = "task_assigned", "task_digest"
INPUT_REMINDER_DAYS = 3  # before the input deadline


def key(cycle: AgendaCycle) -> str:
    return f"agendas.cycle:{cycle.pk}"


def _agenda_key(agenda: PublishedAgenda) -> str:
    return f"{key(agenda.cycle)}/agenda:{agenda.number}"


def representatives(
    ecosystem: Ecosystem, organizations: list[int] | None = None
) -> list[Membership]:
    """The members who speak for an organization and may act for it (contributors and
    up), of every organization or of those listed."""
    members = (
        Membership.objects.for_ecosystem(ecosystem)
        .filter(organization__isnull=False, role__gte=Role.CONTRIBUTOR)
        .select_related("user", "organization")
        .order_by("organization__name", "user__full_name")
    )
    if organizations is not None:
        members = members.filter(organization_id__in=organizations)
    return list(members)


def _for_org(member: Membership) -> str:
    assert member.organization is not None  # representatives() has only those with one
    return _("You get this because you speak for %(org)s in %(ecosystem)s.") % {
        "org": member.organization.name,
        "ecosystem": member.ecosystem.name,
    }


def _input_message(cycle: AgendaCycle, member: Membership, lead: str, subject: str) -> Message:
    assert member.organization is not None
    return Message(
        member,
        subject,
        "\n\n".join(
            [
                lead,
                _("Input is due on %(date)s. Until then you can change it as often as you like.")
                % {"date": date_format(cycle.input_deadline)},
            ]
        ),
        _("Give the input of %(org)s") % {"org": member.organization.name},
        reverse("agendas:input", args=[cycle.ecosystem.slug, cycle.pk, member.organization.pk]),
        _for_org(member),
    )


def input_requested(cycle: AgendaCycle, *, period: str = "") -> int:
    """The cycle gathers input: ask every organization for it. ``period`` tells a cycle
    opened again apart from its first opening."""
    names = {"cycle": cycle.title, "ecosystem": cycle.ecosystem.name}
    messages = []
    for member in representatives(cycle.ecosystem):
        assert member.organization is not None
        lead = _(
            "%(ecosystem)s is building its shared agenda for “%(cycle)s” and asks each "
            "organization what matters most to it: its top concerns, what it is working on, "
            "and the legislative and advocacy issues it wants the agenda to carry. Please "
            "give the input of %(org)s."
        ) % {**names, "org": member.organization.name}
        subject = _("Your input to the agenda “%(cycle)s” is invited (%(ecosystem)s)") % names
        messages.append(_input_message(cycle, member, lead, subject))
    return notify(
        cycle.ecosystem, Topic.AGENDA, INPUT_REQUESTED, key(cycle), messages, period=period
    )


def input_reminders(today: date) -> int:
    """A few days before the deadline, remind the organizations that have sent nothing."""
    cycles = AgendaCycle.objects.filter(
        status=AgendaCycle.Status.GATHERING,
        input_deadline__gte=today,
        input_deadline__lte=today + timedelta(INPUT_REMINDER_DAYS),
    ).select_related("ecosystem")
    written = 0
    for cycle in cycles:
        sent = set(
            Submission.objects.filter(cycle=cycle)
            .submitted()
            .values_list("organization_id", flat=True)
        )
        names = {"cycle": cycle.title, "ecosystem": cycle.ecosystem.name}
        messages = []
        for member in representatives(cycle.ecosystem):
            if member.organization_id in sent:
                continue
            assert member.organization is not None
            lead = _("%(org)s has not sent its input to the agenda “%(cycle)s” yet.") % {
                **names,
                "org": member.organization.name,
            }
            subject = _("Reminder: the input of %(org)s to “%(cycle)s” is due soon") % {
                **names,
                "org": member.organization.name,
            }
            messages.append(_input_message(cycle, member, lead, subject))
        written += notify(
            cycle.ecosystem,
            Topic.AGENDA,
            INPUT_REMINDER,
            key(cycle),
            messages,
            period=f"due:{cycle.input_deadline.isoformat()}",
        )
    return written


def agenda_published(agenda: PublishedAgenda) -> int:
    cycle = agenda.cycle
    names = {"cycle": cycle.title, "ecosystem": cycle.ecosystem.name, "number": agenda.number}
    body = (
        _(
            "Version %(number)s of the shared agenda “%(cycle)s” of %(ecosystem)s is published. "
            "Read it, and if your organization stands behind it, sign on: the agenda then names "
            "it among its supporters, which is what gives the agenda its weight with "
            "decision-makers."
        )
        % names
    )
    return notify(
        cycle.ecosystem,
        Topic.AGENDA,
        SIGN_ON_REQUESTED,
        _agenda_key(agenda),
        [
            Message(
                member,
                _("Will your organization sign on to the agenda “%(cycle)s”? (%(ecosystem)s)")
                % names,
                body,
                _("Read the agenda and sign on"),
                reverse(
                    "agendas:agenda_detail", args=[cycle.ecosystem.slug, cycle.pk, agenda.number]
                ),
                _for_org(member),
            )
            for member in representatives(cycle.ecosystem)
        ],
    )


def signed_on(sign_on: SignOn) -> int:
    agenda = sign_on.agenda
    cycle = agenda.cycle
    names = {
        "org": sign_on.organization.name,
        "cycle": cycle.title,
        "number": agenda.number,
        "ecosystem": cycle.ecosystem.name,
    }
    signers = SignOn.objects.filter(agenda=agenda).count()
    body = _(
        "%(org)s signed on to version %(number)s of the agenda “%(cycle)s”. "
        "%(count)s organizations stand behind it now."
    ) % {**names, "count": signers}
    coordinators = (
        Membership.objects.for_ecosystem(cycle.ecosystem).coordinators().select_related("user")
    )
    return notify(
        cycle.ecosystem,
        Topic.SIGN_ONS,
        SIGNED_ON,
        f"{_agenda_key(agenda)}/org:{sign_on.organization_id}",
        [
            Message(
                member,
                _("%(org)s signed on to the agenda “%(cycle)s”") % names,
                body,
                _("See who has signed on"),
                reverse(
                    "agendas:agenda_detail", args=[cycle.ecosystem.slug, cycle.pk, agenda.number]
                ),
                _("You get this because you coordinate %(ecosystem)s.") % names,
            )
            for member in coordinators
        ],
    )


def _plan_url(ecosystem: Ecosystem, owner_id: int) -> str:
    return reverse("agendas:plan", args=[ecosystem.slug]) + "?" + urlencode({"owner": owner_id})


def task_assigned(task: PlanTask, by: User | AbstractBaseUser | None) -> int:
    """Tell a task's new owner, unless they gave it to themselves."""
    if task.owner_id is None or task.owner_id == getattr(by, "pk", None):
        return 0
    member = (
        Membership.objects.for_ecosystem(task.ecosystem)
        .filter(user_id=task.owner_id)
        .select_related("user")
        .first()
    )
    if member is None:
        return 0
    giver = by.get_full_name() if isinstance(by, User) else _("A coordinator")
    names = {"task": task.title, "ecosystem": task.ecosystem.name}
    body = "\n\n".join(
        [
            _("%(giver)s gave you a task in the year plan of %(ecosystem)s: “%(task)s”.")
            % {**names, "giver": giver},
            _("It is due on %(date)s.") % {"date": date_format(task.due_date)},
        ]
    )
    return notify(
        task.ecosystem,
        Topic.TASKS,
        TASK_ASSIGNED,
        f"agendas.task:{task.pk}",
        [
            Message(
                member,
                _("A task for you: %(task)s (%(ecosystem)s)") % names,
                body,
                _("Open it in the plan"),
                f"{_plan_url(task.ecosystem, member.user_id)}#task-{task.pk}",
                _("You get this because the task is yours in %(ecosystem)s.") % names,
            )
        ],
        period=f"owner:{task.owner_id}",
    )


def task_digests(today: date) -> int:
    """Once a week, each owner's open tasks that are late or due within two weeks."""
    tasks = (
        PlanTask.objects.due_soon_or_late(today)
        .filter(owner__isnull=False)
        .select_related("ecosystem")
        .order_by("due_date", "title", "pk")
    )
    by_owner: dict[tuple[int, int], list[PlanTask]] = defaultdict(list)
    for task in tasks:
        assert task.owner_id is not None
        by_owner[(task.ecosystem_id, task.owner_id)].append(task)
    members = {
        (m.ecosystem_id, m.user_id): m
        for m in Membership.objects.filter(
            user_id__in={owner for _eco, owner in by_owner},
            ecosystem_id__in={eco for eco, _owner in by_owner},
        ).select_related("user", "ecosystem")
    }
    written = 0
    for (ecosystem_id, owner_id), owned in by_owner.items():
        member = members.get((ecosystem_id, owner_id))
        if member is None:
            continue
        ecosystem = member.ecosystem
        lines = [
            (
                _("%(task)s: late, it was due on %(date)s")
                if task.due_date < today
                else _("%(task)s: due on %(date)s")
            )
            % {"task": task.title, "date": date_format(task.due_date)}
            for task in owned
        ]
        late = sum(1 for task in owned if task.due_date < today)
        intro = _(
            "Your tasks in the year plan of %(ecosystem)s that are late or due within two weeks "
            "(%(count)s, %(late)s of them late):"
        ) % {"ecosystem": ecosystem.name, "count": len(owned), "late": late}
        written += notify(
            ecosystem,
            Topic.TASKS,
            TASK_DIGEST,
            "agendas.plan",
            [
                Message(
                    member,
                    _("Your tasks this week: %(count)s due soon or late (%(ecosystem)s)")
                    % {"count": len(owned), "ecosystem": ecosystem.name},
                    "\n\n".join([intro, "\n".join(f"- {line}" for line in lines)]),
                    _("Open your tasks"),
                    _plan_url(ecosystem, owner_id),
                    _("You get this once a week because these tasks are yours."),
                )
            ],
            period=week(today),
        )
    return written
