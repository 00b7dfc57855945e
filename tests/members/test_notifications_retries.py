"""An email is sent once and retried on failure; a failure never fails the person's action."""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail import send_mail as real_send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from members import tasks
from members.emails import send_later
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, Notification
from members.tasks import send_member_email

pytestmark = pytest.mark.django_db

CONTEXT = {"first_name": "Inès", "url": "http://testserver/fr/espace/demandes/1/"}


class FlakyMailServer:
    """Refuses the first ``failures`` messages, then delivers (to Django's test outbox)."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls <= self.failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send_mail(*args, **kwargs)


@pytest.fixture
def mail_server(monkeypatch):
    def install(failures: int) -> FlakyMailServer:
        server = FlakyMailServer(failures)
        monkeypatch.setattr(tasks, "send_mail", server)
        return server

    monkeypatch.setattr(tasks, "INLINE_PAUSE", 0)
    return install


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
    errors = [r for r in caplog.records if r.name == "members.tasks" and r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "not sent after 3 attempts" in errors[0].getMessage()


def test_a_template_error_is_not_retried(mail_server, django_capture_on_commit_callbacks):
    server = mail_server(failures=0)
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "no_such_email", CONTEXT, "fr")
    assert server.calls == 0


def test_with_a_queue_that_can_wait_a_failed_send_is_queued_again_later_then_delivered(
    mail_server, database_backend
):
    server = mail_server(failures=1)
    before = timezone.now()
    send_member_email.call(["ines@example.org"], "request_accepted", CONTEXT, "fr")
    assert server.calls == 1
    assert mail.outbox == []
    retry = DBTaskResult.objects.get()
    assert retry.task_path == "members.tasks.send_member_email"
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= before + datetime.timedelta(minutes=1)

    # The worker runs it when it is due: delivered, once, nothing queued again.
    send_member_email.call(*retry.args_kwargs["args"], **retry.args_kwargs["kwargs"])
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.count() == 1


def test_each_retry_waits_longer():
    assert [tasks.retry_delay(attempt).total_seconds() / 60 for attempt in (1, 2, 3, 4)] == [
        1,
        5,
        25,
        125,
    ]


def test_with_a_queue_that_can_wait_the_fifth_failure_is_the_last(
    mail_server, database_backend, caplog
):
    server = mail_server(failures=100)
    with caplog.at_level(logging.ERROR), pytest.raises(smtplib.SMTPServerDisconnected):
        send_member_email.call(
            ["ines@example.org"], "request_accepted", CONTEXT, "fr", attempt=tasks.MAX_ATTEMPTS
        )
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
        response = client.post(
            reverse("members:request-accept", kwargs={"pk": sent_request.pk}), follow=True
        )
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
        response = client.post(reverse("members:request-accept", kwargs={"pk": sent_request.pk}))
    assert response.status_code == 302
    sent_request.refresh_from_db()
    assert sent_request.state == HelpRequestState.ACCEPTED
    assert "the task queue is unreachable" in caplog.text
