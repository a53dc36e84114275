"""A partner's log, harvests, health and reflections: the queries behind their pages, the
partner page's sections, the profile PDF and the "needs attention" list.

Everything here costs a fixed number of queries, whatever the length of a log or the
number of partners: sections read a bounded slice plus one aggregate, lists annotate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Ecosystem, User

from .models import (
    HEALTH_ELEMENTS,
    Harvest,
    HealthCheck,
    Interaction,
    Partner,
    Phase,
    Rating,
    Reflection,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECENT = 10  # entries of the log and of the harvest shown on the partner page
QUIET_DAYS = 60  # "needs attention" after this many days without contact, unless changed
CHECK_MAX_AGE_DAYS = 365  # a health check older than this no longer says how things are
REFLECTION_MAX_AGE_DAYS = 365  # a resting partner is asked to reflect when none is this recent

HEALTH_FIELDS = [name for name, _label in HEALTH_ELEMENTS]

# What each element of a healthy partnership means (the facts are seed 003's).
HEALTH_EXPLANATIONS: dict[str, StrOrPromise] = {
    "interests": _(
        "Both sides get something they care about out of the work, not only the library."
    ),
    "adaptability": _(
        "You planned from the start how the work can bend when things change, and how it "
        "carries on when money or people move on."
    ),
    "communication": _("You talk often, check together how it is going, and adjust along the way."),
    "ownership": _(
        "People in the community help shape and run the work, so it belongs to them too."
    ),
}


def overdue_q(prefix: str = "", today: date | None = None) -> Q:
    """Next steps past their due date and not done (``prefix`` reaches them through a
    relation, e.g. ``"interactions__"``); the same rule as ``overdue_next_steps()``."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}next_step_due__lt": today, f"{prefix}next_step_done": False}) & ~Q(
        **{f"{prefix}next_step": ""}
    )


# --- Contact: the last one, and the next steps that are late ---------------------------------


@dataclass(frozen=True)
class ContactSummary:
    count: int
    last_contact: date | None
    days_since: int | None
    overdue_count: int
    oldest_overdue: date | None


def contact_summary(partner: Partner, today: date | None = None) -> ContactSummary:
    """One query: how many entries the log has, the last contact and the overdue steps."""
    today = today or timezone.localdate()
    late = overdue_q(today=today)
    stats = partner.interactions.order_by().aggregate(
        count=Count("pk"),
        last_contact=Max("date", filter=Q(date__lte=today)),
        overdue_count=Count("pk", filter=late),
        oldest_overdue=Min("next_step_due", filter=late),
    )
    last = stats["last_contact"]
    return ContactSummary(
        count=stats["count"],
        last_contact=last,
        days_since=(today - last).days if last else None,
        overdue_count=stats["overdue_count"],
        oldest_overdue=stats["oldest_overdue"],
    )


# --- Harvests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HarvestTotals:
    count: int
    people_reached: int
    sessions_held: int
    dollars_raised: Decimal


def harvest_totals(harvests: QuerySet[Harvest]) -> HarvestTotals:
    """The sums over ``harvests`` (empty figures count as nothing), in one query."""
    sums = harvests.order_by().aggregate(
        count=Count("pk"),
        people=Sum("people_reached"),
        sessions=Sum("sessions_held"),
        dollars=Sum("dollars_raised"),
    )
    return HarvestTotals(
        count=sums["count"],
        people_reached=sums["people"] or 0,
        sessions_held=sums["sessions"] or 0,
        dollars_raised=sums["dollars"] or Decimal("0"),
    )


def harvests_of(ecosystem: Ecosystem) -> QuerySet[Harvest]:
    """Every harvest of the ecosystem's partners, newest first, with its partner."""
    return (
        Harvest.objects.filter(partner__ecosystem=ecosystem)
        .select_related("partner")
        .order_by("-date", "-pk")
    )


def shared_harvests(ecosystem: Ecosystem, year: int | None = None) -> QuerySet[Harvest]:
    """The harvests the ecosystem chose to share in reports and advocacy materials, newest
    first, optionally from one year: what the coordinator's report draws from."""
    harvests = harvests_of(ecosystem).filter(share_in_reports=True)
    if year is not None:
        harvests = harvests.filter(date__year=year)
    return harvests


def harvest_years(ecosystem: Ecosystem) -> list[int]:
    dates = (
        Harvest.objects.filter(partner__ecosystem=ecosystem)
        .dates("date", "year", order="DESC")
        .distinct()
    )
    return [day.year for day in dates]


# --- Health ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementHealth:
    """One element of a health check, next to how it was rated the time before."""

    name: str
    label: str
    explanation: str
    rating: int
    previous: int | None

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label)

    @property
    def previous_label(self) -> str:
        return str(Rating(self.previous).label) if self.previous else ""

    @property
    def trend(self) -> str:
        """ "first", "up", "down" or "same": templates say it in words."""
        if self.previous is None:
            return "first"
        if self.rating > self.previous:
            return "up"
        if self.rating < self.previous:
            return "down"
        return "same"

    @property
    def is_weak(self) -> bool:
        return self.rating == Rating.NOT_YET


