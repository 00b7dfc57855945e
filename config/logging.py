"""Logging filters used by settings.LOGGING."""

from __future__ import annotations

import logging
import re
import time

from django.views.debug import SafeExceptionReporterFilter

from config.request_id import current_request_id


class RequestIDFilter(logging.Filter):
    """Adds ``request_id`` to every record that reaches a handler, Django's included.

    Set on the handlers, not the loggers: a logger's filter does not see the records that
    its children pass up to it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class ThrottleRepeats(logging.Filter):
    """Lets one record of a kind through per ``seconds``, per process.

    When Redis or the database is down, every request logs the same error: thousands of
    identical tracebacks a minute would drown the logs and the administrators' mailbox.
    Records of a kind are the same logger, level and message template, or the same
    exception type and text. The next record let through carries how many were held back
    (``held_back``), and says it in its message when ``annotate`` is on: leave it off on a
    handler, whose records other handlers print too.
    """

    MAX_KINDS = 1000

    def __init__(self, seconds: float = 60, annotate: bool = True) -> None:
        super().__init__()
        self.seconds = float(seconds)
        self.annotate = annotate
        self._last_let_through: dict[tuple, float] = {}
        self._held_back: dict[tuple, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        kind = self._kind(record)
        now = time.monotonic()
        last = self._last_let_through.get(kind)
        if last is not None and now - last < self.seconds:
            self._held_back[kind] = self._held_back.get(kind, 0) + 1
            return False
        if len(self._last_let_through) >= self.MAX_KINDS:
            self._last_let_through.clear()
        self._last_let_through[kind] = now
        held_back = self._held_back.pop(kind, 0)
        if held_back:
            record.held_back = held_back
            if self.annotate:
                record.msg = f"{record.msg} ({held_back} more like this held back)"
        return True

    @staticmethod
    def _kind(record: logging.LogRecord) -> tuple:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            return (record.name, record.levelno, type(error).__qualname__, str(error)[:200])
        return (record.name, record.levelno, str(record.msg))


class ReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the administrators' emails) hide the session cookie too: Django's
    filter hides cookies and settings whose name says token, key, secret or password, and
    ``sessionid`` says none of them."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|SESSION", flags=re.IGNORECASE
    )
