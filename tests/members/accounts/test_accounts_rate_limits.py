"""Guessing passwords is slowed down: allauth's rate limits and django-axes' lock-out."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.members.factories import PASSWORD, YoungPersonFactory

pytestmark = pytest.mark.django_db

ATTACKER_IP = "203.0.113.7"
VICTIM_IP = "198.51.100.20"


def sign_in(client, email, password, ip=ATTACKER_IP):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def member(db):
    return YoungPersonFactory(email="ines@example.org")


# --- allauth ---------------------------------------------------------------------------


@pytest.fixture
def allauth_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "5/m/ip", "login_failed": "3/m/ip,3/5m/key"}


@pytest.mark.usefixtures("allauth_limits")
def test_repeated_failures_are_refused_even_with_the_right_password(client, member):
    for _ in range(3):
        assert sign_in(client, member.email, "pas-le-bon").status_code == 200

    response = sign_in(client, member.email, PASSWORD)

    assert response.status_code == 200
    assert client.session.get("_auth_user_id") is None
    assert "data-error-summary" in response.content.decode()


@pytest.mark.usefixtures("allauth_limits")
def test_repeated_sign_in_attempts_eventually_get_429(client, member):
    statuses = [sign_in(client, member.email, "pas-le-bon").status_code for _ in range(6)]

    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


# --- django-axes -------------------------------------------------------------------------


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ]


def fail_until_locked(client, email, ip=ATTACKER_IP, limit=3):
    for _ in range(limit):
        sign_in(client, email, "pas-le-bon", ip=ip)


@pytest.mark.usefixtures("axes_on")
def test_failures_are_counted_against_the_typed_address_and_the_ip(client, member):
    sign_in(client, "Ines@Example.org", "pas-le-bon")

    (attempt,) = AccessAttempt.objects.all()
    assert (attempt.username, attempt.ip_address) == ("ines@example.org", ATTACKER_IP)
    assert PASSWORD not in attempt.post_data
    assert "pas-le-bon" not in attempt.post_data


@pytest.mark.usefixtures("axes_on")
def test_after_the_failure_limit_the_account_is_locked_from_that_ip_with_429(client, member):
    fail_until_locked(client, member.email)

    response = sign_in(client, member.email, PASSWORD)

    assert response.status_code == 429
    assert client.session.get("_auth_user_id") is None
    page = response.content.decode()
    assert "Connexion bloquée pour un moment" in page
    assert "Réessayez dans 15 minutes" in page
    # allauth renders its form first; axes' middleware replaces it with the lock-out page.
    assert "account/lockout.html" in [template.name for template in response.templates]


@pytest.mark.usefixtures("axes_on")
def test_the_same_account_can_still_sign_in_from_another_ip(client, member):
    fail_until_locked(client, member.email)

    response = sign_in(client, member.email, PASSWORD, ip=VICTIM_IP)

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(member.pk)


@pytest.mark.usefixtures("axes_on")
def test_the_lock_ends_after_the_cool_off(client, member):
    fail_until_locked(client, member.email)
    assert sign_in(client, member.email, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = sign_in(client, member.email, PASSWORD)

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(member.pk)


@pytest.mark.usefixtures("axes_on")
def test_tries_during_the_lock_do_not_push_its_end_back(client, member):
    fail_until_locked(client, member.email)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert sign_in(client, member.email, "encore-faux").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=30)
    )

    assert sign_in(client, member.email, PASSWORD).status_code == 302


@pytest.mark.usefixtures("axes_on")
def test_a_successful_sign_in_clears_the_failures(client, member):
    sign_in(client, member.email, "pas-le-bon")
    sign_in(client, member.email, PASSWORD)

    assert not AccessAttempt.objects.exists()


@pytest.mark.usefixtures("allauth_limits")
def test_the_rate_limit_page_says_in_french_to_wait(client, member):
    for _ in range(5):
        sign_in(client, member.email, "pas-le-bon")

    response = sign_in(client, member.email, "pas-le-bon")

    assert response.status_code == 429
    assert "Trop de tentatives en peu de temps" in response.content.decode()
