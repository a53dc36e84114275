"""The open rounds a newcomer joins when they accept an invitation (the foundation's side
is ``ecosystem/newcomers.py``; ``ContinuumConfig.ready`` connects the two)."""

from __future__ import annotations

from ecosystem.models import Ecosystem, Membership
from ecosystem.newcomers import OpenRounds

from . import services
from .models import Round


def open_round_titles(ecosystem: Ecosystem) -> list[str]:
    rounds = Round.objects.for_ecosystem(ecosystem).open().order_by("title")
    return list(rounds.values_list("title", flat=True))


def join_open_rounds(membership: Membership) -> list[str]:
    """Invite ``membership`` to every round of its ecosystem open at this moment, as if the
    coordinator had ticked them on each round's invitation list; viewers only read, so
    they are not invited (the same rule as ``services.eligible_respondents``)."""
    if not membership.can_contribute:
        return []
    # Locked, so a round closed at this very moment is either still open and joined, or
    # already closed and left alone: a closed round never gains someone who cannot answer.
    rounds = list(
        Round.objects.for_ecosystem(membership.ecosystem)
        .open()
        .select_for_update()
        .order_by("title")
    )
    return [round.title for round in rounds if services.invite(round, [membership])]


HOOKS = OpenRounds(titles=open_round_titles, join=join_open_rounds)
