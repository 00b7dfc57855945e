"""Sending one outbox row exactly once: claim, send, mark.

A sender first *claims* the row with a conditional UPDATE (``queued`` and due → ``sending``,
or ``sending`` whose claim is older than ``TASKS_STALE_AFTER_SECONDS``: its sender died).
Only the sender whose UPDATE changed the row sends it; a row ``sent`` is never claimed
again, whatever task runs twice. The claim's time is its fence: a sender that lost its
claim to another one (it was slower than the timeout) does not overwrite the other's
outcome.

The only window where an email can leave twice is between the mail server's acceptance
and the UPDATE that marks the row sent (a process killed exactly there): the row then
goes out again after the timeout, with the same Message-ID.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone

from outbox.enums import EmailState
from outbox.models import OutboxEmail

ERROR_MAX_LENGTH = 2000


def stale_before(now: datetime.datetime) -> datetime.datetime:
    """Claims (and running tasks) older than this belong to a process that died."""
    return now - datetime.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]


def claim(pk: int, max_attempts: int) -> OutboxEmail | None:
    """Take the row for sending, counting one attempt; None when it is not ours to send
    (sent, failed, not due yet, held by a live sender, or out of attempts)."""
    now = timezone.now()
    claimed = (
        OutboxEmail.objects.filter(pk=pk, attempts__lt=max_attempts)
        .claimable(now, stale_before(now))
        .update(state=EmailState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return OutboxEmail.objects.get(pk=pk)


def message_of(email: OutboxEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
        headers=email.headers,
        connection=get_connection(fail_silently=False),
    )
    # Rows get their HTML part when they are written (outbox.services.build); one written
    # before that leaves as it was written, text only.
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def deliver(email: OutboxEmail) -> None:
    """Hand the email to the mail server (``EMAIL_BACKEND``); raises when it is refused."""
    message_of(email).send()


def _ours(email: OutboxEmail):
    return OutboxEmail.objects.filter(
        pk=email.pk, state=EmailState.SENDING, claimed_at=email.claimed_at
    )


def mark_sent(email: OutboxEmail) -> None:
    # Not fenced: the mail server accepted it, whoever else thinks they hold the row.
    now = timezone.now()
    OutboxEmail.objects.filter(pk=email.pk).exclude(state=EmailState.SENT).update(
        state=EmailState.SENT, sent_at=now, last_error=""
    )
    email.state, email.sent_at, email.last_error = EmailState.SENT, now, ""


def count_failed_attempt(email: OutboxEmail, error: BaseException) -> bool:
    """Record a failed attempt and keep the claim for one more (the inline retries)."""
    email.attempts += 1
    email.last_error = describe(error)
    return bool(_ours(email).update(attempts=email.attempts, last_error=email.last_error))


def release(email: OutboxEmail, error: BaseException, retry_at: datetime.datetime) -> bool:
    """Back to ``queued`` until ``retry_at``; False when another sender holds the row now."""
    email.last_error = describe(error)
    return bool(
        _ours(email).update(
            state=EmailState.QUEUED, next_attempt_at=retry_at, last_error=email.last_error
        )
    )


def mark_failed(email: OutboxEmail, error: BaseException) -> bool:
    email.last_error = describe(error)
    return bool(_ours(email).update(state=EmailState.FAILED, last_error=email.last_error))
