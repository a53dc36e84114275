"""The security event log: sign-ins, failures, lockouts, two-factor and role changes.

Every event goes to the ``workbench.security`` logger, one line each, with the event,
the person, the network address and the time (the log formatter's timestamp), so an
operator can alert on it. Values are JSON-quoted: an email address typed into the
sign-in form cannot forge a second log line.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest

from .addresses import client_ip

logger = logging.getLogger("workbench.security")

# Events a monitoring rule should look at: the rest are routine.
WARNING_EVENTS = {
    "sign_in_failed",
    "locked_out",
    "two_factor_failed",
    "two_factor_disabled",
    "recovery_code_used",
}


def _quote(value: Any) -> str:
    return json.dumps(value if isinstance(value, int | bool | None) else str(value))


def log_event(
    event: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    email: str | None = None,
    **details: Any,
) -> None:
    fields: dict[str, Any] = {"event": event}
    if user is not None and getattr(user, "pk", None) is not None:
        fields["user_id"] = user.pk
        fields["user"] = user.email
    elif email is not None:
        fields["user"] = email
    fields["ip"] = client_ip(request) if request is not None else None
    fields.update(details)
    level = logging.WARNING if event in WARNING_EVENTS else logging.INFO
    text = " ".join(f"{key}={_quote(value)}" for key, value in fields.items())
    logger.log(level, "security %s", text, extra={"security": fields})
