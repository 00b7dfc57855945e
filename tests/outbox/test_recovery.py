"""A worker killed half-way loses no email and sends none twice (recover_stale_tasks).

Runs on SQLite and on PostgreSQL: the crash is simulated by doing a worker's first steps
and never the rest.
"""

import datetime
import io
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from outbox import sending
from outbox import services as outbox
from outbox.enums import EmailState
from outbox.models import OutboxEmail
from outbox.tasks import MAX_ATTEMPTS, send_email
from tests.outbox.worker import WORKER_ID, pass_time, run_ready_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_the_timeout(settings):
    return datetime.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS + 1)


def queued_email(capture) -> OutboxEmail:
    """An email queued by an action, its task in the database queue."""
    with capture(execute=True):
        email = outbox.queue(
            outbox.build(to=["ines@example.org"], subject="Objet", body="Texte", kind="test")
        )
    return email


def recover() -> str:
    out = io.StringIO()
    call_command("recover_stale_tasks", stdout=out)
    return out.getvalue()


def state_of(email: OutboxEmail) -> str:
    email.refresh_from_db()
    return email.state


def test_a_worker_killed_after_claiming_the_email_sends_it_once_after_recovery(
    database_backend, django_capture_on_commit_callbacks, after_the_timeout
):
    email = queued_email(django_capture_on_commit_callbacks)
    task_row = DBTaskResult.objects.get()
    # The worker takes the task, the task takes the email… and the process is killed.
    task_row.claim(WORKER_ID)
    assert sending.claim(email.pk, MAX_ATTEMPTS) is not None

    assert run_ready_tasks() == 0  # nothing picks it up by itself
    assert recover().startswith("0 tâche(s)")  # not before the timeout
    pass_time(after_the_timeout)
    assert recover().startswith("1 tâche(s) remise(s) en file, 0 courriel(s)")
    assert run_ready_tasks() == 1
    assert len(mail.outbox) == 1
    assert state_of(email) == EmailState.SENT

    pass_time(after_the_timeout)
    recover()
    assert run_ready_tasks() == 0
    assert len(mail.outbox) == 1


def test_a_worker_killed_after_sending_does_not_send_it_again(
    database_backend, django_capture_on_commit_callbacks, after_the_timeout
):
    email = queued_email(django_capture_on_commit_callbacks)
    task_row = DBTaskResult.objects.get()
    # The worker takes the task and the email leaves; the process dies before the task
    # row is marked done.
    task_row.claim(WORKER_ID)
    assert send_email.call(email.pk) == "sent"
    assert len(mail.outbox) == 1

    pass_time(after_the_timeout)
    assert recover().startswith("1 tâche(s)")
    assert run_ready_tasks() == 1  # runs again, finds the email sent
    task_row.refresh_from_db()
    assert task_row.status == TaskResultStatus.SUCCESSFUL
    assert task_row.return_value == "skipped"
    assert len(mail.outbox) == 1


def test_an_email_whose_task_was_lost_is_queued_again_once(
    database_backend, django_capture_on_commit_callbacks
):
    email = queued_email(django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # the queue lost it (or refused it at the time)

    assert recover().endswith("0 courriel(s) relancé(s), 0 courriel(s) abandonné(s)\n")
    pass_time(datetime.timedelta(minutes=2))
    assert "1 courriel(s) relancé(s)" in recover()
    # Run twice before a worker comes: the email has a task already, none is added.
    assert "0 courriel(s) relancé(s)" in recover()
    assert DBTaskResult.objects.count() == 1
    assert run_ready_tasks() == 1
    assert len(mail.outbox) == 1
    assert state_of(email) == EmailState.SENT


def test_an_email_claimed_by_a_sender_that_died_without_a_task_row_is_sent_after_the_timeout(
    database_backend, django_capture_on_commit_callbacks, after_the_timeout
):
    email = queued_email(django_capture_on_commit_callbacks)
    sending.claim(email.pk, MAX_ATTEMPTS)
    DBTaskResult.objects.all().delete()

    recover()
    assert run_ready_tasks() == 0
    pass_time(after_the_timeout)
    assert "1 courriel(s) relancé(s)" in recover()
    assert run_ready_tasks() == 1
    assert len(mail.outbox) == 1


def test_a_waiting_retry_is_not_hurried(database_backend, flaky_mail_server):
    flaky_mail_server.reset(failures=1)
    email = outbox.build(to=["ines@example.org"], subject="Objet", body="Texte")
    email.save()
    send_email.enqueue(email.pk)
    run_ready_tasks()  # refused: retried in a minute, its task waits
    pass_time(datetime.timedelta(seconds=50))
    assert "0 courriel(s) relancé(s)" in recover()
    pass_time(datetime.timedelta(minutes=10))  # long due, but its task is there
    assert "0 courriel(s) relancé(s)" in recover()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_task_running_for_less_than_the_timeout_is_left_alone(
    database_backend, django_capture_on_commit_callbacks, settings
):
    queued_email(django_capture_on_commit_callbacks)
    task_row = DBTaskResult.objects.get()
    task_row.claim(WORKER_ID)
    pass_time(datetime.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS - 60))
    recover()
    task_row.refresh_from_db()
    assert task_row.status == TaskResultStatus.RUNNING


def test_finished_tasks_are_never_put_back(
    database_backend, django_capture_on_commit_callbacks, after_the_timeout
):
    queued_email(django_capture_on_commit_callbacks)
    run_ready_tasks()
    pass_time(after_the_timeout * 10)
    assert recover().startswith("0 tâche(s)")
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_any_task_left_running_is_put_back_not_only_emails(database_backend, after_the_timeout):
    from members.tasks import send_member_email

    send_member_email.enqueue(["ines@example.org"], "request_accepted", {}, "fr")
    DBTaskResult.objects.get().claim(WORKER_ID)
    pass_time(after_the_timeout)
    recover()
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


def test_an_email_whose_sender_died_on_every_attempt_is_given_up(
    django_capture_on_commit_callbacks, after_the_timeout, caplog
):
    email = outbox.build(to=["ines@example.org"], subject="Objet", body="Texte")
    email.state, email.claimed_at, email.attempts = (
        EmailState.SENDING,
        timezone.now(),
        MAX_ATTEMPTS,
    )
    email.save()
    pass_time(after_the_timeout)
    with caplog.at_level(logging.ERROR):
        assert recover().endswith("1 courriel(s) abandonné(s)\n")
    assert state_of(email) == EmailState.FAILED
    assert "given up" in caplog.text
    assert mail.outbox == []


def test_with_the_immediate_backend_the_sweep_sends_what_was_left(
    django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise RuntimeError("the task queue is unreachable")

    monkeypatch.setattr("django_tasks.backends.immediate.ImmediateBackend.enqueue", refuse)
    email = queued_email(django_capture_on_commit_callbacks)
    monkeypatch.undo()
    pass_time(datetime.timedelta(minutes=2))
    recover()
    assert state_of(email) == EmailState.SENT
    assert len(mail.outbox) == 1
