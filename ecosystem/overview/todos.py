"""Your to-dos: what waits on the member who opens the home page, each item one link to the
place where it is done. Rounds to answer, the organization's agenda input to send and the
published agenda to sign on, the member's own year-plan tasks that are late or due within
two weeks, and the partners they lead that need attention.

Built from what the dashboard has already read (it counts "mine" for rounds and the
agenda, and lists every partner needing attention) plus two queries for the member's
tasks (the first few and their number), so the list costs the same whatever the size of
the ecosystem.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from agendas.models import PlanTask
from agendas.rules import may_edit_input
from ecosystem.models import Membership
from partners.log.attention import Attention, asks_the_lead

from .dashboard import SHOWN, Dashboard


class Kind(StrEnum):
    ROUND = "round"
    INPUT = "input"
    SIGN_ON = "sign_on"
    TASK = "task"
    PARTNER = "partner"


@dataclass(frozen=True)
class Todo:
    kind: Kind
    text: str  # what to do, in a sentence that names the record
    link: str  # the words of the one link, which go where it is done
    url: str
    today: date
    due: date | None = None
    detail: str = ""  # why, where the text alone does not say it

    @property
    def days_left(self) -> int | None:
        """Days until it is due: 0 today, negative once late, None without a date."""
        return (self.due - self.today).days if self.due else None

    @property
    def is_late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass(frozen=True)
class Todos:
    items: tuple[Todo, ...]
    more_tasks: int = 0  # the member's tasks due soon or late beyond those listed
    more_partners: int = 0
    tasks_url: str = ""
    partners_url: str = ""

    @property
    def count(self) -> int:
        return len(self.items) + self.more_tasks + self.more_partners


def _url(name: str, *args: object, query: dict[str, object] | None = None) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _rounds(board: Dashboard, slug: str) -> list[Todo]:
    return [
        Todo(
            Kind.ROUND,
            _("Answer the Continuum round “%(round)s”.") % {"round": item.round.title},
            _("Answer now"),
            _url("continuum:answer_step", slug, item.round.pk, 1),
            board.today,
            due=item.round.due_date,
        )
        for item in board.open_rounds
        if item.invited_me and not item.submitted_mine
    ]


def _agenda(board: Dashboard, membership: Membership, slug: str) -> list[Todo]:
    panel, organization = board.agenda, membership.organization
    if panel.cycle is None or organization is None:
        return []
    names = {"org": organization.name, "cycle": panel.cycle.title}
    todos = []
    # After the deadline the input no longer changes (short of a coordinator reopening it
    # for one organization), so asking for it would lead to a page that refuses.
    owes_input = panel.cycle.is_gathering and not panel.mine_sent and not panel.deadline_passed
    if owes_input and may_edit_input(membership, organization):
        todos.append(
            Todo(
                Kind.INPUT,
                (
                    _("Finish the input of %(org)s to “%(cycle)s” and send it.")
                    if panel.mine_started
                    else _("Give the input of %(org)s to “%(cycle)s”.")
                )
                % names,
                _("Open the input") if panel.mine_started else _("Give the input"),
                _url("agendas:input", slug, panel.cycle.pk, organization.pk),
                board.today,
                due=panel.cycle.input_deadline,
            )
        )
    if panel.agenda is not None and not panel.mine_signed and membership.can_contribute:
        todos.append(
            Todo(
                Kind.SIGN_ON,
                _("Sign %(org)s on to version %(number)s of the agenda “%(cycle)s”.")
                % {**names, "number": panel.agenda.number},
                _("Read the agenda and sign on"),
                _url("agendas:agenda_detail", slug, panel.cycle.pk, panel.agenda.number),
                board.today,
            )
        )
    return todos


def _tasks(membership: Membership, slug: str, today: date) -> tuple[list[Todo], int]:
    """The member's open tasks that are late or due within the horizon, soonest first."""
    tasks = (
        PlanTask.objects.for_ecosystem(membership.ecosystem)
        .due_soon_or_late(today)
        .filter(owner_id=membership.user_id)
    )
    first = list(tasks.order_by("due_date", "title", "pk")[:SHOWN])
    total = tasks.count()
    plan = _url("agendas:plan", slug, query={"owner": membership.user_id})
    return [
        Todo(
            Kind.TASK,
            _("Your task in the year plan: %(task)s") % {"task": task.title},
            _("Open it in the plan"),
            f"{plan}#task-{task.pk}",
            today,
            due=task.due_date,
        )
        for task in first
    ], total - len(first)


def _tended(board: Dashboard) -> list[Attention]:
    """The member's partners needing attention, where a resting one counts only when its
    yearly reflection is due: the rest of what the list says of it can wait."""
    return [item for item in board.attention.mine if asks_the_lead(item)]


def _partners(board: Dashboard, membership: Membership, slug: str) -> list[Todo]:
    """The partners the member leads that need attention, most urgent first, each with
    its first reason. A resting partner is only ever asked for its yearly reflection."""
    todos = []
    for item in _tended(board)[:SHOWN]:
        reason = item.reasons[0] if item.reasons else None
        if item.resting:
            reason = next(r for r in item.reasons if r.code == "reflect")
        # The page that acts on the reason is for editors; others get the partner's page.
        acts = reason is not None and reason.action_url and membership.can_edit
        todos.append(
            Todo(
                Kind.PARTNER,
                _("%(partner)s, a partnership you lead, needs attention.")
                % {"partner": item.partner.name},
                reason.action_text if reason and acts else _("Open the partner"),
                reason.action_url
                if reason and acts
                else _url("partners:partner_detail", slug, item.partner.pk),
                board.today,
                detail=reason.text if reason else "",
            )
        )
    return todos


def todos(board: Dashboard, membership: Membership) -> Todos:
    """What waits on ``membership``'s member: dated items soonest first (late ones lead),
    then the undated ones."""
    slug = membership.ecosystem.slug
    tasks, more_tasks = _tasks(membership, slug, board.today)
    dated = [*_rounds(board, slug), *_agenda(board, membership, slug), *tasks]
    dated.sort(key=lambda todo: (todo.due is None, todo.due or board.today))
    items = (*dated, *_partners(board, membership, slug))
    return Todos(
        items=tuple(items),
        more_tasks=more_tasks,
        more_partners=max(len(_tended(board)) - SHOWN, 0),
        tasks_url=_url("agendas:plan", slug, query={"owner": membership.user_id}),
        partners_url=_url("partners:needs_attention", slug, query={"lead": membership.user_id}),
    )
