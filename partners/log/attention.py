"""The "needs attention" list: active partners gone quiet, with late next steps or weak
health, and resting partners owed a reflection. Lists annotate, so it costs a fixed number
of queries whatever the number of partners.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from ecosystem.models import Ecosystem, User

from ..models import HealthCheck, Partner, Phase, Reflection
from .health import is_stale, weak_elements
from .interactions import overdue_q

QUIET_DAYS = 60  # "needs attention" after this many days without contact, unless changed
REFLECTION_MAX_AGE_DAYS = 365  # a resting partner is asked to reflect when none is this recent


@dataclass(frozen=True)
class Reason:
    """Why a partner needs attention. The code sorts and counts; the sentence is only
    written when a page shows it (the dashboard shows five reasons of hundreds, and
    wording them all was most of its time)."""

    code: str  # never_contacted, quiet, overdue, no_check, old_check, weak, reflect, let_go
    say: Callable[[], str] = field(repr=False, compare=False)
    # The page that does something about it, for those who may act (editors): where to
    # write the reflection, or to end the partnership. Others get the partner's page.
    action_url: str = ""
    action: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    @property
    def action_text(self) -> str:
        return self.action() if self.action else ""

    @property
    def text(self) -> str:
        return self.say()


@dataclass
class Attention:
    partner: Partner
    last_contact: date | None
    days_since_contact: int | None
    overdue_count: int
    oldest_overdue: date | None
    check: HealthCheck | None
    previous_check: HealthCheck | None = None
    last_reflection: Any = None  # when the latest reflection was written (a datetime)
    reasons: list[Reason] = field(default_factory=list)
    wait: int = 0  # days the most urgent matter has waited, for sorting

    @property
    def weak(self) -> list[str]:
        return weak_elements(self.check) if self.check else []

    @property
    def resting(self) -> bool:
        return self.partner.phase == Phase.RESTING

    @property
    def not_yet_twice(self) -> bool:
        """The last two health checks each rated some element "Not yet": the partnership
        has stayed short of something for two checks in a row."""
        return bool(
            self.check
            and self.previous_check
            and weak_elements(self.check)
            and weak_elements(self.previous_check)
        )


def asks_the_lead(item: Attention) -> bool:
    """Whether the partner's lead is asked to act (on their to-do list, in their monthly
    e-mail): a resting partner only when its yearly reflection is due; the rest of what
    the list says of it can wait."""
    return not item.resting or any(reason.code == "reflect" for reason in item.reasons)


def _partner_action(slug: str, partner: Partner, name: str) -> str:
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": slug, "pk": partner.pk})


def _garden_reasons(item: Attention, slug: str, today: date) -> list[Reason]:
    """What the garden's phase asks: a resting partner's reflection, and letting go of a
    partnership that keeps falling short."""
    reasons = []
    recent = today - timedelta(days=REFLECTION_MAX_AGE_DAYS)
    if item.resting and (
        item.last_reflection is None or timezone.localtime(item.last_reflection).date() < recent
    ):
        reasons.append(
            Reason(
                "reflect",
                lambda: gettext(
                    "Resting: no reflection written on it in the past year. Reflect on this "
                    "partnership before the next season."
                ),
                action_url=_partner_action(slug, item.partner, "reflection_create"),
                action=lambda: gettext("Reflect on this partnership"),
            )
        )
    if item.not_yet_twice:
        reasons.append(
            Reason(
                "let_go",
                lambda: gettext(
                    "Its last two health checks both rated something “Not yet”: consider "
                    "letting it go."
                ),
                action_url=_partner_action(slug, item.partner, "partner_end"),
                action=lambda: gettext("Let this partnership go"),
            )
        )
    return reasons


def _reasons(item: Attention, quiet_days: int, today: date) -> list[Reason]:
    reasons = []
    if item.resting:
        pass  # A resting garden is left alone on purpose: silence is not neglect.
    elif item.last_contact is None:
        reasons.append(
            Reason(
                "never_contacted",
                lambda: (
                    gettext("No contact logged since it was added on %(date)s.")
                    % {"date": date_format(timezone.localtime(item.partner.created_at).date())}
                ),
            )
        )
    elif item.days_since_contact is not None and item.days_since_contact > quiet_days:
        days, last = item.days_since_contact, item.last_contact
        reasons.append(
            Reason(
                "quiet",
                lambda: (
                    ngettext(
                        "No contact for %(days)s day: the last was on %(date)s.",
                        "No contact for %(days)s days: the last was on %(date)s.",
                        days,
                    )
                    % {"days": days, "date": date_format(last)}
                ),
            )
        )
    if item.overdue_count and item.oldest_overdue:
        count, oldest = item.overdue_count, item.oldest_overdue
        reasons.append(
            Reason(
                "overdue",
                lambda: (
                    ngettext(
                        "%(count)s next step is overdue: it was due on %(date)s.",
                        "%(count)s next steps are overdue: the oldest was due on %(date)s.",
                        count,
                    )
                    % {"count": count, "date": date_format(oldest)}
                ),
            )
        )
    check = item.check
    if check is None:
        reasons.append(Reason("no_check", lambda: gettext("No health check yet.")))
    elif is_stale(check, today):
        reasons.append(
            Reason(
                "old_check",
                lambda: (
                    gettext("The last health check is more than a year old (%(date)s).")
                    % {"date": date_format(check.date)}
                ),
            )
        )
    weak = item.weak
    if weak:
        reasons.append(
            Reason(
                "weak",
                lambda: (
                    gettext("Rated “Not yet” at the last health check: %(elements)s.")
                    % {"elements": "; ".join(weak)}
                ),
            )
        )
    return reasons


def _wait(item: Attention, today: date) -> int:
    """How long the most urgent matter has waited: the silence since the last contact (or
    since the partner was added), or the oldest overdue step; zero for health alone."""
    codes = {reason.code for reason in item.reasons}
    waits = [0]
    if "never_contacted" in codes:
        waits.append((today - timezone.localtime(item.partner.created_at).date()).days)
    if "quiet" in codes and item.days_since_contact is not None:
        waits.append(item.days_since_contact)
    if "overdue" in codes and item.oldest_overdue:
        waits.append((today - item.oldest_overdue).days)
    return max(waits)


def needs_attention(
    ecosystem: Ecosystem,
    *,
    quiet_days: int = QUIET_DAYS,
    lead: User | None = None,
    today: date | None = None,
) -> list[Attention]:
    """Active partners that need tending, each with its reasons in words, most urgent first:
    the most reasons, then the longest wait. Two queries, however many partners.

    The garden's phase changes what counts: a resting partner is not listed for silence
    but asked for its reflection; a partnership whose last two health checks both rated
    something "Not yet" is suggested for letting go."""
    today = today or timezone.localdate()
    late = overdue_q("interactions__", today)
    latest_check = (
        HealthCheck.objects.filter(partner=OuterRef("pk")).order_by("-date", "-pk").values("pk")
    )
    # Subqueries, not joins: a join on reflections would multiply the interaction counts.
    last_reflection = (
        Reflection.objects.filter(partner=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")
    )
    partners = (
        Partner.objects.for_ecosystem(ecosystem)
        .active()
        .select_related("library_lead")
        .annotate(
            last_contact=Max("interactions__date", filter=Q(interactions__date__lte=today)),
            overdue_count=Count("interactions", filter=late),
            oldest_overdue=Min("interactions__next_step_due", filter=late),
            latest_check_id=Subquery(latest_check[:1]),
            previous_check_id=Subquery(latest_check[1:2]),
            last_reflection=Subquery(last_reflection[:1]),
        )
        .order_by("name")
    )
    if lead is not None:
        partners = partners.filter(library_lead=lead)
    rows = list(partners)
    checks = HealthCheck.objects.in_bulk(
        [
            check_id
            for row in rows
            for check_id in (row.latest_check_id, row.previous_check_id)  # type: ignore[attr-defined]
            if check_id
        ]
    )
    items = []
    for row in rows:
        last: date | None = row.last_contact  # type: ignore[attr-defined]
        item = Attention(
            partner=row,
            last_contact=last,
            days_since_contact=(today - last).days if last else None,
            overdue_count=row.overdue_count,  # type: ignore[attr-defined]
            oldest_overdue=row.oldest_overdue,  # type: ignore[attr-defined]
            check=checks.get(row.latest_check_id),  # type: ignore[attr-defined]
            previous_check=checks.get(row.previous_check_id),  # type: ignore[attr-defined]
            last_reflection=row.last_reflection,  # type: ignore[attr-defined]
        )
        item.reasons = _reasons(item, quiet_days, today) + _garden_reasons(
            item, ecosystem.slug, today
        )
        if item.reasons:
            item.wait = _wait(item, today)
            items.append(item)
    items.sort(key=lambda item: (-len(item.reasons), -item.wait, item.partner.name.lower()))
    return items
