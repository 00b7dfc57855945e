"""Redis down or flushed: the site keeps serving and nobody is signed out.

The cache is the production one (config.settings.base.redis_caches) pointed at a port where
nothing listens, or at a real Redis: REDIS_URL when set, else the local one (database 4),
skipped when none runs. The flush test empties that Redis database.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache, caches
from django.test import override_settings
from django.urls import reverse

from config.settings import base
from tests.members.factories import PASSWORD, UserFactory, with_totp

pytestmark = pytest.mark.django_db

LOCAL_REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"


def closed_port() -> int:
    """A port nothing listens on: bound by us, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_cache(url: str, **more):
    """The production cache and session settings, with allauth's rate limits and django-axes
    on as in production (the test settings switch them off)."""
    return override_settings(
        CACHES=base.redis_caches(url),
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        SESSION_CACHE_ALIAS="sessions",
        ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS,
        AXES_ENABLED=True,
        AUTHENTICATION_BACKENDS=base.AUTHENTICATION_BACKENDS,
        **more,
    )


@pytest.fixture
def unreachable_redis():
    with production_cache(f"redis://127.0.0.1:{closed_port()}/0"):
        yield


@pytest.fixture
def empty_cache():
    """The project-wide fixture clears the default cache around each test: here that cache
    is the one under test (unreachable, or the local Redis), cleared by the tests."""
    yield


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_public_pages_answer_and_the_ignored_error_is_logged(client, home_page, caplog):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    with production_cache(url), caplog.at_level(logging.ERROR, logger="config.cache"):
        response = client.get(home_page.url)

    assert response.status_code == 200
    assert "Un premier réseau" in response.content.decode()
    logged = [record for record in caplog.records if record.name == "config.cache"]
    assert logged, "the ignored cache error was not logged"
    assert "Connection" in logged[0].exc_text or "Connection" in str(logged[0].exc_info[1])


@pytest.mark.usefixtures("unreachable_redis")
def test_sign_in_works_with_its_rate_limits_and_lock_out_on(client):
    member = UserFactory()

    page = client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert page.status_code == 200
    assert response.status_code == 302, response.content.decode()[:500]
    assert response.url != reverse("account_login")
    # The session lives in the database: the next request still knows who this is.
    assert client.get(reverse("members:dashboard")).status_code in {200, 302}
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.usefixtures("unreachable_redis")
def test_a_staff_member_signs_in_with_the_second_factor(client):
    """allauth marks each code as used with cache.add; a miss must not read as "used"."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    secret = with_totp(staff)

    first = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    second = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert first.url == reverse("mfa_authenticate")
    assert second.status_code == 302
    assert second.url != reverse("mfa_authenticate")
    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.usefixtures("unreachable_redis")
def test_a_wrong_password_is_still_refused(client):
    member = UserFactory()

    response = client.post(reverse("account_login"), {"login": member.email, "password": "non"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


class CountingServer:
    """A TCP server that accepts connections and closes them at once, counting them: a Redis
    that is there but does not answer."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _address = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_after_a_failed_connection_the_process_stops_trying_for_a_while():
    server = CountingServer()
    try:
        with production_cache(f"redis://127.0.0.1:{server.port}/0"):
            answers = [cache.get("key", "missed") for _ in range(5)]
            added = cache.add("lock", True)
    finally:
        server.close()

    assert answers == ["missed"] * 5
    assert added is True
    assert server.connections == 1


@pytest.fixture
def local_redis():
    with production_cache(LOCAL_REDIS):
        if not cache.set("probe", "yes") or cache.get("probe") != "yes":
            pytest.skip(f"no Redis at {LOCAL_REDIS}")
        cache.clear()
        yield
        cache.clear()


@pytest.mark.usefixtures("local_redis")
def test_a_flushed_cache_signs_nobody_out(client):
    member = UserFactory()
    client.force_login(member)
    dashboard = reverse("members:dashboard")
    before = client.get(dashboard)
    # The session was read from Redis, and is there until the flush.
    cached = caches["sessions"].get(session_cache_key(client))

    cache.clear()
    after = client.get(dashboard)

    assert cached is not None
    assert before.status_code == after.status_code
    assert client.session["_auth_user_id"] == str(member.pk)
    assert not (after.status_code == 302 and after.url.startswith(reverse("account_login")))


@pytest.mark.usefixtures("local_redis")
def test_a_sessions_cached_copy_lives_at_most_ten_minutes(client):
    """An instance cut off from Redis cannot delete it at sign-out: the copy must not
    outlive the sign-out for two weeks on the other instances."""
    client.force_login(UserFactory())

    seconds_left = caches["sessions"].ttl(session_cache_key(client))

    assert 0 < seconds_left <= 600


def session_cache_key(client) -> str:
    return f"django.contrib.sessions.cached_db{client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_production_settings_keep_sessions_in_the_database_behind_redis():
    """config.settings.base read with REDIS_URL set, in a process of its own."""
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS, "
        "s.CACHES['default']['OPTIONS']['IGNORE_EXCEPTIONS'], "
        "s.CACHES['sessions']['OPTIONS']['MAX_TIMEOUT'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "x",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    env.pop("SESSION_CACHE_SECONDS", None)

    output = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()

    assert output == ["django.contrib.sessions.backends.cached_db", "sessions", "True", "600"]
