"""The account emails (allauth's) are written for this site, in the visitor's language:
no "Hello from 127.0.0.1:8000!", no "user … has given your email address"."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.members.factories import YoungPersonFactory
from tests.members.profiles.test_professionals_signup import signup_data

pytestmark = pytest.mark.django_db

ALLAUTH_WORDING = ("Hello from", "Thank you for using", "testserver!", "utilisateur", "user ")


def sent(client, django_capture_on_commit_callbacks, url, data, **headers):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, **headers)
    assert response.status_code == 302
    [message] = mail.outbox
    return message


def assert_written_for_the_site(message):
    for words in ALLAUTH_WORDING:
        assert words not in message.body, words
    assert message.subject.startswith("[Un début de réseau] ")


def test_the_sign_up_confirmation_welcomes_the_professional_by_name(
    client, home_page, django_capture_on_commit_callbacks
):
    message = sent(
        client, django_capture_on_commit_callbacks, reverse("account_signup"), signup_data()
    )

    assert_written_for_the_site(message)
    assert message.subject == "[Un début de réseau] Bienvenue : confirmez votre adresse e-mail"
    assert message.body.startswith("Bonjour Camille,")
    assert "Bienvenue sur Un début de réseau" in message.body
    assert "/confirm-email/" in message.body
    assert "L’équipe d’Un début de réseau" in message.body


def test_the_sign_up_confirmation_is_in_english_for_an_english_visitor(
    client, english_home_page, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        url = reverse("account_signup")
    message = sent(
        client,
        django_capture_on_commit_callbacks,
        url,
        signup_data(),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert_written_for_the_site(message)
    assert message.body.startswith("Hello Camille,")
    assert "Welcome to Un début de réseau" in message.body


def test_the_password_reset_says_what_to_do_and_what_if_it_was_not_you(
    client, home_page, django_capture_on_commit_callbacks
):
    member = YoungPersonFactory(email="ines@example.org")

    message = sent(
        client,
        django_capture_on_commit_callbacks,
        reverse("account_reset_password"),
        {"email": member.email},
    )

    assert_written_for_the_site(message)
    assert message.subject == "[Un début de réseau] Choisir un nouveau mot de passe"
    assert "/password/reset/key/" in message.body
    assert "votre mot de passe actuel reste valable" in message.body
