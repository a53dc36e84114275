"""Someone who accepts an invitation while Continuum rounds are open is asked to answer
them too, unless the coordinator unticked that on the invitation form.

The form names the open rounds and accepting adds the new member to them, so both need
the Continuum, which the foundation may not import (``tests/test_layers.py``: the tools
build on the foundation, never the other way round). The Continuum therefore hands its
two functions over here when Django starts (``ContinuumConfig.ready``). Until it has,
there are no open rounds to offer and none to join.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Ecosystem, Membership


@dataclass(frozen=True)
class OpenRounds:
    # The titles of the ecosystem's open rounds, for the invitation form.
    titles: Callable[[Ecosystem], list[str]]
    # Invites the member to every round open right now, if their role lets them answer,
    # within the caller's transaction; returns the titles of the rounds they were added to.
    join: Callable[[Membership], list[str]]


_connected: list[OpenRounds] = []  # at most one: the Continuum's


def connect(open_rounds: OpenRounds) -> None:
    _connected[:] = [open_rounds]  # connecting again replaces, never doubles


def open_round_titles(ecosystem: Ecosystem) -> list[str]:
    return [title for hooks in _connected for title in hooks.titles(ecosystem)]


def join_open_rounds(membership: Membership) -> list[str]:
    return [title for hooks in _connected for title in hooks.join(membership)]
