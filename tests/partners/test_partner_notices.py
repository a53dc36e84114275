"""Each partner lead's monthly e-mail: the partners they lead that need attention, never a
resting partner for anything but its yearly reflection, once a month."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ecosystem.models import Notification
from partners import notices
from partners.models import Partner, Phase

TODAY = timezone.localdate


def monthly(world):
    return Notification.objects.filter(kind=notices.PARTNER_DIGEST, ecosystem=world.ecosystem)


def test_the_lead_gets_their_partners_that_need_attention_once_a_month(world):
    notices.partner_digests(TODAY())
    notices.partner_digests(TODAY())

    (message,) = monthly(world)
    assert message.recipient == world.users["editor"]
    assert "County Literacy Council" in message.body
    assert "?lead=" in message.action_url

    next_month = date(TODAY().year + (TODAY().month == 12), TODAY().month % 12 + 1, 1)
    notices.partner_digests(next_month)
    assert monthly(world).count() == 2


def test_a_resting_partner_whose_reflection_is_recent_is_left_in_peace(world):
    Partner.objects.filter(pk=world.partner.pk).update(phase=Phase.RESTING)

    notices.partner_digests(TODAY())

    assert not monthly(world).exists()
