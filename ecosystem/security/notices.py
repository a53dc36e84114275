"""Telling people by e-mail when how they sign in has changed.

Someone who changed their own password expects nothing; someone whose password was
changed by whoever stole it needs to know at once, and what to do. So every change to
how a person signs in (password, two-factor sign-in, recovery codes, signing out every
other browser) sends a short notice to the account's address, with when, from where and
a link to set a new password.

A notice that cannot be sent is logged and the change stands: the person made it, and a
mail server being down must not undo it or show them an error page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import User
from ..models.security import describe_browser
from ..services import MAIL_FAILURES
from ..validators import single_line
from .addresses import client_ip

logger = logging.getLogger(__name__)


def _what(kind: str) -> str:
    # Worded when sent, in the language active then.
    return {
        "password_changed": _("The password of your account was changed."),
        "password_reset": _("A new password was set for your account through a reset link."),
        "two_factor_enabled": _("Two-factor sign-in was turned on for your account."),
        "two_factor_disabled": _("Two-factor sign-in was turned off for your account."),
        "two_factor_disabled_by_admin": _(
            "A site administrator turned two-factor sign-in off for your account, which is "
            "done when someone has lost their phone. Set it up again from your account page."
        ),
        "recovery_codes_replaced": _(
            "New recovery codes were made for your account; the earlier ones no longer work."
        ),
        "sessions_ended": _("Your account was signed out of every browser but one."),
    }[kind]


def send_notice(request: HttpRequest, user: User, kind: str) -> bool:
    """Send the notice; False (and a log line) if the mail server did not take it."""
    context = {
        "user": user,
        "what": _what(kind),
        "when": timezone.localtime(),
        "address": client_ip(request) or _("an unknown address"),
        "browser": describe_browser(request.META.get("HTTP_USER_AGENT", "")),
        "reset_url": request.build_absolute_uri(reverse("accounts:password_reset")),
    }
    subject = single_line(_("Library Ecosystem Workbench: %(what)s") % {"what": context["what"]})
    body = render_to_string("emails/security_notice.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except MAIL_FAILURES:
        logger.warning("Security notice %s to user %s was not sent", kind, user.pk, exc_info=True)
        return False
    return True
