"""deploy/nginx/undebutdereseau.conf rendered with temporary paths and free ports, run by
Debian's nginx, and a client that speaks to it as a browser would (TLS with SNI)."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SITE_CONF = REPO / "deploy" / "nginx" / "undebutdereseau.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl")
DOMAIN = "undebutdereseau.fr"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for DOMAIN, valid a day: the site's TLS as certbot's would be."""
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(  # noqa: S603
        [
            OPENSSL or "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={DOMAIN}",
            "-addext",
            f"subjectAltName=DNS:{DOMAIN}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Site:
    """The paths and ports a rendered configuration uses."""

    root: Path
    http_port: int
    https_port: int
    upstream_port: int
    static_root: Path
    media_root: Path
    private_media_root: Path
    maintenance_flag: Path
    acme_root: Path
    certificate: Path
    access_log: Path

    @property
    def main_conf(self) -> Path:
        return self.root / "nginx.conf"


def render(root: Path, upstream_port: int) -> Site:
    """Writes root/site.conf (the deployment example, its paths and ports replaced) and
    root/nginx.conf (a main file as Debian's, with everything under root)."""
    certificate, key = self_signed_certificate(root)
    site = Site(
        root=root,
        http_port=free_port(),
        https_port=free_port(),
        upstream_port=upstream_port,
        static_root=root / "staticfiles",
        media_root=root / "media",
        private_media_root=root / "private-media",
        maintenance_flag=root / "maintenance.on",
        acme_root=root / "acme",
        certificate=certificate,
        access_log=root / "site.access.log",
    )
    for folder in (site.static_root, site.media_root, site.private_media_root, site.acme_root):
        folder.mkdir()
    replacements = {
        "listen [::]:80 default_server;": "",
        "listen [::]:443 ssl default_server;": "",
        "listen [::]:80;": "",
        "listen [::]:443 ssl http2;": "",
        "listen 80": f"listen 127.0.0.1:{site.http_port}",
        "listen 443": f"listen 127.0.0.1:{site.https_port}",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream_port};",
        f"/etc/letsencrypt/live/{DOMAIN}/fullchain.pem": str(certificate),
        f"/etc/letsencrypt/live/{DOMAIN}/privkey.pem": str(key),
        "/srv/undebutdereseau/app/staticfiles/": f"{site.static_root}/",
        "/srv/undebutdereseau/app/deploy": str(REPO / "deploy"),
        "/var/www/undebutdereseau/media/": f"{site.media_root}/",
        "/var/www/undebutdereseau/private-media/": f"{site.private_media_root}/",
        "/var/www/undebutdereseau/maintenance.on": str(site.maintenance_flag),
        "/var/www/html": str(site.acme_root),
        "/var/log/nginx/undebutdereseau.access.log": str(site.access_log),
        "/var/log/nginx/undebutdereseau.error.log": str(root / "site.error.log"),
    }
    text = SITE_CONF.read_text()
    for old, new in replacements.items():
        # The test follows the file: a path renamed there must be renamed here too.
        assert old in text, f"{old!r} is no longer in {SITE_CONF.name}"
        text = text.replace(old, new)
    (root / "site.conf").write_text(text)
    # As root, nginx's workers would switch to "nobody", who cannot read pytest's folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = {name: root / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    site.main_conf.write_text(
        f"""{user}worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # Debian's nginx.conf: every TLS version, unless a server says otherwise.
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {root}/access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    gzip on;
    include {root}/site.conf;
}}
"""
    )
    return site


def nginx_command(site: Site, *args: str) -> list[str]:
    # -e: the error log before the configuration is read (Debian's is root's).
    return [
        NGINX,
        "-p",
        str(site.root),
        "-e",
        str(site.root / "error.log"),
        "-c",
        str(site.main_conf),
        *args,
    ]


def check(site: Site) -> subprocess.CompletedProcess:
    return subprocess.run(nginx_command(site, "-t"), capture_output=True, text=True, check=False)  # noqa: S603


@contextmanager
def running(site: Site) -> Iterator[Site]:
    process = subprocess.Popen(  # noqa: S603
        nginx_command(site), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for_port(site.https_port, process)
        yield site
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: lets the workers finish and exit
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"exited with {process.returncode}: {output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def eventually(condition, seconds: float = 5) -> bool:
    """Whether ``condition()`` becomes true within ``seconds`` (a log line being written)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class _TLSConnection(http.client.HTTPSConnection):
    """To 127.0.0.1, but with the site's name in SNI and the certificate checked for it."""

    def __init__(self, port: int, server_name: str, certificate: Path) -> None:
        context = ssl.create_default_context(cafile=str(certificate))
        super().__init__("127.0.0.1", port, context=context, timeout=10)
        self._server_name = server_name

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._server_name)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def request(
    site: Site,
    path: str,
    *,
    method: str = "GET",
    tls: bool = True,
    host: str = DOMAIN,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Response:
    if tls:
        connection: http.client.HTTPConnection = _TLSConnection(
            site.https_port, host, site.certificate
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()
