"""The limits of the public forms on the production cache (Redis): counted together by
every instance, forgotten at the end of their window, off while Redis is unreachable."""

import os
import socket

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from config import antispam
from config.settings import base

# A database of its own on the local Redis: the tests empty it.
REDIS = os.environ.get("ANTISPAM_TEST_REDIS_URL") or "redis://127.0.0.1:6379/12"
LIMITS = {"contact": {"address": (2, 60)}}


def post():
    return RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")


@pytest.fixture
def local_redis():
    with override_settings(CACHES=base.redis_caches(REDIS), ANTISPAM_LIMITS=LIMITS):
        if not cache.set("probe", "yes") or cache.get("probe") != "yes":
            pytest.skip(f"no Redis at {REDIS}")
        cache.clear()
        yield
        cache.clear()


@pytest.mark.usefixtures("local_redis")
def test_hits_are_counted_in_redis_and_forgotten_after_the_window():
    verdicts = [antispam.admit(post(), antispam.CONTACT) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    (key,) = cache.keys("antispam:contact:address:*")
    assert cache.get(key) == 3
    # The window started with the first hit; more hits do not push it back.
    assert 0 < cache.ttl(key) <= 60


@pytest.mark.usefixtures("local_redis")
def test_a_proof_is_used_up_in_redis_for_every_instance():
    challenge = antispam.new_challenge(antispam.CONTACT, 4)
    data = {
        antispam.CHALLENGE_FIELD: challenge.token,
        antispam.NONCE_FIELD: antispam.solve(challenge),
    }
    request = RequestFactory().post("/", data)
    assert antispam.challenge_solved(request, antispam.CONTACT)
    assert not antispam.challenge_solved(request, antispam.CONTACT)


def test_with_redis_unreachable_forms_still_go_through():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    caches = base.redis_caches(f"redis://127.0.0.1:{port}/0")
    with override_settings(CACHES=caches, ANTISPAM_LIMITS=LIMITS):
        assert all(antispam.admit(post(), antispam.CONTACT).allowed for _ in range(5))
