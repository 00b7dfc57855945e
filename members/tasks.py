"""Emails of the members area, sent in the background (django-tasks).

An email is sent once and retried on failure. django-tasks 0.12 has no retries of its own,
so :func:`send_member_email` retries itself when the mail server cannot be reached or
refuses the message:

- with a backend that can defer (the database backend and ``db_worker`` in production), it
  enqueues itself again with the next attempt's number, later each time
  (:func:`retry_delay`: 1, 5, 25 then 125 minutes), up to :data:`MAX_ATTEMPTS`;
- with one that cannot (the immediate backend of development and tests), it tries again
  at once, a few times (:data:`INLINE_ATTEMPTS`), pausing only a fraction of a second.

After the last attempt it logs an error and fails the task, so the task list shows it;
the person who acted never sees that error (the immediate backend records the failure
instead of raising it, and :func:`members.emails.send_later` enqueues with a robust
``on_commit``).
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
INLINE_ATTEMPTS = 3
# Seconds between two inline attempts (times the attempt's number): a dropped connection
# gets a second chance without holding the request that enqueued the email for long.
INLINE_PAUSE = 0.2
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)


def retry_delay(failed_attempt: int) -> datetime.timedelta:
    """How long to wait after attempt number ``failed_attempt`` failed (1 minute, then ×5)."""
    return FIRST_RETRY_DELAY * 5 ** (failed_attempt - 1)


@task()
def send_member_email(
    to: list[str], template: str, context: dict[str, Any], language: str, attempt: int = 1
) -> None:
    """Render ``templates/members/emails/<template>_subject.txt`` and ``<template>.txt``
    in ``language`` and send them. The context holds plain values only (JSON).

    ``attempt`` counts the tries of this email (1 for the first); the task passes it on
    when it enqueues itself again after a failure.
    """
    # Imported here: members.emails imports this module to enqueue.
    from members.emails import render_text

    with translation.override(language):
        subject = render_text(f"members/emails/{template}_subject.txt", context)
        body = render_text(f"members/emails/{template}.txt", context)
    deferred = send_member_email.get_backend().supports_defer
    last_attempt = MAX_ATTEMPTS if deferred else min(INLINE_ATTEMPTS, MAX_ATTEMPTS)
    while True:
        try:
            send_mail(
                " ".join(subject.split()),
                body,
                settings.DEFAULT_FROM_EMAIL,
                to,
                fail_silently=False,
            )
        # SMTPException is an OSError, like a refused connection or a timeout. A template
        # error is not retried: it would fail the same way every time.
        except OSError:
            if attempt >= last_attempt:
                logger.error(
                    "Email %r to %d recipient(s) not sent after %d attempts",
                    template,
                    len(to),
                    attempt,
                    exc_info=True,
                )
                raise
            logger.warning(
                "Email %r: attempt %d failed, trying again", template, attempt, exc_info=True
            )
            if deferred:
                send_member_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                    to, template, context, language, attempt=attempt + 1
                )
                return
            time.sleep(INLINE_PAUSE * attempt)
            attempt += 1
        else:
            return
