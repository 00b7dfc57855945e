"""Behind a reverse proxy, sign-in limits count each client, not the proxy.

nginx connects from 127.0.0.1 and appends the address it saw to X-Forwarded-For
(``$proxy_add_x_forwarded_for``). With ``TRUSTED_PROXY_COUNT=1`` the last entry is the
client; what the client wrote to its left is ignored. With 0, the header is ignored.
"""

import datetime
import importlib

import pytest
from allauth.account.adapter import get_adapter
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from config.client_ip import client_ip_address
from tests.members.factories import PASSWORD, YoungPersonFactory

PROXY = "127.0.0.1"
ATTACKER_IP = "203.0.113.7"
OTHER_IP = "198.51.100.20"


def sign_in(client, email, password, forwarded_for=None, remote_addr=PROXY):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=remote_addr,
        headers=headers,
    )


def signed_in_as(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def member(db):
    return YoungPersonFactory(email="ines@example.org")


@pytest.fixture
def axes_on(settings):
    """django-axes as in production: 10 failures lock for 15 minutes."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ]


def trusted_proxies(settings, count):
    # base.py sets both from the one TRUSTED_PROXY_COUNT variable.
    settings.TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count


@pytest.fixture
def behind_one_proxy(settings):
    trusted_proxies(settings, 1)


@pytest.fixture
def no_trusted_proxy(settings):
    trusted_proxies(settings, 0)


# --- django-axes behind one proxy --------------------------------------------------------


@pytest.mark.usefixtures("axes_on", "behind_one_proxy")
def test_ten_failures_from_one_forwarded_address_lock_that_address_only(client, member):
    for _ in range(10):
        sign_in(client, member.email, "pas-le-bon", forwarded_for=ATTACKER_IP)

    locked = sign_in(client, member.email, PASSWORD, forwarded_for=ATTACKER_IP)
    assert locked.status_code == 429
    assert not signed_in_as(client, member)

    other = sign_in(client, member.email, PASSWORD, forwarded_for=OTHER_IP)
    assert other.status_code == 302
    assert signed_in_as(client, member)


@pytest.mark.usefixtures("axes_on", "behind_one_proxy")
def test_ten_failures_from_ten_forwarded_addresses_lock_nobody_else(client, member):
    # The report: all ten were counted as the proxy's 127.0.0.1.
    for n in range(10):
        sign_in(client, member.email, "pas-le-bon", forwarded_for=f"203.0.113.{n + 1}")

    response = sign_in(client, member.email, PASSWORD, forwarded_for=OTHER_IP)

    assert response.status_code == 302
    assert signed_in_as(client, member)
    assert not AccessAttempt.objects.filter(ip_address=PROXY).exists()


@pytest.mark.usefixtures("axes_on", "behind_one_proxy")
def test_failures_are_counted_against_the_address_the_proxy_added(client, member):
    # The client forged an entry; nginx appended the address it really came from.
    sign_in(client, member.email, "pas-le-bon", forwarded_for=f"{OTHER_IP}, {ATTACKER_IP}")

    (attempt,) = AccessAttempt.objects.all()
    assert attempt.ip_address == ATTACKER_IP


@pytest.mark.usefixtures("axes_on", "behind_one_proxy")
def test_a_forged_first_entry_neither_frees_the_attacker_nor_locks_its_victim(client, member):
    for n in range(10):
        # A new forged address every time, all of them the victim's on the last try.
        forged = OTHER_IP if n == 9 else f"192.0.2.{n + 1}"
        sign_in(client, member.email, "pas-le-bon", forwarded_for=f"{forged}, {ATTACKER_IP}")

    attacker = sign_in(client, member.email, PASSWORD, forwarded_for=f"192.0.2.99, {ATTACKER_IP}")
    assert attacker.status_code == 429

    victim = sign_in(client, member.email, PASSWORD, forwarded_for=OTHER_IP)
    assert victim.status_code == 302
    assert signed_in_as(client, member)


# --- django-axes without a trusted proxy -------------------------------------------------


@pytest.mark.usefixtures("axes_on", "no_trusted_proxy")
def test_without_a_trusted_proxy_a_forged_header_changes_nothing(client, member):
    for n in range(10):
        sign_in(
            client,
            member.email,
            "pas-le-bon",
            forwarded_for=f"192.0.2.{n + 1}",
            remote_addr=ATTACKER_IP,
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER_IP}
    response = sign_in(
        client, member.email, PASSWORD, forwarded_for=OTHER_IP, remote_addr=ATTACKER_IP
    )
    assert response.status_code == 429
    assert not signed_in_as(client, member)


# --- allauth's rate limits ---------------------------------------------------------------


@pytest.fixture
def allauth_login_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "5/m/ip"}


@pytest.mark.usefixtures("allauth_login_limit", "behind_one_proxy")
def test_allauth_login_limit_counts_each_forwarded_address(client, member):
    statuses = [
        sign_in(client, member.email, "pas-le-bon", forwarded_for=ATTACKER_IP).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]

    # Another account: allauth's "login_failed" limit per account is not what is measured.
    someone_else = YoungPersonFactory(email="sarah@example.org")
    other = sign_in(client, someone_else.email, PASSWORD, forwarded_for=OTHER_IP)
    assert other.status_code == 302
    assert signed_in_as(client, someone_else)


@pytest.mark.usefixtures("allauth_login_limit", "behind_one_proxy")
def test_allauth_login_limit_ignores_the_forged_part_of_the_header(client, member):
    statuses = [
        sign_in(
            client, member.email, "pas-le-bon", forwarded_for=f"192.0.2.{n}, {ATTACKER_IP}"
        ).status_code
        for n in range(6)
    ]

    assert statuses == [200] * 5 + [429]


@pytest.mark.usefixtures("allauth_login_limit", "no_trusted_proxy")
def test_allauth_login_limit_without_a_trusted_proxy_ignores_the_header(client, member):
    statuses = [
        sign_in(
            client,
            member.email,
            "pas-le-bon",
            forwarded_for=f"192.0.2.{n}",
            remote_addr=ATTACKER_IP,
        ).status_code
        for n in range(6)
    ]

    assert statuses == [200] * 5 + [429]


# --- the address itself ------------------------------------------------------------------


def request_from(remote_addr, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


@pytest.mark.parametrize(
    ("count", "remote_addr", "forwarded_for", "expected"),
    [
        (0, ATTACKER_IP, OTHER_IP, ATTACKER_IP),
        (1, PROXY, ATTACKER_IP, ATTACKER_IP),
        (1, PROXY, f"{OTHER_IP}, {ATTACKER_IP}", ATTACKER_IP),
        (1, PROXY, f"{OTHER_IP},{ATTACKER_IP}", ATTACKER_IP),
        # A load balancer in front of nginx: it wrote the client, nginx the balancer.
        (2, PROXY, f"{OTHER_IP}, {ATTACKER_IP}, 10.0.0.2", ATTACKER_IP),
        (1, PROXY, "2001:DB8::7", "2001:db8::7"),
        (1, PROXY, "[2001:db8::7]:51000", "2001:db8::7"),
        (1, PROXY, "203.0.113.7:51000", ATTACKER_IP),
        # No header, or fewer entries than trusted proxies: the connection's address.
        (1, PROXY, None, PROXY),
        (2, PROXY, ATTACKER_IP, PROXY),
        (1, PROXY, "unknown", PROXY),
        (1, "", None, None),
    ],
)
def test_client_ip_address(settings, count, remote_addr, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip_address(request_from(remote_addr, forwarded_for)) == expected


@pytest.mark.parametrize(
    ("count", "forwarded_for"),
    [
        (0, ATTACKER_IP),
        (1, ATTACKER_IP),
        (0, f"{OTHER_IP}, {ATTACKER_IP}"),
        (1, f"{OTHER_IP}, {ATTACKER_IP}"),
        (2, f"{OTHER_IP}, {ATTACKER_IP}"),
        (1, f"192.0.2.1, {OTHER_IP}, {ATTACKER_IP}"),
        (2, f"192.0.2.1, {OTHER_IP}, {ATTACKER_IP}"),
    ],
)
def test_axes_and_allauth_see_the_same_address(settings, count, forwarded_for):
    trusted_proxies(settings, count)
    request = request_from(PROXY, forwarded_for)

    assert client_ip_address(request) == get_adapter(request).get_client_ip(request)


def base_settings_with(**environ):
    """config.settings.base as it reads this environment, restored afterwards."""
    module = importlib.import_module("config.settings.base")
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in environ.items():
                patch.setenv(name, value)
            return vars(importlib.reload(module)).copy()
    finally:
        importlib.reload(module)


def test_trusted_proxy_count_sets_axes_and_allauth_from_one_variable():
    base = base_settings_with(TRUSTED_PROXY_COUNT="2")

    assert base["TRUSTED_PROXY_COUNT"] == 2
    assert base["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    assert base["AXES_CLIENT_IP_CALLABLE"] == "config.client_ip.client_ip_address"


def test_no_proxy_is_trusted_by_default():
    base = base_settings_with(TRUSTED_PROXY_COUNT="")

    assert base["TRUSTED_PROXY_COUNT"] == 0
    assert base["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0


def test_a_negative_trusted_proxy_count_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        base_settings_with(TRUSTED_PROXY_COUNT="-1")
