"""The contact form and the volunteer call's answers: their emails are stored with the
answer and retried until the mail server takes them; a visitor never sees it fail."""

import datetime

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from network.models import VolunteerAnswer
from outbox.enums import EmailState
from outbox.models import OutboxEmail
from tests.home.factories import ContactPageFactory
from tests.network.factories import VolunteerCallIndexPageFactory, VolunteerCallPageFactory
from tests.outbox.worker import pass_time, run_ready_tasks

pytestmark = pytest.mark.django_db


def post(client, capture, page, data):
    with capture(execute=True):
        return client.post(page.url, data)


def test_a_contact_message_is_kept_and_emailed_once_the_mail_server_is_back(
    client, home_page, database_backend, flaky_mail_server, django_capture_on_commit_callbacks
):
    contact = ContactPageFactory(parent=home_page)
    flaky_mail_server.down()
    response = post(
        client,
        django_capture_on_commit_callbacks,
        contact,
        {
            "nom_et_prenom": "Camille Durand",
            "adresse_e_mail": "camille@exemple.fr",
            "votre_message": "Je voudrais devenir bénévole.",
        },
    )
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=contact).count() == 1
    [email] = OutboxEmail.objects.filter(kind="home/contact")
    run_ready_tasks()
    email.refresh_from_db()
    assert email.state == EmailState.QUEUED

    flaky_mail_server.up()
    pass_time(datetime.timedelta(minutes=1))
    run_ready_tasks()
    [message] = mail.outbox
    assert "Camille Durand" in message.body


def test_an_answer_to_a_call_is_emailed_to_both_sides_once_the_mail_server_is_back(
    client, home_page, database_backend, flaky_mail_server, django_capture_on_commit_callbacks
):
    call = VolunteerCallPageFactory(parent=VolunteerCallIndexPageFactory(parent=home_page))
    flaky_mail_server.down()
    response = post(
        client,
        django_capture_on_commit_callbacks,
        call,
        {
            "name": "Camille Martin",
            "email": "camille@exemple.fr",
            "company": "",
            "message": "Disponible le samedi matin.",
            "homepage": "",
        },
    )
    assert response.status_code == 302
    assert VolunteerAnswer.objects.count() == 1
    assert sorted(OutboxEmail.objects.values_list("kind", flat=True)) == [
        "network/answer_confirmation",
        "network/answer_notification",
    ]
    run_ready_tasks()
    flaky_mail_server.up()
    pass_time(datetime.timedelta(minutes=1))
    run_ready_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "camille@exemple.fr",
        "contact@undebutdereseau.fr",
    ]
