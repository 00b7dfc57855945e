"""Join codes cannot be guessed: tries are limited per address and per code, right code
or not, and a refused try says nothing about the code (config.antispam)."""

import pytest
from django.urls import reverse

from config import antispam
from members.models import User
from tests.members.onboarding.test_join_code_apply import join_data

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
UNKNOWN = "Ce code ne correspond à aucune structure"


@pytest.fixture(autouse=True)
def easy_work(settings):
    settings.ANTISPAM_POW_BITS = 6
    settings.ANTISPAM_POW_MAX_BITS = 8


@pytest.fixture
def join_structure(structure):
    structure.refresh_from_db()
    return structure


def attempt(client, data, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(reverse("members:join"), data, REMOTE_ADDR=PROXY, headers=headers)


def test_ten_wrong_codes_from_one_address_then_tries_are_held(client, join_structure):
    responses = [
        attempt(client, join_data(join_structure, join_code=f"WRONG{n:03d}")) for n in range(12)
    ]
    assert all(UNKNOWN in r.content.decode() for r in responses[:10])
    held = responses[10]
    assert held.status_code == 429
    page = held.content.decode()
    # Nothing about the code: the form comes back unchecked, with what was typed.
    assert UNKNOWN not in page
    assert 'value="WRONG010"' in page
    assert 'value="Sofia"' in page
    assert 'name="antispam_challenge"' in page


def test_the_right_code_is_held_too_past_the_limit_until_the_proof_is_solved(
    client, join_structure, django_capture_on_commit_callbacks
):
    for n in range(10):
        attempt(client, join_data(join_structure, join_code=f"WRONG{n:03d}"))
    held = attempt(client, join_data(join_structure))
    assert held.status_code == 429
    assert not User.objects.filter(email="sofia.haddad@example.org").exists()
    challenge = held.context["challenge"]
    proof = {
        antispam.CHALLENGE_FIELD: challenge.token,
        antispam.NONCE_FIELD: antispam.solve(challenge),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = attempt(client, {**join_data(join_structure), **proof})
    assert response.status_code == 302
    assert User.objects.filter(email="sofia.haddad@example.org").exists()


def test_one_code_tried_from_many_addresses_is_held_after_twenty(client, join_structure, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        attempt(
            client,
            join_data(join_structure, join_code="K7M2 PQ4X", email=f"j{n}@example.org"),
            forwarded_for=f"198.51.100.{n}",
        ).status_code
        for n in range(21)
    ]
    assert statuses == [200] * 20 + [429]
    # Typed another way, it is the same code.
    assert (
        attempt(
            client, join_data(join_structure, join_code="k7m2-pq4x"), forwarded_for="198.51.100.99"
        ).status_code
        == 429
    )


def test_addresses_behind_the_trusted_proxy_have_their_own_count(client, join_structure, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        attempt(
            client,
            join_data(join_structure, join_code=f"WRONG{n:03d}"),
            forwarded_for="203.0.113.7",
        )
    wrong = join_data(join_structure, join_code="WRONG999")
    assert attempt(client, wrong, forwarded_for="203.0.113.7").status_code == 429
    other = attempt(client, wrong, forwarded_for="198.51.100.20")
    assert other.status_code == 200
    assert UNKNOWN in other.content.decode()


def test_a_filled_honeypot_sees_the_usual_page_and_no_account_is_made(
    client, join_structure, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = attempt(client, join_data(join_structure, homepage="https://spam.example"))

    assert response.status_code == 302
    assert response.url == reverse("members:join-sent")
    assert not User.objects.filter(email="sofia.haddad@example.org").exists()
    assert mailoutbox == []


def test_the_join_form_renders_its_protection_once_and_hidden(client, join_structure):
    page = client.get(reverse("members:join")).content.decode()
    assert page.count('name="homepage"') == 1
    assert page.count('name="antispam_started"') == 1
    assert 'class="hp-field" aria-hidden="true"' in page


def test_a_join_form_sent_too_fast_is_refused_and_keeps_what_was_typed(
    client, join_structure, settings
):
    settings.ANTISPAM_MIN_SECONDS = 3
    page = client.get(reverse("members:join")).content.decode()
    token = page.split('name="antispam_started" value="')[1].split('"')[0]

    response = attempt(client, join_data(join_structure, antispam_started=token))

    assert response.status_code == 200
    content = response.content.decode()
    assert "trop vite" in content
    assert 'value="Sofia"' in content
    assert not User.objects.filter(email="sofia.haddad@example.org").exists()
