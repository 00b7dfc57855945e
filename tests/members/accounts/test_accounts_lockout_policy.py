"""The sign-in protection cannot be turned against members.

Policy (settings as in production): 5 failures for one account from one address lock that
pair (django-axes, 15 minutes); 30 failures from one address over any accounts throttle
the address (allauth's "login_failed" "ip" part); nothing locks an account alone; a
success clears the failures of its own pair only.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from config.settings import base
from tests.members.factories import PASSWORD, YoungPersonFactory

pytestmark = pytest.mark.django_db

ADDRESS_A = "203.0.113.7"
ADDRESS_B = "198.51.100.20"


@pytest.fixture(autouse=True)
def production_policy(settings):
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = base.AXES_FAILURE_LIMIT
    settings.AXES_LOCKOUT_PARAMETERS = base.AXES_LOCKOUT_PARAMETERS
    settings.AXES_RESET_ON_SUCCESS = base.AXES_RESET_ON_SUCCESS
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ]


def sign_in(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def signed_in_as(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def owner(db):
    return YoungPersonFactory(email="ines@example.org")


def test_the_policy_numbers(settings):
    assert base.AXES_FAILURE_LIMIT == 5
    assert base.AXES_LOCKOUT_PARAMETERS == [["ip_address", "username"]]
    assert base.ACCOUNT_RATE_LIMITS["login_failed"] == "30/15m/ip,5/5m/key"


def test_ten_failures_on_an_account_do_not_stop_its_owner_from_another_address(client, owner):
    for _ in range(10):
        sign_in(client, owner.email, "pas-le-bon", ADDRESS_A)

    response = sign_in(client, owner.email, PASSWORD, ADDRESS_B)

    assert response.status_code == 302
    assert signed_in_as(client, owner)


def test_five_failures_lock_the_pair_of_address_and_account(client, owner):
    for _ in range(5):
        sign_in(client, owner.email, "pas-le-bon", ADDRESS_A)

    response = sign_in(client, owner.email, PASSWORD, ADDRESS_A)

    # axes answered the fifth failure with its lock-out page; allauth's pair limit
    # ("5/5m/key") now refuses before the password is even tried.
    assert response.status_code in (200, 429)
    assert not signed_in_as(client, owner)
    assert sign_in(client, owner.email, PASSWORD, ADDRESS_B).status_code == 302


def test_failures_on_one_account_do_not_lock_the_others_on_a_shared_address(client, owner):
    # Twelve failures from a structure's Wi-Fi on one account…
    for _ in range(12):
        sign_in(client, "quelquun@example.org", "pas-le-bon", ADDRESS_A)

    # …and the other members behind the same address still sign in.
    response = sign_in(client, owner.email, PASSWORD, ADDRESS_A)

    assert response.status_code == 302
    assert signed_in_as(client, owner)


def test_a_success_does_not_erase_the_failures_of_other_accounts(client, owner):
    victims = ["x@example.org", "y@example.org", "z@example.org"]
    for victim in victims:
        for _ in range(2):
            sign_in(client, victim, "pas-le-bon", ADDRESS_A)

    assert sign_in(client, owner.email, PASSWORD, ADDRESS_A).status_code == 302

    failures = dict(
        AccessAttempt.objects.filter(ip_address=ADDRESS_A).values_list(
            "username", "failures_since_start"
        )
    )
    assert failures == dict.fromkeys(victims, 2)


def test_a_success_clears_the_failures_of_its_own_pair(client, owner):
    sign_in(client, owner.email, "pas-le-bon", ADDRESS_A)
    sign_in(client, "x@example.org", "pas-le-bon", ADDRESS_A)

    sign_in(client, owner.email, PASSWORD, ADDRESS_A)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["x@example.org"]


def test_spraying_many_accounts_from_one_address_ends_in_a_throttle(client, owner):
    # Four tries on each of many accounts stays under the pair limit; interleaved
    # successes on one's own account do not reset the count.
    responses = []
    for n in range(8):
        for _ in range(4):
            responses.append(sign_in(client, f"cible{n}@example.org", "pas-le-bon", ADDRESS_A))
        client.post(reverse("account_logout"))
        sign_in(client, owner.email, PASSWORD, ADDRESS_A)
        client.post(reverse("account_logout"))

    # 32 failures from the address: the last ones are refused without trying the password.
    assert "Trop de tentatives" in responses[-1].content.decode()
    refused = sign_in(client, owner.email, PASSWORD, ADDRESS_A)
    assert not signed_in_as(client, owner)
    assert refused.status_code in (200, 429)
    # The throttle is on the address: the owner still signs in from elsewhere.
    assert sign_in(client, owner.email, PASSWORD, ADDRESS_B).status_code == 302
    assert signed_in_as(client, owner)
