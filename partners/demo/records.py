"""A demo partner's record and contact, then its log."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ecosystem.models import Ecosystem, User

from ..models import Contact, Partner
from .log import seed_log
from .specs import LIBRARY_INTERESTS, Spec


def seed_partner(ecosystem: Ecosystem, name: str, spec: Spec, index: int, lead: User | None) -> int:
    today = timezone.localdate()
    ended = spec.status == Partner.Status.ENDED
    partner = Partner.objects.create(
        ecosystem=ecosystem,
        name=name,
        sector=spec.sector,
        website=f"https://{spec.contact[2].split('@')[1]}",
        library_lead=lead,
        partner_needs=spec.needs,
        library_interest=LIBRARY_INTERESTS[spec.sector],
        interests=spec.interests,
        expertise=spec.expertise,
        library_brings=spec.brings,
        shared_goal=spec.goal,
        stage=spec.stage,
        phase=spec.phase,
        formalization=spec.formalization,
        status=spec.status,
        ended_on=today - timedelta(days=45) if ended else None,
        ending_reason=(
            "Their courses moved online and they no longer needed our labs." if ended else ""
        ),
        lessons_learned=(
            "Agree at the start what happens when one side's model changes; a written "
            "letter of commitment made ending simple and friendly."
            if ended
            else ""
        ),
    )
    contact_name, role, email = spec.contact
    Contact.objects.create(partner=partner, name=contact_name, role=role, email=email)
    created = 2
    return created + seed_log(partner, spec, index, lead)
