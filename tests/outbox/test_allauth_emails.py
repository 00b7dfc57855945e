"""allauth's emails leave through the outbox: a mail server down never breaks the page.

The web process only writes the email; a worker sends it, and sends it again when the
mail server is back.
"""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from outbox.enums import EmailState
from outbox.models import OutboxEmail
from tests.members.factories import PASSWORD, YoungPersonFactory
from tests.members.profiles.test_professionals_signup import signup_data
from tests.outbox.worker import pass_time, run_ready_tasks

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://testserver(/\S+/password/reset/key/\S+/)")
CONFIRM_LINK = re.compile(r"https?://testserver(/\S+/confirm-email/\S+/)")


@pytest.fixture
def mail_server_down(flaky_mail_server):
    flaky_mail_server.down()
    return flaky_mail_server


@pytest.fixture
def member():
    return YoungPersonFactory(email="ines@example.org")


def emails_of_kind(kind: str):
    return OutboxEmail.objects.filter(kind=kind)


def back_up_and_retried(server) -> None:
    """The mail server comes back; the worker runs the retry when it is due."""
    server.up()
    pass_time(datetime.timedelta(minutes=1))
    run_ready_tasks()


def test_a_password_reset_answers_normally_while_the_mail_server_is_down_then_arrives(
    client, member, database_backend, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert mail_server_down.calls == 0  # the web process never talked to the mail server
    [email] = emails_of_kind("account/email/password_reset_key")
    assert email.to == ["ines@example.org"]
    assert email.state == EmailState.QUEUED

    run_ready_tasks()  # the worker tries: refused, retried later
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.QUEUED, 1)
    assert mail.outbox == []

    back_up_and_retried(mail_server_down)
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    [message] = mail.outbox
    # The link was rendered in the request: it opens the reset form.
    (link,) = RESET_LINK.findall(message.body)
    assert client.get(link, follow=True).status_code == 200

    pass_time(datetime.timedelta(days=1))
    run_ready_tasks()
    assert len(mail.outbox) == 1


def test_a_sign_up_answers_normally_while_the_mail_server_is_down_then_the_confirmation_arrives(
    client, database_backend, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    [email] = emails_of_kind("account/email/email_confirmation_signup")
    assert email.to == ["camille.martin@exemple.fr"]

    run_ready_tasks()
    back_up_and_retried(mail_server_down)
    [confirmation] = [m for m in mail.outbox if m.subject == email.subject]
    (link,) = CONFIRM_LINK.findall(confirmation.body)
    assert client.get(link).status_code == 200


def test_an_email_change_answers_normally_while_the_mail_server_is_down_then_arrives(
    client, member, database_backend, mail_server_down, django_capture_on_commit_callbacks
):
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"email": "nouvelle@example.org", "action_add": ""}
        )
    assert response.status_code == 302
    [email] = emails_of_kind("account/email/email_confirmation")
    assert email.to == ["nouvelle@example.org"]

    run_ready_tasks()
    back_up_and_retried(mail_server_down)
    [message] = mail.outbox
    assert CONFIRM_LINK.findall(message.body)


def test_with_the_immediate_backend_a_mail_server_down_is_no_error_page_either(
    client, member, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    [email] = emails_of_kind("account/email/password_reset_key")
    assert email.state == EmailState.FAILED  # after the quick inline attempts, logged


def test_the_email_is_rendered_in_the_language_of_the_request(
    member, english_home_page, django_capture_on_commit_callbacks
):
    client = Client()
    with translation.override("en"):
        url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": member.email}, HTTP_ACCEPT_LANGUAGE="en")
    [email] = emails_of_kind("account/email/password_reset_key")
    assert email.language == "en"
    assert mail.outbox[0].subject == "[Un début de réseau] Choose a new password"
