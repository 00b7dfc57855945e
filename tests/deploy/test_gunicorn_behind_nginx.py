"""gunicorn with deploy/gunicorn.conf.py and the production settings, behind the nginx of
the deployment example: Django knows a request came over HTTPS, and both logs carry the
same request id."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.deploy import nginx

pytestmark = pytest.mark.skipif(
    not os.access(nginx.NGINX, os.X_OK), reason=f"nginx is not installed ({nginx.NGINX})"
)

GUNICORN = Path(sys.executable).with_name("gunicorn")


def production_environment(folder: Path, port: int) -> dict[str, str]:
    """config.settings.base as /etc/undebutdereseau/env would set it behind nginx."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "GUNICORN_", "S3_"))
    }
    return kept | {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "gunicorn-behind-nginx-test-" + "x" * 40,
        "ALLOWED_HOSTS": nginx.DOMAIN,
        # A database without tables: the pages used here do not read it.
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "TRUSTED_PROXY_COUNT": "1",
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "SERVE_MEDIA": "0",
        "PRIVATE_MEDIA_X_ACCEL_PREFIX": "/_private-media/",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
    }


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    port = nginx.free_port()
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "--config", str(nginx.REPO / "deploy" / "gunicorn.conf.py")],
            cwd=folder,
            env=production_environment(folder, port),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_django_answers(port, process, log)
        yield port, log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def direct(port: int, path: str, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": nginx.DOMAIN, **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def wait_until_django_answers(port: int, process: subprocess.Popen, log: Path) -> None:
    def answers() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()}")
        try:
            return direct(port, "/healthz").status == 200
        except OSError:
            return False

    if not nginx.eventually(answers, seconds=60):
        raise RuntimeError(f"gunicorn did not answer: {log.read_text()}")


@pytest.fixture(scope="module")
def site(gunicorn, tmp_path_factory):
    port, _ = gunicorn
    site = nginx.render(tmp_path_factory.mktemp("nginx"), port)
    with nginx.running(site):
        yield site


def test_gunicorn_alone_redirects_plain_http_to_https(gunicorn):
    port, _ = gunicorn

    response = direct(port, "/robots.txt")

    assert response.status == 301
    assert response.headers["Location"] == "https://undebutdereseau.fr/robots.txt"


def test_over_tls_django_knows_the_request_is_secure(site):
    response = nginx.request(site, "/robots.txt")

    # Not the 301 above: no redirect loop. Django adds HSTS to secure requests only.
    assert response.status == 200
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_a_client_cannot_claim_https_over_plain_http(site):
    # nginx replaces the client's X-Forwarded-Proto with the real scheme.
    response = nginx.request(site, "/robots.txt", tls=False, headers={"X-Forwarded-Proto": "https"})

    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_gunicorn_and_nginx_log_the_same_request_id(site, gunicorn):
    _, log = gunicorn
    marker = uuid.uuid4().hex

    assert nginx.request(site, f"/healthz?probe={marker}").status == 200

    def line_of(path: Path) -> str | None:
        return next((line for line in path.read_text().splitlines() if marker in line), None)

    assert nginx.eventually(lambda: line_of(site.access_log) and line_of(log))
    nginx_id = re.search(r"rid=([0-9a-f]{32})", line_of(site.access_log)).group(1)
    assert f"rid={nginx_id}" in line_of(log)
    # gunicorn's line gives the client's address as nginx saw it, and the time taken.
    assert re.match(r'127\.0\.0\.1 "GET /healthz\?probe=\w+ HTTP/1\.1" 200 \d+ \d+ms', line_of(log))
