"""Scripts cannot fill a volunteer call: answers are limited per address and per call, and
past a limit the browser must solve a proof of work (config.antispam)."""

import pytest
from django.core import mail

from config import antispam
from network.models import VolunteerAnswer
from tests.network.factories import VolunteerCallPageFactory

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def easy_work(settings):
    settings.ANTISPAM_POW_BITS = 6
    settings.ANTISPAM_POW_MAX_BITS = 8


@pytest.fixture
def big_call(call_index):
    return VolunteerCallPageFactory(parent=call_index, places=25)


def answer(n: int, **extra) -> dict:
    return {
        "name": f"Bénévole {n}",
        "email": f"benevole{n}@exemple.fr",
        "company": "",
        "message": "Disponible le samedi.",
        **extra,
    }


def post(client, call, data, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(call.url, data, REMOTE_ADDR=PROXY, headers=headers)


def test_25_scripted_answers_from_one_address_no_longer_fill_a_call(client, big_call):
    responses = [post(client, big_call, answer(n)) for n in range(25)]
    assert [r.status_code for r in responses[:3]] == [302, 302, 302]
    assert {r.status_code for r in responses[3:]} == {429}
    assert VolunteerAnswer.objects.count() == 3
    big_call.refresh_from_db()
    assert big_call.places_left == 22


def test_25_scripted_answers_from_many_addresses_meet_the_limit_per_call(
    client, big_call, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        post(client, big_call, answer(n), forwarded_for=f"198.51.100.{n}").status_code
        for n in range(25)
    ]
    assert statuses.count(302) == 10
    assert VolunteerAnswer.objects.count() == 10


def test_a_limited_answer_keeps_what_was_typed_and_asks_the_browser_to_check(client, big_call):
    for n in range(3):
        post(client, big_call, answer(n))
    response = post(client, big_call, answer(9, message="Je peux venir le mardi."))
    page = response.content.decode()
    assert response.status_code == 429
    assert "Je peux venir le mardi." in page
    assert 'value="benevole9@exemple.fr"' in page
    assert "courte vérification automatique" in page
    assert 'name="antispam_challenge"' in page
    assert "js/antispam.js" in page
    assert not mail.outbox


def test_past_the_limit_a_solved_challenge_sends_the_answer_and_a_replay_does_not(client, big_call):
    for n in range(3):
        post(client, big_call, answer(n))
    challenge = post(client, big_call, answer(3)).context["challenge"]
    proof = {
        antispam.CHALLENGE_FIELD: challenge.token,
        antispam.NONCE_FIELD: antispam.solve(challenge),
    }
    assert post(client, big_call, answer(3, **proof)).status_code == 302
    assert VolunteerAnswer.objects.filter(email="benevole3@exemple.fr").exists()
    replay = post(client, big_call, answer(4, **proof))
    assert replay.status_code == 429
    assert not VolunteerAnswer.objects.filter(email="benevole4@exemple.fr").exists()


def test_an_answer_sent_too_fast_is_refused_with_a_message_and_kept(client, big_call, settings):
    settings.ANTISPAM_MIN_SECONDS = 3
    page = client.get(big_call.url).content.decode()
    token = page.split('name="antispam_started" value="')[1].split('"')[0]
    response = post(client, big_call, answer(1, antispam_started=token))
    assert response.status_code == 200
    assert "trop vite" in response.content.decode()
    assert "benevole1@exemple.fr" in response.content.decode()
    assert not VolunteerAnswer.objects.exists()


def test_the_time_the_form_was_shown_is_never_kept_in_a_cached_fragment(client, big_call):
    first = client.get(big_call.url).content.decode()
    second = client.get(big_call.url).content.decode()

    def token(page):
        return page.split('name="antispam_started" value="')[1].split('"')[0]

    assert token(first) != token(second)
