"""The partners' e-mail message: once a month, each partner lead gets the partners they
lead that need attention, with the first reason for each. Phase-aware like the to-do
list: a resting partner is only ever asked for its yearly reflection.

Written to the shared outbox (``ecosystem.notifications``); the worker sends it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.models import Ecosystem, Membership, Topic
from ecosystem.notifications.outbox import Message, month, notify

from .log.attention import Attention, asks_the_lead, needs_attention
from .models import Partner

PARTNER_DIGEST = "partner_digest"


def partner_digests(today: date) -> int:
    ecosystems = Ecosystem.objects.filter(
        pk__in=Partner.objects.active().filter(library_lead__isnull=False).values("ecosystem_id")
    )
    return sum(_for_ecosystem(ecosystem, today) for ecosystem in ecosystems)


def _for_ecosystem(ecosystem: Ecosystem, today: date) -> int:
    by_lead: dict[int, list[Attention]] = defaultdict(list)
    for item in needs_attention(ecosystem, today=today):
        if item.partner.library_lead_id and asks_the_lead(item):
            by_lead[item.partner.library_lead_id].append(item)
    leads = (
        Membership.objects.for_ecosystem(ecosystem)
        .filter(user_id__in=list(by_lead))
        .select_related("user")
    )
    messages = []
    for member in leads:
        items = by_lead[member.user_id]
        lines = [
            f"- {item.partner.name}: {item.reasons[0].text}"
            if item.reasons
            else f"- {item.partner.name}"
            for item in items
        ]
        messages.append(
            Message(
                member,
                _("%(count)s of your partners need attention (%(ecosystem)s)")
                % {"count": len(items), "ecosystem": ecosystem.name},
                "\n\n".join(
                    [
                        _(
                            "These partnerships of %(ecosystem)s, which you lead, are waiting "
                            "for something from you this month:"
                        )
                        % {"ecosystem": ecosystem.name},
                        "\n".join(lines),
                        _(
                            "A short call or a note in the log is often all it takes. "
                            "Resting partners are left in peace, except for their yearly "
                            "reflection."
                        ),
                    ]
                ),
                _("Open your partners"),
                reverse("partners:needs_attention", args=[ecosystem.slug])
                + f"?lead={member.user_id}",
                _("You get this once a month because you lead these partnerships."),
            )
        )
    return notify(
        ecosystem, Topic.PARTNERS, PARTNER_DIGEST, "partners", messages, period=month(today)
    )
