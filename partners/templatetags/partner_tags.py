"""Small display helpers of the partner pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def days_ago(day: date | None) -> str:
    """“today”, “yesterday”, “12 days ago”: contact gaps are counted in days, not months."""
    if day is None:
        return _("never")
    days = (timezone.localdate() - day).days
    if days < 0:
        return _("planned")
    if days == 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}
