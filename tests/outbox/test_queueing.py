"""An email is written with the action that causes it, and leaves after the commit."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from members.emails import send_later
from outbox import services as outbox
from outbox.enums import EmailState
from outbox.models import OutboxEmail

pytestmark = pytest.mark.django_db

CONTEXT = {"first_name": "Inès", "url": "http://testserver/fr/espace/demandes/1/"}


def test_an_email_is_stored_with_the_action_and_sent_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
        email = OutboxEmail.objects.get()
        assert email.state == EmailState.QUEUED
        assert mail.outbox == []
    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    [message] = mail.outbox
    assert message.to == ["ines@example.org"]
    assert message.subject == email.subject
    assert "Inès" in message.body


def test_an_action_rolled_back_leaves_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
            raise RuntimeError("the action failed")
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_the_row_keeps_what_the_email_is(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        send_later(["ines@example.org", "c1@example.org"], "request_accepted", CONTEXT, "en")
    email = OutboxEmail.objects.get()
    assert email.kind == "members/request_accepted"
    assert email.language == "en"
    assert email.to == ["ines@example.org", "c1@example.org"]
    assert email.from_email == "Un début de réseau <noreply@undebutdereseau.fr>"
    assert "\n" not in email.subject
    # The Message-ID is chosen once, from the sender's domain: a message sent again after a
    # crash is the same message for mail clients.
    assert email.headers["Message-ID"].endswith("@undebutdereseau.fr>")


def test_the_message_id_is_the_one_stored(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
    email = OutboxEmail.objects.get()
    assert mail.outbox[0].message()["Message-ID"] == email.headers["Message-ID"]


def test_a_rendered_message_keeps_its_html_version_reply_to_and_headers(
    django_capture_on_commit_callbacks,
):
    message = EmailMultiAlternatives(
        "Bienvenue",
        "Texte",
        "Équipe <equipe@example.org>",
        ["ines@example.org"],
        reply_to=["conseil@example.org"],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative("<p>Texte</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue_message(message, kind="account/email/test")
    [sent] = mail.outbox
    assert sent.from_email == "Équipe <equipe@example.org>"
    assert sent.reply_to == ["conseil@example.org"]
    assert sent.alternatives[0].content == "<p>Texte</p>"
    assert sent.message()["Auto-Submitted"] == "auto-generated"


def test_a_message_with_an_attachment_is_refused():
    message = EmailMultiAlternatives("Objet", "Texte", to=["ines@example.org"])
    message.attach("cv.txt", "contenu", "text/plain")
    with pytest.raises(ValueError, match="attachments"):
        outbox.queue_message(message)


def test_an_email_that_cannot_be_rendered_is_logged_and_the_action_goes_on(
    django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "no_such_email", CONTEXT, "fr")
    assert not OutboxEmail.objects.exists()
    assert [r.levelname for r in caplog.records if r.name == "members.emails"] == ["ERROR"]


def test_a_batch_writes_its_emails_in_one_insert(
    database_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with CaptureQueriesContext(connection) as queries, transaction.atomic(), outbox.batch():
            for n in range(20):
                send_later(f"person{n}@example.org", "request_accepted", CONTEXT, "fr")
            assert not OutboxEmail.objects.exists()  # written when the batch closes
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert OutboxEmail.objects.count() == 20
    # On commit, one callback enqueues the twenty tasks.
    assert len(callbacks) == 1
    callbacks[0]()
    assert DBTaskResult.objects.count() == 20


def test_a_batch_that_raises_writes_nothing():
    with pytest.raises(RuntimeError), outbox.batch():
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
        raise RuntimeError("the action failed")
    assert not OutboxEmail.objects.exists()


def test_a_batch_inside_a_batch_joins_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with outbox.batch():
            send_later("a@example.org", "request_accepted", CONTEXT, "fr")
            with outbox.batch():
                send_later("b@example.org", "request_accepted", CONTEXT, "fr")
            assert not OutboxEmail.objects.exists()
    assert OutboxEmail.objects.count() == 2
    assert len(callbacks) == 1


def test_a_queue_that_refuses_the_task_leaves_the_email_queued_for_the_sweep(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def refuse(*args, **kwargs):
        raise RuntimeError("the task queue is unreachable")

    monkeypatch.setattr("django_tasks.backends.immediate.ImmediateBackend.enqueue", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "request_accepted", CONTEXT, "fr")
    assert OutboxEmail.objects.get().state == EmailState.QUEUED
    assert "the task queue is unreachable" in caplog.text
