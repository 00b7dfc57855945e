"""Errors reported to Sentry: a real event reaches a server standing for Sentry, and nothing
in it says who the visitor was."""

from __future__ import annotations

import gzip
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path

from config import sentry

pytestmark = pytest.mark.django_db

EMAIL = "ines.martin@example.org"


def fails(request):
    # Errors do quote addresses: a unique constraint, a message built from a form.
    raise ValueError(f"no account for {request.POST.get('login')}")


def invitation(request, token):
    raise ValueError("invitation failed")


urlpatterns = [path("fail/", fails), path("invitation/<str:token>/", invitation)]


class SentryStandIn(ThreadingHTTPServer):
    """Receives what the SDK sends: one envelope per POST, decompressed."""

    def __init__(self) -> None:
        self.envelopes: list[str] = []
        super().__init__(("127.0.0.1", 0), self.Handler)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding == "br":
                import brotli

                body = brotli.decompress(body)
            self.server.envelopes.append(body.decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass


@pytest.fixture
def sentry_events():
    server = SentryStandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sentry.init(
        dsn=f"http://publickey@127.0.0.1:{server.server_port}/1",
        environment="test",
        release="test-release",
        traces_sample_rate=0,
    )
    try:
        yield server.envelopes
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)
        server.shutdown()
        server.server_close()
        thread.join()


@override_settings(ROOT_URLCONF=__name__)
def test_an_error_reaches_sentry_without_the_visitors_cookie_or_email(
    sentry_events, django_user_model
):
    member = django_user_model.objects.create_user(email=EMAIL, password="x" * 12)
    visitor = Client(raise_request_exception=False)
    visitor.force_login(member)
    session_key = visitor.cookies[settings.SESSION_COOKIE_NAME].value

    response = visitor.post("/fail/?email=" + EMAIL, {"login": EMAIL, "message": "Bonjour"})
    sentry_sdk.flush(timeout=10)

    assert response.status_code == 500
    events = [envelope for envelope in sentry_events if '"type":"event"' in envelope]
    assert len(events) == 1
    event = events[0]
    assert "ValueError" in event and "no account for" in event
    assert '"environment":"test"' in event and '"release":"test-release"' in event
    assert response["X-Request-ID"] in event
    assert session_key not in event
    assert EMAIL not in event and "ines.martin" not in event
    assert "Bonjour" not in event


@override_settings(ROOT_URLCONF=__name__)
def test_a_secret_in_the_address_does_not_reach_sentry(sentry_events):
    token = "Zm9vYmFyLWludml0YXRpb24tMTIzNDU2Nzg5"

    Client(raise_request_exception=False).get(f"/invitation/{token}/")
    sentry_sdk.flush(timeout=10)

    events = [envelope for envelope in sentry_events if '"type":"event"' in envelope]
    assert len(events) == 1
    assert "invitation failed" in events[0]
    assert token not in events[0]
