"""An email is sent once and retried on failure; a failure never fails the person's action."""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from members.emails import send_later
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, Notification
from members.requests.workflow import TRANSITIONS
from members.requests.workflow import TransitionName as N
from outbox import tasks
from outbox.models import OutboxEmail
from outbox.tasks import send_email
from tests.outbox.worker import pass_time, run_ready_tasks
from tests.support.smtp import FLAKY_BACKEND
from tests.support.smtp import mail_server as flaky_server

pytestmark = pytest.mark.django_db

CONTEXT = {"first_name": "Inès", "url": "http://testserver/fr/espace/demandes/1/"}


@pytest.fixture
def mail_server(settings, monkeypatch):
    """A mail server that refuses the first ``failures`` messages, then delivers (to
    Django's test outbox). Emails leave through the outbox (outbox.tasks.send_email)."""

    def install(failures: int):
        settings.EMAIL_BACKEND = FLAKY_BACKEND
        return flaky_server.reset(failures)

    monkeypatch.setattr(tasks, "INLINE_PAUSE", 0)
    yield install
    flaky_server.reset()


@pytest.fixture
def database_backend(settings):
    """The production queue: the database backend, which can run a task later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_send_that_fails_once_is_retried_and_delivered_exactly_once(
    mail_server, django_capture_on_commit_callbacks
):
    server = mail_server(failures=1)
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
    assert server.calls == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ines@example.org"]


def test_a_send_that_always_fails_stops_after_the_inline_attempts_and_logs_an_error(
    mail_server, django_capture_on_commit_callbacks, caplog
):
    server = mail_server(failures=100)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
    assert server.calls == tasks.INLINE_ATTEMPTS
    assert mail.outbox == []
    errors = [r for r in caplog.records if r.name == "outbox.tasks" and r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "not sent after 3 attempts" in errors[0].getMessage()


def test_a_template_error_is_not_retried(mail_server, django_capture_on_commit_callbacks):
    server = mail_server(failures=0)
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "no_such_email", CONTEXT, "fr")
    assert server.calls == 0
    assert not OutboxEmail.objects.exists()


def test_with_a_queue_that_can_wait_a_failed_send_is_queued_again_later_then_delivered(
    mail_server, database_backend, django_capture_on_commit_callbacks
):
    server = mail_server(failures=1)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
    assert run_ready_tasks() == 1
    assert server.calls == 1
    assert mail.outbox == []
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.task_path == "outbox.tasks.send_email"
    assert retry.args_kwargs["args"] == [OutboxEmail.objects.get().pk]
    assert retry.run_after >= before + datetime.timedelta(minutes=1)

    # The worker runs it when it is due: delivered, once, nothing queued again.
    pass_time(datetime.timedelta(minutes=1))
    assert run_ready_tasks() == 1
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.count() == 2
    assert run_ready_tasks() == 0


def test_each_retry_waits_longer():
    assert [tasks.retry_delay(attempt).total_seconds() / 60 for attempt in (1, 2, 3, 4)] == [
        1,
        5,
        25,
        125,
    ]


def test_with_a_queue_that_can_wait_the_fifth_failure_is_the_last(
    mail_server, database_backend, django_capture_on_commit_callbacks, caplog
):
    server = mail_server(failures=100)
    with django_capture_on_commit_callbacks(execute=False):
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
    OutboxEmail.objects.update(attempts=tasks.MAX_ATTEMPTS - 1)
    with caplog.at_level(logging.ERROR), pytest.raises(smtplib.SMTPServerDisconnected):
        send_email.call(OutboxEmail.objects.get().pk)
    assert server.calls == 1
    assert not DBTaskResult.objects.exists()
    assert "not sent after 5 attempts" in caplog.text


@pytest.fixture
def sent_request(young_person, professional):
    return HelpRequest.objects.create(
        young_person=young_person,
        professional=professional,
        structure=young_person.structure,
        state=HelpRequestState.SENT,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Je voudrais découvrir votre métier.",
        sent_at=timezone.now(),
    )


def test_a_mail_server_down_does_not_fail_the_persons_action(
    client,
    professional,
    young_person,
    sent_request,
    mail_server,
    django_capture_on_commit_callbacks,
):
    mail_server(failures=100)
    client.force_login(professional)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(TRANSITIONS[N.ACCEPT].url(sent_request.pk), follow=True)
    assert response.status_code == 200
    assert "Vous avez accepté ce coup de pouce" in response.content.decode()
    sent_request.refresh_from_db()
    assert sent_request.state == HelpRequestState.ACCEPTED
    assert mail.outbox == []
    # The young person still learns it in the app.
    assert Notification.objects.filter(recipient=young_person).count() == 1


def test_a_queue_that_refuses_the_email_does_not_fail_the_persons_action(
    client, professional, sent_request, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def refuse(*args, **kwargs):
        raise RuntimeError("the task queue is unreachable")

    monkeypatch.setattr("django_tasks.backends.immediate.ImmediateBackend.enqueue", refuse)
    client.force_login(professional)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(TRANSITIONS[N.ACCEPT].url(sent_request.pk))
    assert response.status_code == 302
    sent_request.refresh_from_db()
    assert sent_request.state == HelpRequestState.ACCEPTED
    assert "the task queue is unreachable" in caplog.text
