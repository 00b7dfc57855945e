"""Mail servers for the tests.

- :func:`smtp_sink`: a real SMTP server (aiosmtpd) on a free local port that keeps every
  message it accepts, and can be told to refuse them for a while (a temporary 451, as a
  mail server in trouble answers). Reusable outside pytest (a smoke run)::

      with smtp_sink() as sink:
          os.environ.update(sink.environment())
          ...
          assert sink.wait_for(3)
          assert sink.count_by_message_id() == {...}

- :class:`FlakyEmailBackend`: Django's local-memory backend (``django.core.mail.outbox``)
  behind a switch that refuses the next messages (:data:`mail_server`), for tests that
  stay in one process: ``settings.EMAIL_BACKEND = FLAKY_BACKEND``.
"""

from __future__ import annotations

import asyncio
import smtplib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend

HOST = "127.0.0.1"
FLAKY_BACKEND = "tests.support.smtp.FlakyEmailBackend"


# A real SMTP server -------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: Message


@dataclass
class SmtpSink:
    """What the server accepted. ``refusing`` on: every message gets "451 try again later".

    :meth:`hold_after` makes the server keep the next message waiting for its answer (the
    sender is then stuck in the middle of sending, ready to be killed) until
    :meth:`release`; a message whose sender hung up meanwhile is not kept.
    """

    host: str = HOST
    port: int = 0
    received: list[Received] = field(default_factory=list)
    refusing: bool = False
    refused: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    _hold_after: int | None = None
    _released: threading.Event = field(default_factory=threading.Event)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def hold_after(self, count: int) -> None:
        self._hold_after = count
        self._released.clear()

    def release(self) -> None:
        self._hold_after = None
        self._released.set()

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's name
        if self._hold_after is not None and len(self.received) >= self._hold_after:
            self.held.set()
            while not self._released.is_set():
                await asyncio.sleep(0.05)
            if server.transport is None or server.transport.is_closing():
                return "421 4.4.2 Sender gone"
        with self._changed:
            if self.refusing:
                self.refused += 1
                return "451 4.3.0 Mail server busy, try again later"
            self.received.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    message_from_bytes(envelope.original_content or envelope.content),
                )
            )
            self._changed.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until ``count`` messages arrived (True), or ``timeout`` seconds (False)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.received) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def count_by_message_id(self) -> Counter:
        with self._changed:
            return Counter(item.message["Message-ID"] for item in self.received)

    def environment(self) -> dict[str, str]:
        """Environment variables that point the site's SMTP settings at this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }


class _FreePortController(Controller):
    """aiosmtpd's controller bound to port 0: the system picks a free port, read back
    before the controller's own start-up check connects to it."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_sink(host: str = HOST) -> Iterator[SmtpSink]:
    sink = SmtpSink(host=host)
    controller = _FreePortController(sink, hostname=host, port=0)
    controller.start()
    sink.port = controller.port
    try:
        yield sink
    finally:
        controller.stop()


# A mail server in the test process ---------------------------------------------------


@dataclass
class MailServerSwitch:
    """How many of the next messages to refuse, and how many were tried."""

    failures: int = 0
    calls: int = 0

    def reset(self, failures: int = 0) -> MailServerSwitch:
        self.failures, self.calls = failures, 0
        return self

    def down(self) -> None:
        self.failures = self.calls + 1_000_000

    def up(self) -> None:
        self.failures = self.calls


mail_server = MailServerSwitch()


class FlakyEmailBackend(LocmemEmailBackend):
    """Refuses as :data:`mail_server` says (as smtplib does when the server hangs up),
    otherwise delivers to ``django.core.mail.outbox``."""

    def send_messages(self, messages):
        delivered = 0
        for message in messages:
            mail_server.calls += 1
            if mail_server.calls <= mail_server.failures:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            delivered += super().send_messages([message])
        return delivered
