"""The site run for real by a test: gunicorn with the production settings, on a free port."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
START_DEADLINE_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class SiteProcess:
    port: int
    process: subprocess.Popen
    stdout_path: Path
    stderr_path: Path
    env: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return Answer(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read().decode(),
            )
        finally:
            connection.close()

    def stdout(self) -> str:
        return self.stdout_path.read_text()

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_site(env: dict[str, str]) -> SiteProcess:
    """gunicorn serving config.wsgi with config.settings.base and ``env`` on top; returns
    once /healthz answers."""
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="udr-site-"))
    full_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "SENTRY_", "DJANGO_"))
    }
    full_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "SECRET_KEY": "test-only-insecure-key",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
    )
    stdout_path, stderr_path = folder / "stdout.log", folder / "stderr.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "60",
    ]
    with stdout_path.open("w") as stdout, stderr_path.open("w") as stderr:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=REPO, env=full_env, stdout=stdout, stderr=stderr
        )
    site = SiteProcess(port, process, stdout_path, stderr_path, full_env)
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up:\n{site.stderr()[-3000:]}")
        try:
            if site.get("/healthz").status == 200:
                return site
        except OSError:
            pass
        time.sleep(0.2)
    site.stop()
    raise RuntimeError(f"gunicorn did not answer in time:\n{site.stderr()[-3000:]}")
