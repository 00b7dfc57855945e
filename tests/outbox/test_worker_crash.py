"""A real ``db_worker`` killed with SIGKILL in the middle of sending: every email arrives
at the SMTP server exactly once (PostgreSQL, as in production).

The test queues emails, starts a worker against a local SMTP sink, holds one message in the
middle of its sending and kills the worker there; a second worker sends the rest, and
``recover_stale_tasks`` (the timer's command) brings back the one that was cut off.

The workers need committed rows, but a transactional test would flush the whole test
database afterwards (Wagtail's root page, the groups of the data migrations…): as in the
concurrency tests, the rows are written, read and deleted from threads, each on its own
connection in autocommit mode, outside the test's transaction.
"""

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from outbox import services as outbox
from outbox.enums import EmailState
from outbox.models import OutboxEmail
from tests.support.smtp import smtp_sink
from tests.support.threads import in_thread

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL"
    ),
]

EMAILS = 12
KILLED_AFTER = 4  # messages delivered before the worker is killed in the fifth
EMAIL_TIMEOUT = 2
STALE_AFTER = 4 * EMAIL_TIMEOUT  # the least the settings accept
DEADLINE = 30  # seconds, for the whole drill


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return (
        f"postgresql://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def start_worker(name: str, sink, log) -> subprocess.Popen:
    env = {
        **os.environ,
        **sink.environment(),
        "DJANGO_SETTINGS_MODULE": "tests.outbox.worker_settings",
        "DATABASE_URL": database_url(),
        "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        "TASKS_STALE_AFTER_SECONDS": str(STALE_AFTER),
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--worker-id",
            name,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def queue_emails() -> int:
    for n in range(EMAILS):
        outbox.queue(
            outbox.build(to=[f"person{n}@example.org"], subject=f"Email {n}", body="Texte")
        )
    return DBTaskResult.objects.ready().count()


def after_the_kill() -> tuple[int, int]:
    """The email cut off, and how many tasks are left running."""
    cut_off = OutboxEmail.objects.get(state=EmailState.SENDING)
    return cut_off.pk, DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()


def recover() -> None:
    call_command("recover_stale_tasks", stdout=io.StringIO())


def final_state() -> dict:
    return {
        "message_ids": set(OutboxEmail.objects.values_list("headers__Message-ID", flat=True)),
        "states": set(OutboxEmail.objects.values_list("state", flat=True)),
        "attempts": dict(OutboxEmail.objects.values_list("pk", "attempts")),
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
    }


def clean_up() -> None:
    OutboxEmail.objects.all().delete()
    DBTaskResult.objects.all().delete()


def wait_until(condition, deadline: float, step: float = 0.1) -> bool:
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def test_a_worker_killed_mid_send_loses_no_email_and_sends_none_twice(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_STALE_AFTER_SECONDS = STALE_AFTER
    deadline = time.monotonic() + DEADLINE
    workers: list[subprocess.Popen] = []
    with smtp_sink() as sink, tempfile.TemporaryFile("w+") as log:
        try:
            assert in_thread(queue_emails) == EMAILS

            sink.hold_after(KILLED_AFTER)
            workers.append(start_worker("first", sink, log))
            assert sink.held.wait(timeout=deadline - time.monotonic()), "no message held"
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait(timeout=10)
            sink.release()

            # Killed mid-send: its task stays RUNNING and its email "sending", for ever.
            cut_off, running = in_thread(after_the_kill)
            assert running == 1
            assert len(sink.received) == KILLED_AFTER

            workers.append(start_worker("second", sink, log))
            assert sink.wait_for(EMAILS - 1, timeout=deadline - time.monotonic())

            # The timer's command, every half second here (every 5 minutes in production).
            def recovered() -> bool:
                in_thread(recover)
                return len(sink.received) >= EMAILS

            assert wait_until(recovered, deadline, step=0.5), "the cut-off email never left"
            time.sleep(0.5)  # anything sent twice would arrive now
            final = in_thread(final_state)
        except BaseException:
            log.seek(0)
            print(log.read()[-4000:])  # noqa: T201 - the workers' logs, for the failure
            raise
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.send_signal(signal.SIGTERM)
                    worker.wait(timeout=10)
            in_thread(clean_up)

        counts = sink.count_by_message_id()
        assert set(counts) == final["message_ids"]
        assert set(counts.values()) == {1}
        assert final["states"] == {EmailState.SENT}
        assert final["attempts"][cut_off] == 2
        assert final["running"] == 0
