""" "Inscrire ma structure" cannot be used to email anyone: registrations are limited per
address and per referent email address (config.antispam)."""

import pytest
from django.core import mail
from django.urls import reverse

from config import antispam
from network.models import Structure
from tests.members.onboarding.test_structures_registration import registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def easy_work(settings):
    settings.ANTISPAM_POW_BITS = 6
    settings.ANTISPAM_POW_MAX_BITS = 8


def register(client, capture, n: int, **overrides):
    data = registration(
        **{
            "name": f"Mission locale {n}",
            "siret": f"{n:014d}",
            "referent_email": f"referent{n}@exemple.fr",
            **overrides,
        }
    )
    with capture(execute=True):
        return client.post(reverse("members:structure-register"), data)


def test_a_second_registration_to_the_same_email_is_refused_and_keeps_what_was_typed(
    client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert register(client, capture, 1, referent_email="cible@exemple.fr").status_code == 302
    sent = len(mail.outbox)
    response = register(client, capture, 2, referent_email="cible@exemple.fr")
    assert response.status_code == 429
    page = response.content.decode()
    assert "déjà été envoyé pour cette adresse e-mail" in page
    assert "Mission locale 2" in page
    assert Structure.objects.filter(referent_email="cible@exemple.fr").count() == 1
    assert len(mail.outbox) == sent


def test_a_solved_challenge_does_not_buy_a_second_email_to_the_same_address(
    client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    register(client, capture, 1, referent_email="cible@exemple.fr")
    challenge = antispam.new_challenge(antispam.STRUCTURE_REGISTRATION, 6)
    proof = {
        antispam.CHALLENGE_FIELD: challenge.token,
        antispam.NONCE_FIELD: antispam.solve(challenge),
    }
    response = register(client, capture, 2, referent_email="cible@exemple.fr", **proof)
    assert response.status_code == 429
    assert Structure.objects.filter(referent_email="cible@exemple.fr").count() == 1


def test_twelve_registrations_from_one_address_stop_at_three_then_ask_for_a_proof(
    client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    statuses = [register(client, capture, n).status_code for n in range(12)]
    assert statuses == [302] * 3 + [429] * 9
    assert Structure.objects.count() == 3
    response = register(client, capture, 20)
    assert 'name="antispam_challenge"' in response.content.decode()
    proof = {
        antispam.CHALLENGE_FIELD: response.context["challenge"].token,
        antispam.NONCE_FIELD: antispam.solve(response.context["challenge"]),
    }
    assert register(client, capture, 20, **proof).status_code == 302
    assert Structure.objects.count() == 4


def test_a_registration_sent_too_fast_is_refused_with_a_message(client, settings):
    settings.ANTISPAM_MIN_SECONDS = 3
    page = client.get(reverse("members:structure-register")).content.decode()
    token = page.split('name="antispam_started" value="')[1].split('"')[0]
    response = client.post(
        reverse("members:structure-register"), registration(antispam_started=token)
    )
    assert response.status_code == 200
    assert "trop vite" in response.content.decode()
    assert not Structure.objects.exists()
