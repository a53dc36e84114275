"""Helpers for Continuum tests: answering a round without going through the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from continuum import services
from continuum.models import Answer, Level, Response, Round
from ecosystem.models import Membership, Organization, Role, User

NOT_SURE = -1  # in ``answer_round``'s levels: the "not sure" answer


@pytest.fixture
def answer_round():
    """Submit answers for one member: ``levels`` maps indicator codes (or "*") to a level
    position (0 = lowest) or NOT_SURE; evidence is the member's email unless given."""

    def answer(
        round: Round,
        user: User,
        levels: dict[str, int],
        *,
        evidence: str | None = None,
        next_step: str = "",
        submit: bool = True,
    ) -> Response:
        response = round.responses.get(user=user)
        scale = list(Level.objects.filter(version=round.version).order_by("value"))
        rows = []
        for indicator in round.version.indicators.all():
            position = levels.get(indicator.code, levels.get("*"))
            if position is None:
                continue
            rows.append(
                Answer(
                    response=response,
                    indicator=indicator,
                    level=None if position == NOT_SURE else scale[position],
                    not_sure=position == NOT_SURE,
                    evidence=user.email if evidence is None else evidence,
                    next_step=next_step,
                )
            )
        Answer.objects.bulk_create(rows)
        response.started_at = timezone.now()
        response.submitted_at = timezone.now() if submit else None
        response.save()
        return response

    return answer


@pytest.fixture
def respondents(world) -> Callable[..., list[User]]:
    """Add ``count`` new contributors to the world's ecosystem (speaking for
    ``organization`` if given) and invite them to a round."""

    def add(round: Round, count: int, organization: Organization | None = None) -> list[User]:
        start = User.objects.count()
        users = []
        for i in range(count):
            user = User.objects.create_user(
                email=f"respondent{start + i}@example.org", full_name=f"Respondent {start + i}"
            )
            users.append(user)
            member = Membership.objects.create(
                user=user,
                ecosystem=world.ecosystem,
                role=Role.CONTRIBUTOR,
                organization=organization,
            )
            services.invite(round, [member])
        return users

    return add
