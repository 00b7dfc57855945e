"""The task that sends one outbox row, and its retries.

django-tasks 0.12 has no retries of its own, so :func:`send_email` retries the email
when the mail server cannot be reached or refuses it:

- with a backend that can defer (the database backend and ``db_worker`` in production), the
  row goes back to ``queued`` until its next attempt and the task enqueues itself for
  then (:func:`retry_delay`: 1, 5, 25 then 125 minutes), up to :data:`MAX_ATTEMPTS`;
- with one that cannot (the immediate backend of development and tests), it tries again at
  once, a few times (:data:`INLINE_ATTEMPTS`), pausing only a fraction of a second.

After the last attempt the row is ``failed`` and the error is logged at ERROR (so that it
reaches the administrators), and the task fails, so the task list shows it too. The person
who acted never sees that error: the task runs after their transaction committed.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.utils import timezone
from django_tasks import task

from outbox import sending

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
INLINE_ATTEMPTS = 3
# Seconds between two inline attempts (times the attempt's number): a dropped connection
# gets a second chance without holding the request that enqueued the email for long.
INLINE_PAUSE = 0.2
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)

SENT, SKIPPED, RETRY = "sent", "skipped", "retry"


def retry_delay(failed_attempt: int) -> datetime.timedelta:
    """How long to wait after attempt number ``failed_attempt`` failed (1 minute, then ×5)."""
    return FIRST_RETRY_DELAY * 5 ** (failed_attempt - 1)


@task()
def send_email(email_id: int) -> str:
    """Send outbox row ``email_id`` unless it is sent, failed or held by another sender.

    Returns what happened ("sent", "skipped" or "retry"); raises after the last attempt.
    """
    email = sending.claim(email_id, MAX_ATTEMPTS)
    if email is None:
        return SKIPPED
    can_defer = send_email.get_backend().supports_defer
    last_attempt = MAX_ATTEMPTS if can_defer else min(INLINE_ATTEMPTS, MAX_ATTEMPTS)
    while True:
        try:
            sending.deliver(email)
        # SMTPException is an OSError, like a refused connection or a timeout: worth
        # another try. Anything else (a header the mail library refuses…) would fail the
        # same way every time.
        except OSError as error:
            if email.attempts >= last_attempt:
                _give_up(email, error)
                raise
            logger.warning(
                "Email #%s (%s): attempt %d failed, trying again",
                email.pk,
                email.kind,
                email.attempts,
                exc_info=True,
            )
            if not can_defer:
                time.sleep(INLINE_PAUSE * email.attempts)
                if not sending.count_failed_attempt(email, error):
                    return SKIPPED
                continue
            retry_at = timezone.now() + retry_delay(email.attempts)
            if sending.release(email, error, retry_at):
                send_email.using(run_after=retry_at).enqueue(email.pk)
            return RETRY
        except Exception as error:
            _give_up(email, error)
            raise
        else:
            sending.mark_sent(email)
            return SENT


def _give_up(email, error: BaseException) -> None:
    sending.mark_failed(email, error)
    logger.error(
        "Email #%s (%s) to %d recipient(s) not sent after %d attempts",
        email.pk,
        email.kind,
        len(email.to) + len(email.cc) + len(email.bcc),
        email.attempts,
        exc_info=error,
    )
