"""Sending one row: exactly once, retried with back-off, failed loudly at the end."""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox import services as outbox
from outbox import tasks
from outbox.enums import EmailState
from outbox.models import OutboxEmail
from outbox.tasks import send_email
from tests.outbox.worker import pass_time, run_ready_tasks

pytestmark = pytest.mark.django_db


def stored_email(**fields) -> OutboxEmail:
    email = outbox.build(
        to=["ines@example.org"], subject="Votre demande", body="Bonjour Inès", kind="test"
    )
    for name, value in fields.items():
        setattr(email, name, value)
    email.save()
    return email


def test_a_task_run_twice_sends_the_email_once():
    email = stored_email()
    assert send_email.call(email.pk) == "sent"
    assert send_email.call(email.pk) == "skipped"
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 1)


def test_a_row_another_sender_holds_is_left_to_it():
    email = stored_email(state=EmailState.SENDING, claimed_at=timezone.now())
    assert send_email.call(email.pk) == "skipped"
    assert mail.outbox == []


def test_a_row_claimed_by_a_sender_that_died_is_sent_after_the_timeout(settings):
    claimed = timezone.now() - datetime.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS + 1)
    email = stored_email(state=EmailState.SENDING, claimed_at=claimed, attempts=1)
    assert send_email.call(email.pk) == "sent"
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 2


def test_a_retry_not_due_yet_waits():
    email = stored_email(next_attempt_at=timezone.now() + datetime.timedelta(minutes=5))
    assert send_email.call(email.pk) == "skipped"
    assert mail.outbox == []


def test_a_failed_or_deleted_email_is_not_sent():
    failed = stored_email(state=EmailState.FAILED, attempts=5)
    assert send_email.call(failed.pk) == "skipped"
    assert send_email.call(failed.pk + 1000) == "skipped"
    assert mail.outbox == []


def test_inline_a_refused_send_is_tried_again_at_once(flaky_mail_server):
    flaky_mail_server.reset(failures=1)
    email = stored_email()
    assert send_email.call(email.pk) == "sent"
    assert flaky_mail_server.calls == 2
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 2)


def test_inline_the_last_failure_marks_the_email_failed_and_logs_an_error(
    flaky_mail_server, caplog
):
    flaky_mail_server.down()
    email = stored_email()
    with caplog.at_level(logging.WARNING), pytest.raises(smtplib.SMTPServerDisconnected):
        send_email.call(email.pk)
    assert flaky_mail_server.calls == tasks.INLINE_ATTEMPTS
    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert email.attempts == tasks.INLINE_ATTEMPTS
    assert email.last_error.startswith("SMTPServerDisconnected")
    errors = [r for r in caplog.records if r.name == "outbox.tasks" and r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "not sent after 3 attempts" in errors[0].getMessage()


def test_an_error_that_would_repeat_is_not_retried(monkeypatch, caplog):
    def broken(email):
        raise ValueError("Header values may not contain linefeed or carriage return")

    monkeypatch.setattr("outbox.sending.deliver", broken)
    email = stored_email()
    with pytest.raises(ValueError):
        send_email.call(email.pk)
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.FAILED, 1)
    assert "not sent after 1 attempts" in caplog.text


def test_each_retry_waits_longer():
    delays = [tasks.retry_delay(attempt).total_seconds() / 60 for attempt in (1, 2, 3, 4)]
    assert delays == [1, 5, 25, 125]


def test_with_the_database_queue_a_failed_send_is_retried_later_then_delivered_once(
    database_backend, flaky_mail_server
):
    flaky_mail_server.reset(failures=1)
    email = stored_email()
    before = timezone.now()
    assert send_email.call(email.pk) == "retry"
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.QUEUED, 1)
    assert email.next_attempt_at >= before + datetime.timedelta(minutes=1)
    retry = DBTaskResult.objects.get()
    assert retry.task_path == "outbox.tasks.send_email"
    assert retry.args_kwargs["args"] == [email.pk]
    assert retry.run_after >= before + datetime.timedelta(minutes=1)

    assert run_ready_tasks() == 0  # not due yet
    pass_time(datetime.timedelta(minutes=1))
    assert run_ready_tasks() == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 2)
    assert DBTaskResult.objects.count() == 1


def test_with_the_database_queue_five_attempts_then_failed(
    database_backend, flaky_mail_server, caplog
):
    flaky_mail_server.down()
    email = stored_email()
    send_email.enqueue(email.pk)
    for delay in (0, 1, 5, 25, 125):
        pass_time(datetime.timedelta(minutes=delay))
        assert run_ready_tasks() == 1
    pass_time(datetime.timedelta(days=1))
    assert run_ready_tasks() == 0
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.FAILED, tasks.MAX_ATTEMPTS)
    assert flaky_mail_server.calls == tasks.MAX_ATTEMPTS
    assert "not sent after 5 attempts" in caplog.text
    # The task list shows the last one failed.
    assert DBTaskResult.objects.failed().count() == 1


def test_with_the_database_queue_a_mail_server_back_in_time_delivers_once(
    database_backend, flaky_mail_server
):
    flaky_mail_server.down()
    email = stored_email()
    send_email.enqueue(email.pk)
    run_ready_tasks()
    pass_time(datetime.timedelta(minutes=1))
    run_ready_tasks()
    flaky_mail_server.up()
    pass_time(datetime.timedelta(minutes=5))
    run_ready_tasks()
    pass_time(datetime.timedelta(days=1))
    assert run_ready_tasks() == 0
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 3)
