"""Demo ties for the Webs of Connection: most organizations connected the way a real state's
are (the association to its chapters, the state library funding systems, Friends to their
library...), some partners tied in, and gaps left on purpose so the coverage checklist has
something to close: the tribal library stands alone, and several kinds are missing.

Two snapshots make the comparison worth looking at: last year's web (fewer ties, the
special library and the LIS school still alone, one tie since ended) and this year's.
Deterministic: the same ecosystem always gets the same web.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from ecosystem.models import Ecosystem, Organization, Role, User

from ..models import Partner, Sector
from .graph import take_snapshot
from .models import Connection, WebSnapshot

K = Organization.Kind
C = Connection.Kind
S = Connection.Strength

# Left alone in both years: a gap the checklist points at.
ALONE = {K.TRIBAL_LIBRARY}
# Alone last year, tied in this year: the comparison shows the gap closing.
JOINED_THIS_YEAR = {K.SPECIAL_LIBRARY, K.LIS_SCHOOL}


@dataclass(frozen=True)
class Tie:
    """Tie each organization of ``kind`` to up to ``reach`` of ``to``'s kind (those
    sharing a word of their name first: a town's Friends to the town's library)."""

    kind: str
    to: str
    connection: str
    strength: int
    reach: int = 2
    new: bool = False  # made this year: not in last year's snapshot
    ended: bool = False  # in last year's snapshot only


TIES = [
    Tie(K.STATE_ASSOCIATION, K.STATE_AGENCY, C.FORMAL_AGREEMENT, S.STRONG),
    Tie(K.STATE_ASSOCIATION, K.SCHOOL_LIBRARY_ASSOCIATION, C.SHARED_MEMBERS, S.STRONG),
    Tie(K.STATE_ASSOCIATION, K.ACRL_CHAPTER, C.SHARED_MEMBERS, S.STRONG),
    Tie(K.STATE_ASSOCIATION, K.PLA_CHAPTER, C.SHARED_MEMBERS, S.WORKING),
    Tie(K.STATE_ASSOCIATION, K.ASSOCIATION_CHAPTER, C.SHARED_MEMBERS, S.WORKING),
    Tie(K.STATE_ASSOCIATION, K.PUBLIC_LIBRARY, C.COMMUNICATION, S.LIGHT, reach=3),
    Tie(K.STATE_ASSOCIATION, K.TRUSTEES, C.COMMUNICATION, S.LIGHT),
    Tie(K.STATE_AGENCY, K.LIBRARY_SYSTEM, C.FUNDING, S.STRONG),
    Tie(K.STATE_AGENCY, K.PUBLIC_LIBRARY, C.FUNDING, S.WORKING),
    Tie(K.STATE_AGENCY, K.CONSORTIUM, C.FUNDING, S.WORKING, new=True),
    Tie(K.STATE_LIBRARY, K.STATE_AGENCY, C.FORMAL_AGREEMENT, S.STRONG),
    Tie(K.LIBRARY_SYSTEM, K.PUBLIC_LIBRARY, C.FORMAL_AGREEMENT, S.STRONG),
    Tie(K.LIBRARY_SYSTEM, K.SCHOOL_LIBRARY, C.JOINT_PROGRAM, S.LIGHT, new=True),
    Tie(K.CONSORTIUM, K.ACADEMIC_LIBRARY, C.FORMAL_AGREEMENT, S.STRONG, reach=3),
    Tie(K.ACRL_CHAPTER, K.ACADEMIC_LIBRARY, C.SHARED_MEMBERS, S.WORKING),
    Tie(K.SCHOOL_LIBRARY_ASSOCIATION, K.SCHOOL_LIBRARY, C.SHARED_MEMBERS, S.WORKING),
    Tie(K.SCHOOL_LIBRARY, K.PUBLIC_LIBRARY, C.JOINT_PROGRAM, S.WORKING, reach=1),
    Tie(K.FRIENDS, K.PUBLIC_LIBRARY, C.FUNDING, S.STRONG, reach=1),
    Tie(K.FOUNDATION, K.PUBLIC_LIBRARY, C.FUNDING, S.STRONG, reach=1),
    Tie(K.FOUNDATION, K.STATE_ASSOCIATION, C.INFORMAL, S.LIGHT, reach=1, ended=True),
    Tie(K.TRUSTEES, K.PUBLIC_LIBRARY, C.FORMAL_AGREEMENT, S.STRONG, reach=1),
    Tie(K.LITERACY, K.PUBLIC_LIBRARY, C.JOINT_PROGRAM, S.WORKING),
    Tie(K.LITERACY, K.STATE_ASSOCIATION, C.COMMUNICATION, S.LIGHT, reach=1, new=True),
    Tie(K.SPECIAL_LIBRARY, K.ACADEMIC_LIBRARY, C.INFORMAL, S.LIGHT, reach=1, new=True),
    Tie(K.LIS_SCHOOL, K.ACADEMIC_LIBRARY, C.JOINT_PROGRAM, S.WORKING, reach=1, new=True),
    Tie(K.LIS_SCHOOL, K.STATE_ASSOCIATION, C.COMMUNICATION, S.LIGHT, reach=1, new=True),
    Tie(K.VENDOR, K.CONSORTIUM, C.FORMAL_AGREEMENT, S.WORKING, reach=1),
]

# A partner's sector decides which kinds of organization it works with, and how.
PARTNER_TIES: dict[str, tuple[tuple[str, ...], str, int]] = {
    Sector.GOVERNMENT: ((K.STATE_AGENCY, K.PUBLIC_LIBRARY), C.FORMAL_AGREEMENT, S.STRONG),
    Sector.BUSINESS: ((K.PUBLIC_LIBRARY,), C.JOINT_PROGRAM, S.LIGHT),
    Sector.NONPROFIT: ((K.LITERACY, K.PUBLIC_LIBRARY), C.JOINT_PROGRAM, S.WORKING),
    Sector.EDUCATION: ((K.SCHOOL_LIBRARY, K.PUBLIC_LIBRARY), C.JOINT_PROGRAM, S.STRONG),
    Sector.HEALTH: ((K.SPECIAL_LIBRARY, K.PUBLIC_LIBRARY), C.JOINT_PROGRAM, S.WORKING),
    Sector.MEDIA: ((K.STATE_ASSOCIATION,), C.COMMUNICATION, S.WORKING),
    Sector.FAITH: ((K.PUBLIC_LIBRARY,), C.INFORMAL, S.LIGHT),
    Sector.PHILANTHROPY: ((K.FOUNDATION, K.STATE_ASSOCIATION), C.FUNDING, S.STRONG),
    Sector.OTHER: ((K.PUBLIC_LIBRARY,), C.INFORMAL, S.LIGHT),
}
PARTNERS_TIED = 12  # of the demo's partners, the first this many (by name) are in the web


def seed(
    ecosystem: Ecosystem,
    organizations: Sequence[Organization],
    partners: Sequence[Partner],
    scale: int = 1,
) -> int:
    """Tie the given organizations and partners together, and take last year's and this
    year's snapshots. Only into an ecosystem with no ties yet; returns the records added."""
    if Connection.objects.for_ecosystem(ecosystem).exists():
        return 0
    rng = random.Random(ecosystem.slug)  # noqa: S311 -- demo data, not secrets
    today = timezone.localdate()
    creator = (
        User.objects.filter(memberships__ecosystem=ecosystem, memberships__role__gte=Role.EDITOR)
        .order_by("pk")
        .first()
    )
    by_kind: dict[str, list[Organization]] = {}
    for organization in sorted(organizations, key=lambda o: (o.name, o.pk)):
        if organization.kind not in ALONE:
            by_kind.setdefault(organization.kind, []).append(organization)
    common = _common_words(organizations)

    old: list[Connection] = []
    ended: list[Connection] = []
    new: list[Connection] = []
    seen: set[tuple[int, int, str]] = set()

    def since(is_new: bool) -> date:
        if is_new:
            return date(today.year, rng.randint(1, today.month), 1)
        return date(today.year - rng.randint(1, 9), rng.randint(1, 12), 1)

    for tie in TIES:
        for organization in by_kind.get(tie.kind, []):
            others = _choose(rng, organization, by_kind.get(tie.to, []), tie.reach, common)
            for other in others:
                pair = sorted((organization.pk, other.pk))
                key = (pair[0], pair[1], str(tie.connection))
                if other.pk == organization.pk or key in seen:
                    continue
                seen.add(key)
                is_new = tie.new or bool({tie.kind, tie.to} & JOINED_THIS_YEAR)
                connection = Connection(
                    ecosystem=ecosystem,
                    organization=organization,
                    other_organization=other,
                    kind=tie.connection,
                    strength=tie.strength,
                    since=since(is_new),
                    created_by=creator,
                )
                (new if is_new else ended if tie.ended else old).append(connection)

    tied = sorted(
        (p for p in partners if p.status != Partner.Status.ENDED), key=lambda p: (p.name, p.pk)
    )[: PARTNERS_TIED * scale]
    for index, partner in enumerate(tied):
        kinds, kind, strength = PARTNER_TIES.get(partner.sector, PARTNER_TIES[Sector.OTHER])
        candidates = [org for k in kinds for org in by_kind.get(k, [])]
        if not candidates:
            continue
        organization = _choose(rng, partner, candidates, 1, common)[0]
        # A quarter of the partners joined the web this year.
        is_new = index % 4 == 3 or organization.kind in JOINED_THIS_YEAR
        connection = Connection(
            ecosystem=ecosystem,
            organization=organization,
            partner=partner,
            kind=kind,
            strength=strength,
            since=since(is_new),
            created_by=creator,
        )
        (new if is_new else old).append(connection)

    # Partners also work with each other (a clinic and a food bank sharing volunteers):
    # every third partner in the web is tied to the next one, when their sectors differ.
    for first, second in zip(tied[::3], tied[1::3], strict=False):
        if first.sector == second.sector:
            continue
        old.append(
            Connection(
                ecosystem=ecosystem,
                first_partner=first,
                partner=second,
                kind=C.SHARED_MEMBERS if first.sector < second.sector else C.INFORMAL,
                strength=S.LIGHT,
                since=since(False),
                created_by=creator,
            )
        )

    # Last year's web, then what changed since: the ties that ended, and the new ones.
    Connection.objects.bulk_create(old + ended)
    last_year = take_snapshot(ecosystem, today.year - 1, creator)
    WebSnapshot.objects.filter(pk=last_year.pk).update(
        taken_at=timezone.make_aware(datetime.combine(date(today.year - 1, 12, 1), time(10)))
    )
    Connection.objects.filter(pk__in=[connection.pk for connection in ended]).delete()
    Connection.objects.bulk_create(new)
    take_snapshot(ecosystem, today.year, creator)
    return len(old) + len(new) + 2


def _common_words(organizations: Sequence[Organization]) -> set[str]:
    """Words too common to say two organizations belong together ("Library", the state)."""
    counts = Counter(word for org in organizations for word in set(org.name.split()))
    threshold = max(3, len(organizations) // 5)
    return {word for word, count in counts.items() if count > threshold}


def _choose(
    rng: random.Random,
    near: Organization | Partner,
    candidates: list[Organization],
    count: int,
    common: set[str],
) -> list[Organization]:
    """Up to ``count`` candidates: those sharing a telling word of ``near``'s name first
    (the town, usually), then a fair pick of the rest."""
    words = {word for word in near.name.split() if len(word) > 3 and word not in common}
    close = [c for c in candidates if words & set(c.name.split())]
    rest = [c for c in candidates if c not in close]
    rng.shuffle(rest)
    return (close + rest)[:count]
