"""The nginx configuration of the deployment example, run by Debian's nginx in front of a
small WSGI application that says what it received (tests/deploy/nginx.py renders it)."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import threading
from pathlib import Path
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.test import RequestFactory, override_settings

from config.client_ip import client_ip_address
from tests.deploy import nginx

pytestmark = pytest.mark.skipif(
    not os.access(nginx.NGINX, os.X_OK), reason=f"nginx is not installed ({nginx.NGINX})"
)

AVATAR_NAME = "avatars/7/photo d'été.webp"
AVATAR_BYTES = b"RIFF-webp-private-photo"
YEAR = "public, max-age=31536000, immutable"
HOUR = "public, max-age=3600"


def application(environ, start_response):
    """What Django would see: the headers nginx sets, and the private-file answer."""
    path = environ["PATH_INFO"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    received = 0
    while received < length:
        chunk = environ["wsgi.input"].read(min(65536, length - received))
        if not chunk:
            break
        received += len(chunk)
    if path == "/avatar":
        # As config.media.views.private_file_response answers behind nginx.
        start_response(
            "200 OK",
            [
                ("Content-Type", "image/webp"),
                ("Cache-Control", "private, max-age=3600"),
                ("X-Accel-Redirect", f"/_private-media/{quote(AVATAR_NAME)}"),
            ],
        )
        return [b""]
    keys = [
        "HTTP_HOST",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_REQUEST_ID",
        "REMOTE_ADDR",
    ]
    seen = {key: environ.get(key) for key in keys} | {"body_bytes": received}
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(seen).encode()]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def app_server():
    server = make_server("127.0.0.1", 0, application, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def site(app_server, tmp_path_factory):
    site = nginx.render(tmp_path_factory.mktemp("nginx"), app_server)
    hashed = site.static_root / "css" / "site.0123456789ab.css"
    hashed.parent.mkdir()
    hashed.write_text("body { color: #1d1d1b; }\n" * 100)
    hashed.with_name(hashed.name + ".gz").write_bytes(gzip.compress(hashed.read_bytes()))
    (site.static_root / "robots.txt").write_text("User-agent: *\n")
    for name, content in {
        "images/photo.2e16d0ba.fill-300x200.webp": b"rendition",
        "original_images/photo.jpg": b"original",
        "documents/rapport.pdf": b"%PDF private collection",
        "documents/scan.png": b"png in a private collection",
        "original_images/dessin.svg": b"<svg onload='alert(1)'/>",
        "page.html": b"<script>alert(1)</script>",
        "images/photo d'\u00e9t\u00e9.fill-100x100.webp": b"accented",
    }.items():
        (site.media_root / name).parent.mkdir(parents=True, exist_ok=True)
        (site.media_root / name).write_bytes(content)
    avatar = site.private_media_root / AVATAR_NAME
    avatar.parent.mkdir(parents=True)
    avatar.write_bytes(AVATAR_BYTES)
    (site.acme_root / ".well-known" / "acme-challenge").mkdir(parents=True)
    (site.acme_root / ".well-known" / "acme-challenge" / "token").write_text("proof")
    with nginx.running(site):
        yield site


@pytest.fixture
def maintenance(site):
    site.maintenance_flag.touch()
    yield
    site.maintenance_flag.unlink()


def test_nginx_accepts_the_configuration(app_server, tmp_path):
    site = nginx.render(tmp_path, app_server)

    result = nginx.check(site)

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    assert "[warn]" not in result.stderr


# --- HTTP and TLS ------------------------------------------------------------------------


def test_plain_http_is_redirected_to_https(site):
    response = nginx.request(site, "/fr/histoires/?page=2", tls=False)

    assert response.status == 301
    assert response.headers["Location"] == "https://undebutdereseau.fr/fr/histoires/?page=2"


def test_certbot_renewals_are_answered_over_plain_http(site):
    response = nginx.request(site, "/.well-known/acme-challenge/token", tls=False)

    assert (response.status, response.body) == (200, b"proof")


def test_another_host_name_gets_no_answer(site):
    with pytest.raises(http.client.RemoteDisconnected):
        nginx.request(site, "/", tls=False, host="scanner.example")
    with pytest.raises(ssl.SSLError):
        nginx.request(site, "/", host="scanner.example")


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_spoken(site, version):
    context = ssl.create_default_context(cafile=str(site.certificate))
    context.minimum_version = context.maximum_version = version
    raw = socket.create_connection(("127.0.0.1", site.https_port), timeout=10)

    with context.wrap_socket(raw, server_hostname=nginx.DOMAIN) as tls:
        assert tls.version() == version.name.replace("_", ".")


@pytest.mark.skipif(not nginx.OPENSSL, reason="openssl is not installed")
def test_tls_1_1_is_refused_by_the_server(site):
    # openssl's client, told to offer TLS 1.1 (Python's refuses to): nginx answers with a
    # "protocol version" alert.
    result = subprocess.run(  # noqa: S603
        [
            nginx.OPENSSL,
            "s_client",
            "-connect",
            f"127.0.0.1:{site.https_port}",
            "-servername",
            nginx.DOMAIN,
            "-tls1_1",
            "-cipher",
            "DEFAULT@SECLEVEL=0",
        ],
        input="",
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "alert protocol version" in result.stderr


# --- What the application receives -------------------------------------------------------


def test_the_application_learns_the_client_address_the_scheme_and_a_request_id(site):
    response = nginx.request(
        site,
        "/echo",
        headers={"X-Forwarded-For": "198.51.100.66", "X-Request-ID": "forged-by-client"},
    )

    seen = json.loads(response.body)
    # nginx appended the address it saw (this test's, 127.0.0.1) to what the client wrote.
    assert seen["HTTP_X_FORWARDED_FOR"] == "198.51.100.66, 127.0.0.1"
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"
    assert seen["HTTP_HOST"] == "undebutdereseau.fr"
    assert re.fullmatch(r"[0-9a-f]{32}", seen["HTTP_X_REQUEST_ID"])
    # The same id is on nginx's access log line (written once the answer is sent).
    assert nginx.eventually(
        lambda: f"rid={seen['HTTP_X_REQUEST_ID']}" in site.access_log.read_text()
    )
    # With TRUSTED_PROXY_COUNT=1 Django takes nginx's entry, not the forged one.
    django_request = RequestFactory().get(
        "/",
        REMOTE_ADDR=seen["REMOTE_ADDR"],
        HTTP_X_FORWARDED_FOR=seen["HTTP_X_FORWARDED_FOR"],
    )
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip_address(django_request) == "127.0.0.1"


def test_plain_http_is_told_as_http(site):
    # Only the redirect answers on port 80; the scheme header is what Django trusts.
    response = nginx.request(site, "/.well-known/acme-challenge/missing", tls=False)

    assert response.status == 404


# --- Static files and media --------------------------------------------------------------


def test_static_files_with_a_hashed_name_are_kept_a_year_and_sent_compressed(site):
    response = nginx.request(
        site, "/static/css/site.0123456789ab.css", headers={"Accept-Encoding": "gzip"}
    )

    assert response.status == 200
    assert response.headers["Cache-Control"] == YEAR
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Type"] == "text/css"
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_static_files_without_a_hash_are_kept_an_hour(site):
    response = nginx.request(site, "/static/robots.txt")

    assert response.status == 200
    assert response.headers["Cache-Control"] == HOUR


def test_renditions_are_kept_a_year_and_original_images_an_hour(site):
    rendition = nginx.request(site, "/media/images/photo.2e16d0ba.fill-300x200.webp")
    original = nginx.request(site, "/media/original_images/photo.jpg")

    assert (rendition.status, rendition.body) == (200, b"rendition")
    assert rendition.headers["Cache-Control"] == YEAR
    assert rendition.headers["X-Content-Type-Options"] == "nosniff"
    assert (original.status, original.headers["Cache-Control"]) == (200, HOUR)


def test_a_rendition_with_an_accented_name_is_served(site):
    response = nginx.request(site, "/media/images/" + quote("photo d'été.fill-100x100.webp"))

    assert (response.status, response.body) == (200, b"accented")


@pytest.mark.parametrize("name", ["documents/rapport.pdf", "documents/scan.png"])
def test_documents_are_never_served_from_the_media_folder(site, name):
    response = nginx.request(site, f"/media/{name}")

    assert response.status == 404
    assert b"private collection" not in response.body


@pytest.mark.parametrize("name", ["original_images/dessin.svg", "page.html"])
def test_nothing_a_browser_would_run_is_served_from_the_media_folder(site, name):
    response = nginx.request(site, f"/media/{name}")

    assert response.status == 404
    assert b"alert" not in response.body


def test_private_media_are_sent_only_after_the_application_said_so(site):
    direct = nginx.request(site, f"/_private-media/{quote(AVATAR_NAME)}")
    through_the_app = nginx.request(site, "/avatar")

    assert direct.status == 404
    assert (through_the_app.status, through_the_app.body) == (200, AVATAR_BYTES)
    assert through_the_app.headers["Content-Type"] == "image/webp"
    # The application's headers are kept: a browser keeps the photo privately, an hour.
    assert through_the_app.headers["Cache-Control"] == "private, max-age=3600"
    assert through_the_app.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in through_the_app.headers


# --- Limits ------------------------------------------------------------------------------


def test_a_document_of_10_mb_with_its_form_goes_through(site):
    body = b"x" * (10 * 1024 * 1024 + 50_000)

    response = nginx.request(site, "/upload", method="POST", body=body)

    assert response.status == 200
    assert json.loads(response.body)["body_bytes"] == len(body)


def test_a_body_above_the_upload_limit_is_refused_with_413(site):
    connection = nginx._TLSConnection(site.https_port, nginx.DOMAIN, site.certificate)
    try:
        connection.putrequest("POST", "/upload", skip_host=True)
        connection.putheader("Host", nginx.DOMAIN)
        connection.putheader("Content-Length", str(12 * 1024 * 1024))
        connection.endheaders()
        # nginx answers from the announced length, before any byte of the body.
        response = connection.getresponse()
        status = response.status
    finally:
        connection.close()

    assert status == 413


# --- Maintenance -------------------------------------------------------------------------


@pytest.mark.usefixtures("maintenance")
def test_during_maintenance_every_request_gets_the_maintenance_page(site):
    for path in ("/fr/", "/admin/", "/static/robots.txt", "/media/original_images/photo.jpg"):
        response = nginx.request(site, path)

        assert response.status == 503, path
        assert response.headers["Retry-After"] == "300"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        page = response.body.decode()
        assert "Un début de réseau revient dans quelques minutes" in page
        assert "will be back in a few minutes" in page


def test_the_maintenance_page_needs_nothing_from_another_address():
    page = (Path(nginx.REPO) / "deploy" / "maintenance.html").read_text()

    assert not re.search(r"""(src|href)=["']""", page)
    assert "@import" not in page
    assert '<html lang="fr">' in page


def test_the_site_answers_again_once_maintenance_ends(site):
    site.maintenance_flag.touch()
    assert nginx.request(site, "/echo").status == 503

    site.maintenance_flag.unlink()

    assert nginx.request(site, "/echo").status == 200
