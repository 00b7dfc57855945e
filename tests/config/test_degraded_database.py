"""The database unreachable: visitors get a 503 page that asks them to come back, not a 500.

In process, a view and a middleware raise what Django raises when the connection fails;
then the site runs for real (gunicorn, production settings) with a database that cannot
be reached, SQLite and PostgreSQL, and answers through the whole stack.
"""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.test import Client, override_settings
from django.urls import path
from wagtail.models import Site

from tests.config.servers import free_port, start_site

# --- in process -------------------------------------------------------------------------


def lost_connection(request):
    raise OperationalError("connection to server failed: Connection refused")


def closed_connection(request):
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError as error:
        raise RuntimeError("while rendering") from error


def bug(request):
    raise ZeroDivisionError


urlpatterns = [
    path("lost/", lost_connection),
    path("closed/", closed_connection),
    path("bug/", bug),
]
handler500 = "home.views.server_error"


class DatabaseDownMiddleware:
    """What the session or authentication middleware raises when the session row cannot be
    read: an error outside any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("could not connect to server")


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "momentanément indisponible" in html
    assert '<div lang="en">' in html and "briefly unavailable" in html


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/lost/", "/closed/"])
def test_a_view_that_loses_the_database_answers_503(visitor, url, db):
    assert_unavailable_page(visitor.get(url))


@override_settings(ROOT_URLCONF=__name__)
def test_a_bug_is_still_a_500(visitor, db):
    response = visitor.get("/bug/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_middleware_that_loses_the_database_answers_503_without_a_query(
    visitor, db, django_assert_num_queries
):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        f"{__name__}.DatabaseDownMiddleware",
    )
    with override_settings(MIDDLEWARE=middleware), django_assert_num_queries(0):
        response = visitor.get("/fr/")

    assert_unavailable_page(response)


@override_settings(PAGE_CACHE_SECONDS=300)
def test_the_503_page_is_never_kept_by_the_page_cache(visitor, home_page):
    with mock.patch.object(Site, "find_for_request", side_effect=OperationalError("down")):
        unavailable = visitor.get(home_page.url)

    back = visitor.get(home_page.url)

    assert unavailable.status_code == 503
    assert back.status_code == 200
    assert "Un premier réseau" in back.content.decode()


# --- for real ---------------------------------------------------------------------------

UNREACHABLE_DATABASES = {
    "sqlite": "sqlite:////nonexistent-folder/udr/db.sqlite3",
    "postgresql": f"postgresql://postgres@127.0.0.1:{free_port()}/none",
}
HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module", params=sorted(UNREACHABLE_DATABASES))
def site_without_database(request):
    site = start_site(
        {
            "DATABASE_URL": UNREACHABLE_DATABASES[request.param],
            "LOG_FORMAT": "json",
            "ADMINS": "Ops <ops@example.org>",
            # The administrators' emails are printed: the test counts them.
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        }
    )
    yield site
    site.stop()


def test_visitors_get_the_503_page_with_retry_after(site_without_database):
    answer = site_without_database.get("/fr/", HTTPS)

    assert answer.status == 503, answer.body[:500]
    assert answer.headers["retry-after"] == "60"
    assert "no-store" in answer.headers["cache-control"]
    assert "momentanément indisponible" in answer.body
    assert len(answer.headers["x-request-id"]) == 32


def test_a_signed_in_visitor_gets_the_503_page_too(site_without_database):
    """The session is read from the database before any view runs."""
    cookie = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345", **HTTPS}

    answer = site_without_database.get("/fr/espace/", cookie)

    assert answer.status == 503, answer.body[:500]
    assert "momentanément indisponible" in answer.body


def test_healthz_answers_and_readyz_says_the_database_is_failing(site_without_database):
    # Over plain HTTP, as a load balancer probes: no redirect to HTTPS.
    health = site_without_database.get("/healthz")
    ready = site_without_database.get("/readyz")

    assert (health.status, health.body) == (200, "ok\n")
    assert ready.status == 503
    checks = json.loads(ready.body)["checks"]
    assert json.loads(ready.body)["status"] == "failing"
    assert checks["database"]["status"] == "failing"
    assert checks["migrations"]["status"] == "failing"
    assert "127.0.0.1" not in ready.body and "nonexistent" not in ready.body


def test_the_outage_is_logged_with_the_request_id_and_mailed_once(site_without_database):
    answers = [site_without_database.get("/fr/", HTTPS) for _ in range(3)]
    request_ids = {answer.headers["x-request-id"] for answer in answers}

    lines = site_without_database.stderr().splitlines()
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    errors = [line for line in logged if line["logger"] == "django.request"]
    assert request_ids <= {line["request_id"] for line in errors}
    assert all(line["level"] == "ERROR" and line["timestamp"] for line in errors)
    assert any("OperationalError" in line.get("exc_info", "") for line in errors)
    # One email per process and kind of error, however many requests failed.
    mails = site_without_database.stdout()
    assert mails.count("Subject: [Django] ERROR (EXTERNAL IP): Service Unavailable: /fr/") == 1
