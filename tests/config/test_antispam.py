"""The protection of public forms (config.antispam): counters, proof of work, time check."""

import hashlib
import json
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.conf import settings as django_settings
from django.test import RequestFactory

from config import antispam

PROXY = "127.0.0.1"
JS = Path(django_settings.BASE_DIR) / "static" / "js" / "antispam.js"


@pytest.fixture(autouse=True)
def easy_work(settings):
    """A proof of work the tests solve in milliseconds."""
    settings.ANTISPAM_POW_BITS = 6
    settings.ANTISPAM_POW_MAX_BITS = 9
    settings.ANTISPAM_LIMITS = {
        "contact": {"address": (2, 3600)},
        "join-code": {"target": (2, 3600)},
    }


def post(data=None, remote_addr=PROXY, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return RequestFactory().post("/", data or {}, REMOTE_ADDR=remote_addr, headers=headers)


def solved(challenge, **extra):
    return {
        antispam.CHALLENGE_FIELD: challenge.token,
        antispam.NONCE_FIELD: antispam.solve(challenge),
        **extra,
    }


def test_within_the_limit_submissions_go_through():
    assert antispam.admit(post(), antispam.CONTACT).allowed
    assert antispam.admit(post(), antispam.CONTACT).allowed


def test_past_the_limit_a_challenge_is_required_in_french():
    antispam.admit(post(), antispam.CONTACT)
    antispam.admit(post(), antispam.CONTACT)
    verdict = antispam.admit(post(), antispam.CONTACT)
    assert not verdict.allowed
    assert verdict.challenge is not None
    assert verdict.challenge.bits == 6
    assert "vérification automatique" in verdict.message


def test_a_solved_challenge_lets_the_submission_through_once():
    for _ in range(2):
        antispam.admit(post(), antispam.CONTACT)
    challenge = antispam.admit(post(), antispam.CONTACT).challenge
    data = solved(challenge)
    assert antispam.admit(post(data), antispam.CONTACT).allowed
    # The same proof again: refused, with a new challenge.
    replay = antispam.admit(post(data), antispam.CONTACT)
    assert not replay.allowed
    assert replay.challenge.token != challenge.token


def test_a_wrong_nonce_a_forged_token_or_another_form_s_challenge_is_refused(settings):
    for _ in range(3):
        antispam.admit(post(), antispam.CONTACT)
    challenge = antispam.new_challenge(antispam.CONTACT, 6)
    nonce = antispam.solve(challenge)
    wrong = str(int(nonce) + 1)
    while (
        antispam.leading_zero_bits(hashlib.sha256(f"{challenge.token}{wrong}".encode()).digest())
        >= 6
    ):
        wrong = str(int(wrong) + 1)
    forged = antispam.Challenge(token=challenge.token.replace(":6:", ":0:"), bits=0)
    other = antispam.new_challenge(antispam.JOIN_CODE, 6)
    for data in (
        {antispam.CHALLENGE_FIELD: challenge.token, antispam.NONCE_FIELD: wrong},
        {antispam.CHALLENGE_FIELD: forged.token, antispam.NONCE_FIELD: "0"},
        solved(other),
        {antispam.CHALLENGE_FIELD: challenge.token},
    ):
        assert not antispam.admit(post(data), antispam.CONTACT).allowed


def test_an_old_challenge_is_refused(settings, monkeypatch):
    for _ in range(2):
        antispam.admit(post(), antispam.CONTACT)
    challenge = antispam.admit(post(), antispam.CONTACT).challenge
    settings.ANTISPAM_CHALLENGE_SECONDS = 60
    later = time.time() + 61
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert not antispam.admit(post(solved(challenge)), antispam.CONTACT).allowed


def test_work_doubles_each_time_the_hits_double_past_the_limit_up_to_the_maximum():
    bits = []
    for _ in range(20):
        verdict = antispam.admit(post(), antispam.CONTACT)
        bits.append(verdict.challenge.bits if verdict.challenge else None)
    # Limit 2: hits 3 (x1.5) → 6 bits, 4 (x2) → 7, 8 (x4) → 8, 16 (x8) → 9 = the maximum.
    assert bits[:3] == [None, None, 6]
    assert bits[3] == 7
    assert bits[7] == 8
    assert bits[15] == bits[19] == 9


def test_per_target_limits_count_every_address_together(settings):
    settings.ANTISPAM_LIMITS = {"join-code": {"target": (2, 3600)}}
    verdicts = [
        antispam.admit(post(remote_addr=f"198.51.100.{n}"), antispam.JOIN_CODE, target="K7M2PQ4X")
        for n in range(3)
    ]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert antispam.admit(post(), antispam.JOIN_CODE, target="OTHERCODE").allowed


def test_a_target_that_does_not_pay_is_refused_even_with_a_solved_challenge(settings):
    settings.ANTISPAM_LIMITS = {"structure-registration": {"target": (1, 86400)}}
    action = antispam.STRUCTURE_REGISTRATION
    assert antispam.admit(post(), action, target="a@example.org", target_pays=False).allowed
    challenge = antispam.new_challenge(action, 6)
    verdict = antispam.admit(
        post(solved(challenge)), action, target="a@example.org", target_pays=False
    )
    assert not verdict.allowed
    assert verdict.challenge is None
    assert "adresse e-mail" in verdict.message


def test_addresses_behind_the_trusted_proxy_count_separately(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        assert antispam.admit(post(forwarded_for="203.0.113.7"), antispam.CONTACT).allowed
    assert not antispam.admit(post(forwarded_for="203.0.113.7"), antispam.CONTACT).allowed
    # Another client behind the same proxy has its own count.
    assert antispam.admit(post(forwarded_for="198.51.100.20"), antispam.CONTACT).allowed
    # A forged entry on the left changes nothing: the proxy's entry is the one counted.
    forged = "192.0.2.99, 203.0.113.7"
    assert not antispam.admit(post(forwarded_for=forged), antispam.CONTACT).allowed


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(2):
        assert antispam.admit(post(forwarded_for=f"203.0.113.{n}"), antispam.CONTACT).allowed
    assert not antispam.admit(post(forwarded_for="203.0.113.50"), antispam.CONTACT).allowed


def test_an_action_without_limits_is_never_limited():
    for _ in range(10):
        assert antispam.admit(post(), "volunteer-answer").allowed


# --- The time check and the honeypot --------------------------------------------------


class MessageForm(antispam.ProtectedFormMixin, forms.Form):
    message = forms.CharField()


def shown_seconds_ago(monkeypatch, seconds):
    """The form's time token, made ``seconds`` ago."""
    real = time.time
    monkeypatch.setattr(antispam, "time", SimpleNamespace(time=lambda: real() - seconds))
    token = MessageForm().initial[antispam.STARTED_FIELD]
    monkeypatch.setattr(antispam, "time", time)
    return token


def test_a_form_sent_too_fast_is_refused_and_keeps_what_was_typed(settings, monkeypatch):
    settings.ANTISPAM_MIN_SECONDS = 3
    token = shown_seconds_ago(monkeypatch, 1)
    form = MessageForm({"message": "Bonjour", antispam.STARTED_FIELD: token})
    assert not form.is_valid()
    assert "trop vite" in form.non_field_errors()[0]
    assert 'value="Bonjour"' in str(form["message"])


def test_a_form_sent_after_the_delay_is_valid_and_keeps_no_protection_field(settings, monkeypatch):
    settings.ANTISPAM_MIN_SECONDS = 3
    token = shown_seconds_ago(monkeypatch, 4)
    form = MessageForm({"message": "Bonjour", antispam.STARTED_FIELD: token})
    assert form.is_valid()
    assert form.cleaned_data == {"message": "Bonjour"}


def test_a_missing_or_forged_time_is_refused_and_the_form_gets_a_fresh_one(settings):
    settings.ANTISPAM_MIN_SECONDS = 3
    for token in ("", f"{time.time() - 60:.3f}:forged-signature"):
        form = MessageForm({"message": "Bonjour", antispam.STARTED_FIELD: token})
        assert not form.is_valid()
        assert "expiré ou est incomplet" in form.non_field_errors()[0]
        assert form[antispam.STARTED_FIELD].value() not in ("", token)


def test_the_time_check_is_off_at_zero(settings):
    settings.ANTISPAM_MIN_SECONDS = 0
    assert MessageForm({"message": "Bonjour"}).is_valid()


def test_the_honeypot_gives_a_bot_away_before_validation():
    assert MessageForm({"homepage": "http://spam.example"}).is_from_bot()
    assert not MessageForm({"message": "Bonjour", "homepage": ""}).is_from_bot()
    assert not MessageForm().is_from_bot()


# --- The browser's solver ---------------------------------------------------------------


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="needs node to run the browser's script")
def test_the_browser_script_solves_what_the_server_checks():
    challenge = antispam.new_challenge(antispam.CONTACT, 10)
    script = (
        f"const m = require({json.dumps(str(JS))});"
        f"m.solve({json.dumps(challenge.token)}, 10, (n) => console.log(n));"
    )
    nonce = subprocess.run(  # noqa: S603 - node on our own script
        [NODE, "-e", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    request = post({antispam.CHALLENGE_FIELD: challenge.token, antispam.NONCE_FIELD: nonce})
    assert antispam.challenge_solved(request, antispam.CONTACT)
