"""The professional sign-up against scripts: a honeypot and a time check on top of
allauth's "signup" rate limit (config.antispam)."""

import pytest
from django.core import mail
from django.urls import reverse

from members.models import User
from tests.members.profiles.test_professionals_signup import EMAIL, signup_data

pytestmark = pytest.mark.django_db


def test_a_filled_honeypot_creates_no_account_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), signup_data(homepage="http://spam.example")
        )
    assert response.status_code == 200
    assert "n’a pas pu être envoyé" in response.content.decode()
    assert not User.objects.filter(email=EMAIL).exists()
    assert mail.outbox == []


def test_the_honeypot_is_hidden_from_people(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in page
    assert 'name="antispam_started"' in page


def test_a_sign_up_sent_too_fast_is_refused_and_keeps_what_was_typed(client, settings):
    settings.ANTISPAM_MIN_SECONDS = 3
    page = client.get(reverse("account_signup")).content.decode()
    token = page.split('name="antispam_started" value="')[1].split('"')[0]
    response = client.post(reverse("account_signup"), signup_data(antispam_started=token))
    assert response.status_code == 200
    text = response.content.decode()
    assert "trop vite" in text
    assert 'value="Cheffe de chantier"' in text
    assert not User.objects.filter(email=EMAIL).exists()
