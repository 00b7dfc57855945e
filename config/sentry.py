"""Error reports to Sentry (or a compatible service) when ``SENTRY_DSN`` is set.

The site holds minors' data: what leaves for a third party is the error, its stack and
the address of the page, never who the visitor is. The SDK is told to collect nothing
personal (``data_collection``), and ``before_send`` checks again: no cookies, bodies,
query strings or credential headers, no secrets in addresses (invitation and
password-reset links), and no email address anywhere in the event (an exception message,
a log line, a breadcrumb). Local variables of the stack are not sent at all.
"""

from __future__ import annotations

import re
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.redis import RedisIntegration

from config.request_id import current_request_id

FILTERED = "[Filtered]"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A path segment that looks like a key: long, with a digit (invitation tokens, allauth's
# email-confirmation and password-reset keys, signed values). Slugs rarely match.
SECRET_SEGMENT = re.compile(r"/(?=[^/?#]*\d)[A-Za-z0-9_:.=-]{20,}")
CREDENTIAL_HEADERS = {"cookie", "authorization", "proxy-authorization", "x-csrftoken"}
# Request headers sent with an event. Not the Referer (it may hold an invitation link) nor
# the forwarded client address.
SHARED_HEADERS = [
    "host",
    "user-agent",
    "accept",
    "accept-language",
    "content-type",
    "content-length",
    "x-forwarded-proto",
    "x-request-id",
]


def init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        # Redis breadcrumbs name the keys, and a session's key is its cookie.
        disabled_integrations=[RedisIntegration()],
        # What the SDK collects by itself (sentry-sdk's data_collection, which replaces
        # send_default_pii): no user, cookies, bodies, query strings, SQL parameters or
        # local variables; only headers that say nothing of the visitor.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": SHARED_HEADERS}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
            "gen_ai": {"inputs": False, "outputs": False},
        },
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=before_send,
        before_send_transaction=before_send,
    )


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        request.pop("env", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: FILTERED if name.lower() in CREDENTIAL_HEADERS else value
                for name, value in headers.items()
            }
        request.pop("query_string", None)
        if isinstance(request.get("url"), str):
            request["url"] = SECRET_SEGMENT.sub("/" + FILTERED, request["url"])
    event.pop("user", None)
    # The id that the log lines of the same request carry (config.request_id).
    request_id = current_request_id()
    if request_id != "-":
        event.setdefault("tags", {})["request_id"] = request_id
    return _without_emails(event)


def _without_emails(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL.sub(FILTERED, value)
    if isinstance(value, dict):
        return {key: _without_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_emails(item) for item in value]
    return value
