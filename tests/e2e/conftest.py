"""Browser tests: Debian's Chromium, driven by Playwright, against a live Django server.

Run them with ``make e2e``. The demo content (``manage.py load_demo``, idempotent) is
loaded at the start of each module into the test database, which the live server
shares. The database is not reset between tests: they see each other's writes (only the
volunteer-call and contact tests write, and they compare before and after).

Fixtures:
- ``site_server``: the live server (session), on the test database;
- ``demo_site``: the live server with the demo loaded (module);
- ``demo_pages``, ``demo_paths``: one demo page of each public type per language, and
  its path (see tests/e2e/pages.py);
- ``chromium_browser``: Debian's Chromium (session; never ``playwright install``);
- ``open_context``: opens browser contexts (French by default, ``bypass_csp`` so that
  axe-core can be injected) whose every request is recorded; the test fails if any
  request goes to another host than the live server, a response is a server error
  (or a resource is missing), or a page raises a JavaScript error;
- ``visitor``: a page in a French visitor's context.
"""

from __future__ import annotations

import gc
import io
import os
import threading
import warnings
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Playwright's sync API runs an asyncio loop in the main thread, where the tests also use
# the ORM; Django refuses that unless told it is safe (it is: nothing else runs there).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import override_settings
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.e2e.helpers import assert_accessible  # noqa: F401 - re-exported for tests
from tests.e2e.pages import DemoPages, DemoPaths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
LOCAL_SCHEMES = ("data", "blob", "about")


def pytest_configure(config):
    # Wagtail leaves the temporary file of each new image rendition for the garbage
    # collector (wagtail/images/models.py, generate_rendition_file); the browser tests
    # make renditions in the live server, and the warning would fail whichever test runs
    # when the collector passes.
    config.addinivalue_line(
        "filterwarnings", "ignore:Unclosed file <tempfile.SpooledTemporaryFile:ResourceWarning"
    )


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """The test database, created whatever the tests ask for.

    pytest-django creates it only for tests marked ``django_db`` (or using ``db``), and
    those flush it after each test; the browser tests keep the demo for a whole module.
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        _close_server_sessions()
        teardown_databases(db_cfg, verbosity=0)


def _close_server_sessions() -> None:
    """On PostgreSQL, end the sessions the live server's threads left open.

    A thread of the server can leave its connection open behind it, and PostgreSQL
    refuses to drop a database that has sessions. Only the test database is touched.
    """
    if connection.vendor != "postgresql":
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )


@pytest.fixture(scope="session")
def site_server(django_db_setup):
    """A live server on the test database, with media served (see tests/e2e/urls.py)."""
    name = str(connection.settings_dict["NAME"])
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    assert in_memory or name.startswith("test_"), f"not a test database: {name}"
    urlconf = override_settings(ROOT_URLCONF="tests.e2e.urls")
    urlconf.enable()
    with warnings.catch_warnings():
        # WhiteNoise looks for collected files (STATIC_ROOT) that tests do not build; the
        # live server serves static files from the finders instead.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        server = LiveServer("127.0.0.1")
    server._live_server_modified_settings.enable()
    yield server
    _wait_for_request_threads()
    server._live_server_modified_settings.disable()
    server.stop()
    urlconf.disable()
    with warnings.catch_warnings():
        # Sockets of keep-alive connections the stopped server left to the collector.
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _wait_for_request_threads(timeout: float = 10) -> None:
    """Let the server's request threads end (the browser has closed its connections):
    each closes its database connection as it ends, and PostgreSQL refuses to drop the
    test database while one is open."""
    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)
        if getattr(target, "__name__", "") == "process_request_thread":
            thread.join(timeout)


@dataclass
class DemoSite:
    url: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    def absolute(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="module")
def demo_site(site_server, django_db_blocker):
    """The live server with the demo content; the database stays open for the module."""
    with django_db_blocker.unblock():
        # load_demo refuses to run with DEBUG off (production): the browser tests opt in for
        # that call alone, the site keeps serving with DEBUG off.
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())
        yield DemoSite(url=site_server.url)


@pytest.fixture(scope="module")
def demo_pages(demo_site):
    """One demo page of each public type, per language: ``demo_pages["story", "fr"]``."""
    return DemoPages()


@pytest.fixture(scope="module")
def demo_paths(demo_pages):
    """Their paths: ``demo_paths["story", "fr"]``, ``demo_paths["not_found", "en"]``."""
    return DemoPaths(demo_pages)


@pytest.fixture(scope="session")
def chromium_browser(site_server):
    """Debian's Chromium; closed before the live server stops (it depends on it)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class NetworkLog:
    """What the browser asked for, and what went wrong, in one test."""

    origin: str
    requests: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" == self.origin


@pytest.fixture
def network_log(demo_site):
    return NetworkLog(origin=demo_site.url)


@pytest.fixture
def open_context(chromium_browser, demo_site, network_log):
    """Open browser contexts on the demo site; check their traffic when the test ends."""
    contexts = []

    def block_third_party(route):
        if network_log.is_local(route.request.url):
            route.continue_()
        else:
            network_log.third_party.append(route.request.url)
            route.abort("blockedbyclient")

    def open_(locale: str = "fr-FR", **options):
        options = {
            "base_url": demo_site.url,
            "locale": locale,
            "bypass_csp": True,
            "viewport": {"width": 1280, "height": 900},
            **options,
        }
        context = chromium_browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda request: network_log.requests.append(request.url))
        context.on("response", _record_failure)
        context.on("page", lambda page: page.on("pageerror", _record_error))
        context.route("**/*", block_third_party)
        contexts.append(context)
        return context

    def _record_failure(response):
        # A page may answer 404 (the 404 page is tested); its resources may not, and
        # nothing may answer a server error.
        is_page = response.request.resource_type == "document"
        if response.status >= 500 or (response.status >= 400 and not is_page):
            network_log.failed.append(f"{response.status} {response.url}")

    def _record_error(error):
        network_log.page_errors.append(str(error))

    yield open_

    for context in contexts:
        context.close()
    problems = []
    if network_log.third_party:
        problems.append(
            "Requests to another host than the live server:\n    "
            + "\n    ".join(sorted(set(network_log.third_party)))
        )
    if network_log.failed:
        problems.append("Failed responses:\n    " + "\n    ".join(network_log.failed))
    if network_log.page_errors:
        problems.append("JavaScript errors:\n    " + "\n    ".join(network_log.page_errors))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def visitor(open_context):
    """A page in a French visitor's browser."""
    return open_context().new_page()
