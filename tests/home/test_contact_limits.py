"""The contact form against scripts: a honeypot, a time check and a limit per address
(config.antispam)."""

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from config import antispam
from tests.home.factories import ContactPageFactory
from tests.home.test_contact_form import VALID


@pytest.fixture
def contact(home_page):
    return ContactPageFactory(parent=home_page)


@pytest.fixture(autouse=True)
def easy_work(settings):
    settings.ANTISPAM_POW_BITS = 6
    settings.ANTISPAM_POW_MAX_BITS = 8


def send(client, contact, capture, **extra):
    with capture(execute=True):
        return client.post(contact.url, {**VALID, **extra})


def test_25_scripted_messages_stop_at_five(client, contact, django_capture_on_commit_callbacks):
    statuses = [
        send(client, contact, django_capture_on_commit_callbacks).status_code for _ in range(25)
    ]
    assert statuses == [200] * 5 + [429] * 20
    assert FormSubmission.objects.count() == 5
    assert len(mail.outbox) == 5


def test_a_limited_message_keeps_what_was_typed_and_a_solved_challenge_sends_it(
    client, contact, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    for _ in range(5):
        send(client, contact, capture)
    response = send(client, contact, capture, votre_message="Un message à ne pas perdre.")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Un message à ne pas perdre." in page
    assert "courte vérification automatique" in page
    challenge = response.context["challenge"]
    proof = {
        antispam.CHALLENGE_FIELD: challenge.token,
        antispam.NONCE_FIELD: antispam.solve(challenge),
    }
    assert "Merci" in send(client, contact, capture, **proof).content.decode()
    assert FormSubmission.objects.count() == 6
    assert send(client, contact, capture, **proof).status_code == 429
    assert FormSubmission.objects.count() == 6


def test_honeypot_filled_looks_like_success_but_stores_and_sends_nothing(
    client, contact, django_capture_on_commit_callbacks
):
    response = send(
        client, contact, django_capture_on_commit_callbacks, homepage="http://x.example"
    )
    # Silent: a bot told why would learn to leave the field empty.
    assert response.status_code == 200
    assert "Merci, votre message est bien parti" in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_hidden_from_people_and_never_stored(
    client, contact, django_capture_on_commit_callbacks
):
    page = client.get(contact.url).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in page
    send(client, contact, django_capture_on_commit_callbacks)
    assert set(FormSubmission.objects.get().get_data()) == {*VALID, "submit_time"}
    assert "homepage" not in mail.outbox[0].body


def test_a_message_sent_too_fast_is_refused_and_kept(client, contact, settings):
    settings.ANTISPAM_MIN_SECONDS = 3
    page = client.get(contact.url).content.decode()
    token = page.split('name="antispam_started" value="')[1].split('"')[0]
    response = client.post(contact.url, {**VALID, "antispam_started": token})
    assert response.status_code == 200
    html = response.content.decode()
    assert "trop vite" in html
    assert 'value="Camille Durand"' in html
    assert not FormSubmission.objects.exists()
