"""The production queue inside a test: django-tasks-db's rows, run by its own worker code.

:func:`run_ready_tasks` does what one ``db_worker`` loop does (take the next ready row,
mark it running, run it through ``Worker.run_task``), in the test's transaction.
:func:`pass_time` moves every stored time of the queue and the outbox back, as if
``delta`` had passed: retries and claims become due without waiting.
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from outbox.models import OutboxEmail

WORKER_ID = "test-worker"


def _worker() -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )


def run_ready_tasks(limit: int = 100) -> int:
    """Run the tasks that are due, in queue order, until none is left; how many ran."""
    worker = _worker()
    ran = 0
    while ran < limit:
        row = DBTaskResult.objects.ready().first()
        if row is None:
            return ran
        row.claim(WORKER_ID)
        worker.run_task(row)
        ran += 1
    raise AssertionError(f"More than {limit} tasks: a task that queues itself for ever?")


def pass_time(delta: datetime.timedelta) -> None:
    DBTaskResult.objects.exclude(run_after=get_date_max()).update(run_after=F("run_after") - delta)
    DBTaskResult.objects.update(
        enqueued_at=F("enqueued_at") - delta, started_at=F("started_at") - delta
    )
    OutboxEmail.objects.update(
        created_at=F("created_at") - delta,
        next_attempt_at=F("next_attempt_at") - delta,
        claimed_at=F("claimed_at") - delta,
        sent_at=F("sent_at") - delta,
    )
