"""A request id on every log line of a request, and in its response (``X-Request-ID``).

The id comes from the reverse proxy (nginx's ``$request_id``) when the site is behind one
(``TRUSTED_PROXY_COUNT`` > 0) and the value looks like an id; otherwise a new one is made.
Without a trusted proxy the header would come from the client, who could then write what
it likes into the logs. The first middleware, so that every later log line carries it.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# nginx's $request_id is 32 hex digits; other proxies send UUIDs or similar tokens.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
NO_REQUEST = "-"

_current: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request this code runs for, "-" outside a request."""
    return _current.get()


def request_id_for(request) -> str:
    if settings.TRUSTED_PROXY_COUNT > 0:
        offered = request.META.get(META_KEY, "")
        if SANE_ID.fullmatch(offered):
            return offered
    return uuid.uuid4().hex


class RequestIDMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request)
        # Kept until the response is closed (request_finished), not reset on the way out:
        # Django logs a 4xx answer after the whole middleware chain has returned.
        _current.set(request_id)
        request.request_id = request_id
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget(**kwargs) -> None:
    _current.set(NO_REQUEST)


request_finished.connect(_forget, dispatch_uid="config.request_id.forget")
