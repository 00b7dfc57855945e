"""Logs: every line of a request carries its id, JSON on demand; error emails keep secrets.

The JSON lines of a real process (gunicorn, LOG_FORMAT=json) are checked in
test_degraded_database.py.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpResponse, HttpResponseNotFound
from django.test import Client, override_settings
from django.urls import path
from pythonjsonlogger.json import JsonFormatter

from config.logging import RequestIDFilter, ThrottleRepeats

pytestmark = pytest.mark.django_db

logger = logging.getLogger("tests.config.logging")


def logs_something(request):
    logger.warning("something happened")
    return HttpResponse("ok")


def fails(request):
    raise RuntimeError(request.GET["message"])


def gone(request):
    return HttpResponseNotFound("gone")


urlpatterns = [path("log/", logs_something), path("fail/", fails), path("gone/", gone)]


@pytest.fixture
def json_lines():
    """The settings' console handler, writing the settings' JSON format into a buffer."""
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(item, RequestIDFilter) for item in handler.filters)
    )
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    buffer = io.StringIO()
    old_stream, old_formatter = console.setStream(buffer), console.formatter
    console.setFormatter(JsonFormatter(**options))
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        console.setStream(old_stream)
        console.setFormatter(old_formatter)


@override_settings(ROOT_URLCONF=__name__)
def test_a_log_line_of_a_request_carries_time_level_message_and_request_id(client, json_lines):
    response = client.get("/log/")

    line = next(line for line in json_lines() if line["logger"] == "tests.config.logging")
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "WARNING"
    assert line["message"] == "something happened"
    assert datetime.datetime.fromisoformat(line["timestamp"]).tzinfo is not None


@override_settings(ROOT_URLCONF=__name__)
def test_djangos_own_lines_carry_the_request_id_too(client, json_lines):
    """Django logs a 4xx answer after every middleware has returned."""
    response = client.get("/gone/")

    line = next(line for line in json_lines() if line["logger"] == "django.request")
    assert response.status_code == 404
    assert line["message"] == "Not Found: /gone/"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "WARNING"


def test_lines_outside_a_request_say_so(client, json_lines, home_page):
    client.get(home_page.url)
    logger.warning("after")

    assert json_lines()[-1]["request_id"] == "-"


def test_each_request_gets_its_own_id(client, home_page):
    first, second = client.get(home_page.url), client.get(home_page.url)

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_a_request_id_sent_without_a_trusted_proxy_is_ignored(client, home_page):
    response = client.get(home_page.url, headers={"X-Request-ID": "chosen-by-the-client"})

    assert response["X-Request-ID"] != "chosen-by-the-client"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_proxys_request_id_is_kept(client, home_page):
    proxy_id = uuid.uuid4().hex

    response = client.get(home_page.url, headers={"X-Request-ID": proxy_id})

    assert response["X-Request-ID"] == proxy_id


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize("sent", ["", "short", "x" * 129, "abc def ghi jkl", "id\nforged line"])
def test_a_request_id_that_does_not_look_like_one_is_replaced(client, home_page, sent):
    response = client.get(home_page.url, headers={"X-Request-ID": sent})

    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_repeated_errors_are_let_through_once_a_minute_and_counted():
    throttle = ThrottleRepeats(seconds=60)

    def record(text):
        try:
            raise ConnectionError(text)
        except ConnectionError as error:
            return logging.LogRecord(
                "x", logging.ERROR, "f", 1, "failed", (), (type(error), error, None)
            )

    let_through = [throttle.filter(record("refused")) for _ in range(5)]
    other_error = throttle.filter(record("timed out"))

    assert let_through == [True, False, False, False, False]
    assert other_error is True


def test_the_next_line_let_through_says_how_many_were_held_back(monkeypatch):
    throttle = ThrottleRepeats(seconds=60)
    now = [1000.0]
    monkeypatch.setattr("config.logging.time.monotonic", lambda: now[0])
    for _ in range(4):
        throttle.filter(logging.LogRecord("x", logging.ERROR, "f", 1, "Redis down", (), None))
    now[0] += 61
    later = logging.LogRecord("x", logging.ERROR, "f", 1, "Redis down", (), None)

    assert throttle.filter(later)
    assert later.held_back == 3
    assert later.getMessage() == "Redis down (3 more like this held back)"


@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Ops", "ops@example.org")])
def test_an_error_email_reaches_admins_without_the_session_cookie(django_user_model):
    member = django_user_model.objects.create_user(email="ines@example.org", password="x" * 12)
    visitor = Client(raise_request_exception=False)
    visitor.force_login(member)
    session_key = visitor.cookies[settings.SESSION_COOKIE_NAME].value
    # A message of its own: the emails are throttled by kind of error.
    message = uuid.uuid4().hex

    response = visitor.get("/fail/", {"message": message})

    assert response.status_code == 500
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.org"]
    assert message in mail.outbox[0].body
    assert session_key not in mail.outbox[0].body
