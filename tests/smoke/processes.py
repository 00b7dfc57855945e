"""The pieces of the smoke run's topology that are not the site itself: processes started in
their own process group (so that stopping one stops everything it started), a TCP relay
the tests can cut, a Redis server, a PostgreSQL database made for the run, and an SMTP sink
that can hold a message in flight."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from aiosmtpd.controller import Controller

from tests.support.smtp import HOST, SmtpSink

REPO = Path(__file__).resolve().parents[2]


class SmokeSetupError(RuntimeError):
    """The topology could not be built; the message says which part and shows its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], seconds: float, interval: float = 0.1) -> bool:
    """Whether ``condition()`` becomes true within ``seconds`` (polled every ``interval``)."""
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


# --- Processes --------------------------------------------------------------------------


@dataclass
class Service:
    """A command run as its own process group, its output in ``log``."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> Service:
        with self.log.open("a") as output:
            output.write(f"--- started: {' '.join(self.command)}\n")
            output.flush()
            self.process = subprocess.Popen(  # noqa: S603 - our own commands
                self.command,
                cwd=REPO,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait(self, seconds: float) -> int:
        """Wait for the command to end; its exit code, or SmokeSetupError after ``seconds``."""
        assert self.process is not None
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.kill()
            raise SmokeSetupError(
                f"{self.name} did not finish within {seconds} s:\n{self.tail()}"
            ) from None

    def check(self, seconds: float) -> None:
        """Wait for the command to end; SmokeSetupError unless it succeeded."""
        code = self.wait(seconds)
        if code != 0:
            raise SmokeSetupError(f"{self.name} failed with exit code {code}:\n{self.tail()}")

    def _signal_group(self, signum: int) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass  # the group has no process left

    def kill(self) -> None:
        """SIGKILL to the whole group at once: no chance to finish anything."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self, seconds: float = 20) -> None:
        """SIGTERM to the main process, as systemd does (gunicorn's master stops its workers,
        db_worker finishes its task); SIGKILL to the group for anything still there."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def tail(self, lines: int = 60) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


# --- A relay the tests can cut ----------------------------------------------------------


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class Relay:
    """Forwards TCP connections from a free local port to a server.

    ``cut()`` is the server becoming unreachable for whoever goes through the relay: every
    open connection is closed and new ones are closed as soon as they are accepted, until
    ``restore()``. The listening port stays the relay's, so nothing else can take it.
    """

    def __init__(self, name: str, target_host: str, target_port: int) -> None:
        self.name = name
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open = True
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name=f"relay-{name}", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            if not self._open:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                if not self._open:  # cut while this one was being connected
                    _close(client)
                    _close(upstream)
                    continue
                self._connections.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            with self._lock:
                self._connections.discard(source)
                self._connections.discard(target)
            _close(source)
            _close(target)

    def cut(self) -> None:
        with self._lock:
            self._open = False
            connections = list(self._connections)
            self._connections.clear()
        for sock in connections:
            _close(sock)

    def restore(self) -> None:
        self._open = True

    @contextmanager
    def cut_off(self) -> Iterator[None]:
        self.cut()
        try:
            yield
        finally:
            self.restore()

    def close(self) -> None:
        self.cut()
        _close(self._listener)
        self._thread.join(timeout=5)


# --- Redis ------------------------------------------------------------------------------


def redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(folder: Path, env: dict[str, str]) -> tuple[Service, int]:
    """A redis-server of the run's own, on a free port, that keeps nothing on disk."""
    for _ in range(3):  # the free port may be taken between the probe and the bind
        port = free_port()
        service = Service(
            "redis-server",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            env,
            folder / "redis.log",
        ).start()
        deadline = time.monotonic() + 10
        while service.running and time.monotonic() < deadline:
            if redis_answers(port):
                return service, port
            time.sleep(0.05)
        service.stop()
    raise SmokeSetupError(f"redis-server did not start:\n{service.tail()}")


# --- PostgreSQL -------------------------------------------------------------------------


def database_url(server_url: str, name: str) -> str:
    """``server_url`` (any database of the server) pointed at database ``name``."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


@contextmanager
def postgresql_database(server_url: str, name: str, template: str | None = None) -> Iterator[str]:
    """Creates database ``name`` on the server of ``server_url``, drops it at the end
    (connections still open are ended: FORCE); yields its URL."""
    admin_url = database_url(server_url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(server_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- A mail server that can hold a message in flight -------------------------------------


@dataclass
class GatedSmtpSink(SmtpSink):
    """tests.support.smtp's sink, which can also keep one recipient waiting at RCPT TO.

    While held, the sender is in the middle of its SMTP conversation and nothing of the
    message has been handed over: a sender killed then has not sent it, and the sink
    cannot count it, whatever the timing.
    """

    hold_recipient: str | None = None
    held: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address == self.hold_recipient:
            self.held.set()
            while self.hold_recipient == address:
                await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def hold(self, recipient: str) -> None:
        self.held.clear()
        self.hold_recipient = recipient

    def release(self) -> None:
        self.hold_recipient = None

    def received_by(self, recipients: set[str]) -> dict[str, int]:
        """How many messages each of ``recipients`` got."""
        with self._changed:
            counts = dict.fromkeys(recipients, 0)
            for item in self.received:
                for address in item.rcpt_tos:
                    if address in counts:
                        counts[address] += 1
            return counts

    def wait_for_recipients(self, recipients: set[str], seconds: float) -> bool:
        """Whether every one of ``recipients`` got a message within ``seconds``."""
        return wait_until(lambda: all(self.received_by(recipients).values()), seconds)


class _Controller(Controller):
    """aiosmtpd's controller on a free port (port 0), read back once bound."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def gated_smtp_sink() -> Iterator[GatedSmtpSink]:
    sink = GatedSmtpSink(host=HOST)
    controller = _Controller(sink, hostname=HOST, port=0)
    controller.start()
    sink.port = controller.port
    try:
        yield sink
    finally:
        sink.release()
        controller.stop()
