"""What a killed worker, a lost task or a long outage leaves behind, put right.

django-tasks-db has no recovery of its own: a ``db_worker`` killed (SIGKILL, OOM, a machine
lost) while it runs a task leaves that task's row ``RUNNING`` for ever, and nothing runs
it again. ``manage.py recover_stale_tasks`` (every few minutes) puts such rows back to
``READY`` once they have been running for longer than ``TASKS_STALE_AFTER_SECONDS``, then
sweeps the outbox, the source of truth for emails: rows due and without a live task, and
rows whose sender died, get a task again. Every change is a conditional UPDATE, so the
command may run twice, or at the same time as workers.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from outbox import services
from outbox.enums import EmailState
from outbox.models import OutboxEmail
from outbox.sending import stale_before
from outbox.tasks import MAX_ATTEMPTS, send_email

logger = logging.getLogger(__name__)

# A row queued a moment ago gets its task when its transaction commits: leave it alone.
REQUEUE_GRACE = datetime.timedelta(minutes=1)
PRUNE_CHUNK = 1000


@dataclass
class Recovery:
    tasks: int = 0  # task rows put back to READY
    emails: int = 0  # outbox rows given a task again
    failed: int = 0  # outbox rows given up (their sender died on every attempt)

    def __str__(self) -> str:
        return (
            f"{self.tasks} tâche(s) remise(s) en file, {self.emails} courriel(s) relancé(s), "
            f"{self.failed} courriel(s) abandonné(s)"
        )


def recover_stale_tasks(now: datetime.datetime | None = None) -> int:
    """Task rows ``RUNNING`` since before the timeout, back to ``READY`` (any task)."""
    now = now or timezone.now()
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=stale_before(now)
    )
    # One conditional UPDATE: a row a worker finished (or claimed again) meanwhile is left.
    recovered = stale.update(status=TaskResultStatus.READY)
    if recovered:
        logger.warning("%d task(s) left running by a dead worker put back in the queue", recovered)
    return recovered


def _live_email_tasks(candidates: set[int]) -> set[int]:
    """Of ``candidates``, the emails that have a task waiting or running in the database."""
    if not isinstance(send_email.get_backend(), DatabaseBackend):
        return set()  # the immediate backend keeps no task rows
    live = set()
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=send_email.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True):
        args, kwargs = args_kwargs.get("args") or [], args_kwargs.get("kwargs") or {}
        pk = args[0] if args else kwargs.get("email_id")
        if pk in candidates:
            live.add(pk)
    return live


def requeue_emails(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Give a task to every email that should be sending and has none.

    Returns (emails given a task, emails given up). A row whose sender died with the last
    attempt is marked failed rather than tried once more.
    """
    now = now or timezone.now()
    stale = stale_before(now)
    rows = OutboxEmail.objects.filter(
        Q(state=EmailState.QUEUED, next_attempt_at__lte=now - REQUEUE_GRACE)
        | Q(state=EmailState.SENDING, claimed_at__lt=stale)
    )
    exhausted = rows.filter(state=EmailState.SENDING, attempts__gte=MAX_ATTEMPTS)
    failed = exhausted.update(
        state=EmailState.FAILED, last_error="Sender stopped during every attempt"
    )
    if failed:
        logger.error("%d email(s) given up: their sender died during every attempt", failed)
    candidates = set(rows.values_list("pk", flat=True))
    orphans = sorted(candidates - _live_email_tasks(candidates))
    if orphans:
        logger.warning("%d email(s) without a task queued again", len(orphans))
        services.enqueue(orphans)
    return len(orphans), failed


def recover(now: datetime.datetime | None = None) -> Recovery:
    """What ``manage.py recover_stale_tasks`` does: the tasks first, then the outbox."""
    now = now or timezone.now()
    tasks = recover_stale_tasks(now)
    emails, failed = requeue_emails(now)
    return Recovery(tasks=tasks, emails=emails, failed=failed)


def retry(email: OutboxEmail, by=None) -> bool:
    """A failed email queued again with a fresh set of attempts (the admin's action).

    False when it is not failed any more (someone retried it already)."""
    queued = OutboxEmail.objects.filter(pk=email.pk, state=EmailState.FAILED).update(
        state=EmailState.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
    )
    if queued:
        logger.info("Email #%s queued again by user #%s", email.pk, getattr(by, "pk", None))
        services.enqueue_on_commit([email.pk])
    return bool(queued)


def prune(days: int, now: datetime.datetime | None = None) -> int:
    """Delete sent and failed emails older than ``days`` (their bodies hold personal data),
    by chunks so that no long lock holds the table."""
    now = now or timezone.now()
    old = OutboxEmail.objects.filter(
        state__in=[EmailState.SENT, EmailState.FAILED],
        created_at__lt=now - datetime.timedelta(days=days),
    )
    deleted = 0
    while True:
        chunk = list(old.order_by("pk").values_list("pk", flat=True)[:PRUNE_CHUNK])
        if not chunk:
            return deleted
        deleted += OutboxEmail.objects.filter(pk__in=chunk).delete()[0]
