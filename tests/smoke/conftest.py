"""The smoke run's one topology, built once for the session (``make smoke``).

Needs nginx (/usr/sbin/nginx), redis-server and a PostgreSQL server: ``DATABASE_URL``
names the server (any database on it; the run creates its own ``udr_smoke_*`` database and
drops it at the end). ``SMOKE_DATABASE_TEMPLATE`` (optional): an already migrated database
to copy instead of migrating from nothing, for quicker runs while working on the checks.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.deploy import nginx
from tests.smoke.browser import Browser, Machine, sign_in
from tests.smoke.topology import Topology, production_topology

_running: list[Topology] = []


def _requirements_missing() -> str:
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        return (
            "The smoke run needs a PostgreSQL server: "
            "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres make smoke"
        )
    if not os.access(nginx.NGINX, os.X_OK):
        return f"The smoke run needs nginx ({nginx.NGINX}): apt-get install nginx"
    if not shutil.which("redis-server"):
        return "The smoke run needs redis-server: apt-get install redis-server"
    return ""


@pytest.fixture(scope="session")
def topology(tmp_path_factory) -> Topology:
    missing = _requirements_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    with production_topology(tmp_path_factory.mktemp("smoke"), os.environ["DATABASE_URL"]) as built:
        _running.append(built)
        try:
            yield built
        finally:
            _running.remove(built)


@pytest.fixture(scope="session")
def one(topology) -> Machine:
    return topology.one.machine


@pytest.fixture(scope="session")
def two(topology) -> Machine:
    return topology.two.machine


@pytest.fixture(scope="session")
def admin(topology, one) -> Browser:
    """The demo's administrator, signed in through machine one with the second factor
    (once: a TOTP code cannot be used twice)."""
    account = topology.facts["admin"]
    browser = Browser()
    response = sign_in(browser, one, account["email"], account["password"], account["totp_secret"])
    assert response.status == 302, f"The administrator could not sign in: {response.text[:2000]}"
    return browser


@pytest.fixture(autouse=True)
def _everything_restored(topology):
    """A check that failed half-way does not break the next ones."""
    yield
    topology.redis_relay.restore()
    topology.database_relay.restore()
    topology.sink.release()
    if not topology.worker.running:
        topology.start_worker()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _running:
        report.sections.append(("Logs of the smoke run's processes", _running[0].logs()))
