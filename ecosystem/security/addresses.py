"""Which network address a request comes from.

Without a proxy it is the connection's own address. Behind ``DJANGO_PROXY_COUNT``
trusted proxies (``DJANGO_BEHIND_PROXY`` on), each proxy appends the address it received
the request from to ``X-Forwarded-For``, so the client is the entry that many places from
the right: anything further left was written by the client and proves nothing. Taking
the left-most entry would let one attacker pick any address (and lock out its owner);
taking ``REMOTE_ADDR`` behind a proxy would put every visitor in one lockout bucket.

django-ipware (which django-axes would use) expects each proxy to list itself as well,
and answers "unknown" for the usual one-proxy chain, so the rule is written out here
and given to django-axes as ``AXES_CLIENT_IP_CALLABLE``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(candidate: str) -> str | None:
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    chain = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry]
    if len(chain) < proxies:
        # The request did not pass through every proxy (someone reached the app
        # directly, or the proxies are set up differently from what was declared).
        return remote
    return _valid(chain[-proxies]) or remote