def elements(latest: HealthCheck, previous: HealthCheck | None = None) -> list[ElementHealth]:
    return [
        ElementHealth(
            name=name,
            label=str(label),
            explanation=str(HEALTH_EXPLANATIONS[name]),
            rating=getattr(latest, name),
            previous=getattr(previous, name) if previous else None,
        )
        for name, label in HEALTH_ELEMENTS
    ]


def weak_elements(check: HealthCheck) -> list[str]:
    """The elements a check rated "Not yet"."""
    return [str(label) for name, label in HEALTH_ELEMENTS if getattr(check, name) == 1]


def is_stale(check: HealthCheck | None, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return check is None or check.date < today - timedelta(days=CHECK_MAX_AGE_DAYS)


# --- The partner page's sections -------------------------------------------------------------


@dataclass(frozen=True)
class PartnerLog:
    entries: list[Interaction]
    contact: ContactSummary

    @property
    def has_more(self) -> bool:
        return self.contact.count > len(self.entries)


@dataclass(frozen=True)
class PartnerHarvest:
    entries: list[Harvest]
    totals: HarvestTotals

    @property
    def has_more(self) -> bool:
        return self.totals.count > len(self.entries)


@dataclass(frozen=True)
class PartnerHealth:
    latest: HealthCheck | None
    previous: HealthCheck | None
    contact: ContactSummary
    elements: list[ElementHealth] = field(default_factory=list)
    stale: bool = False


@dataclass(frozen=True)
class PartnerReflections:
    entries: list[Reflection]
    this_year: int
    # Shown when the latest reflection decided to let go and the partnership still runs.
    suggest_ending: bool = False

    @property
    def has_this_year(self) -> bool:
        return any(reflection.year == self.this_year for reflection in self.entries)


def health_section(partner: Partner, contact: ContactSummary) -> PartnerHealth:
    checks = list(partner.health_checks.select_related("checked_by")[:2])
    latest = checks[0] if checks else None
    previous = checks[1] if len(checks) > 1 else None
    return PartnerHealth(
        latest=latest,
        previous=previous,
        contact=contact,
        elements=elements(latest, previous) if latest else [],
        stale=is_stale(latest),
    )


def reflection_section(partner: Partner) -> PartnerReflections:
    entries = list(partner.reflections.select_related("written_by").order_by("-year"))
    latest = entries[0] if entries else None
    return PartnerReflections(
        entries=entries,
        this_year=timezone.localdate().year,
        suggest_ending=bool(
            latest
            and latest.decision == Reflection.Decision.LET_GO
            and partner.status != Partner.Status.ENDED
        ),
    )


def detail_context(partner: Partner) -> dict[str, Any]:
    """What the log, harvest, health and reflection partials need, in a fixed number of
    queries (six) whatever the log's length."""
    contact = contact_summary(partner)
    return {
        "partner_log": PartnerLog(
            entries=list(partner.interactions.select_related("recorded_by")[:RECENT]),
            contact=contact,
        ),
        "partner_harvest": PartnerHarvest(
            entries=list(partner.harvests.all()[:RECENT]),
            totals=harvest_totals(partner.harvests.all()),
        ),
        "partner_health": health_section(partner, contact),
        "partner_reflections": reflection_section(partner),
    }


def profile_context(partner: Partner) -> dict[str, Any]:
    """Everything the partner profile PDF prints: the whole log and harvest, the latest
    health check and every reflection, in a fixed number of queries."""
    contact = contact_summary(partner)
    return {
        "partner": partner,
        "contacts": list(partner.contacts.all()),
        "documents": list(partner.documents.order_by("-uploaded_at")),
        "interactions": list(partner.interactions.select_related("recorded_by")),
        "contact": contact,
        "harvests": list(partner.harvests.all()),
        "totals": harvest_totals(partner.harvests.all()),
        "health": health_section(partner, contact),
        "reflections": reflection_section(partner).entries,
    }


# --- An interaction's history ----------------------------------------------------------------

HISTORY_FIELDS = [
    "date",
    "kind",
    "summary",
    "participants",
    "outcome",
    "next_step",
    "next_step_due",
    "next_step_done",
]


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: Any  # a datetime
    who: User | None
    created: bool
    changes: list[Change]
    # The oldest record kept is a change, not the creation (e.g. entries imported in bulk):
    # what it changed is unknown.
    untracked: bool = False


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return gettext("(empty)")
    if name == "kind":
        return str(Interaction.Kind(value).label) if value in Interaction.Kind.values else value
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, date):
        return date_format(value)
    return str(value)


def interaction_history(interaction: Interaction) -> list[HistoryEntry]:
    """Who changed what and when, newest first, in one query."""
    records = list(
        interaction.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = {
        name: str(cast("models.Field[Any, Any]", Interaction._meta.get_field(name)).verbose_name)
        for name in HISTORY_FIELDS
    }
    entries = []
    previous = None
    for record in records:
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=HISTORY_FIELDS)
            changes = [
                Change(
                    label=labels[change.field].capitalize(),
                    old=_shown(change.field, change.old),
                    new=_shown(change.field, change.new),
                )
                for change in sorted(delta.changes, key=lambda c: HISTORY_FIELDS.index(c.field))
            ]
        if previous is None or changes:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    created=record.history_type == "+",
                    changes=changes,
                    untracked=previous is None and record.history_type != "+",
                )
            )
        previous = record
    return entries[::-1]


# --- Needs attention -------------------------------------------------------------------------


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
