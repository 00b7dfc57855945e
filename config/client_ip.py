"""The client's address, as the sign-in lock-out (django-axes) must count it.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each proxy appends to ``X-Forwarded-For``
the address it received the request from. The nearest proxy (nginx) writes the last
entry, the one before it the entry before, and so on: the client is the
``TRUSTED_PROXY_COUNT``-th entry counted from the END. Whatever stands to its left was
sent by the client itself and proves nothing (reading the first entry, as many snippets
do, would let an attacker pick a new address for every guess, or lock someone else out).

allauth's rate limits read the same entry (``ALLAUTH_TRUSTED_PROXY_COUNT``, set from the
same variable), so both count one person as one address.

With no trusted proxy, ``X-Forwarded-For`` is ignored: the address is the connection's.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``); ``None`` when none is known."""
    remote_addr = _parse(request.META.get("REMOTE_ADDR", ""))
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count <= 0:
        return remote_addr
    # Repeated X-Forwarded-For headers reach Django joined by commas, in their order.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if not forwarded[0].strip() or len(forwarded) < proxy_count:
        # Fewer entries than trusted proxies: the request did not come through all of them
        # (a direct connection on the machine itself). Nothing in the header is trustworthy.
        return remote_addr
    return _parse(forwarded[-proxy_count]) or remote_addr


def _parse(value: str) -> str | None:
    """The address in ``value`` in its canonical spelling, without a port; ``None`` if none."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:52100"
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
