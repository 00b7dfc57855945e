"""Password rules (12 characters, not a common one, no composition rule) and what a change ends."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.members.factories import PASSWORD, YoungPersonFactory

pytestmark = pytest.mark.django_db

PASSPHRASE = "le chat dort sous la table verte"
TOO_SHORT = "Court-2026!"  # 11 characters, every kind of character
COMMON = "telechargement"  # 14 characters, in Django's list of common passwords


@pytest.fixture
def member(db):
    return YoungPersonFactory(email="ines@example.org")


def change_password(client, new_password, old_password=PASSWORD):
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": old_password, "password1": new_password, "password2": new_password},
    )


def ask_for_a_reset(client, email):
    # The email leaves through the outbox, once the request's writes are committed.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": email})


def reset_form_url(client, email):
    """Ask for a reset, open the emailed link; returns the page where the new password goes."""
    ask_for_a_reset(client, email)
    (link,) = re.findall(r"https?://testserver(/\S+/password/reset/key/\S+/)", mail.outbox[-1].body)
    response = client.get(link)
    # allauth moves the key into the session and redirects to a key-less address.
    return response.url if response.status_code == 302 else link


def reset_password(client, url, new_password):
    return client.post(url, {"password1": new_password, "password2": new_password})


@pytest.mark.parametrize(
    ("password", "message"),
    [(TOO_SHORT, "au minimum 12 caractères"), (COMMON, "trop courant")],
)
def test_the_change_form_refuses_short_and_common_passwords(client, member, password, message):
    client.force_login(member)

    response = change_password(client, password)

    assert response.status_code == 200
    assert message in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_change_form_accepts_a_long_lowercase_passphrase(client, member):
    client.force_login(member)

    response = change_password(client, PASSPHRASE)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(PASSPHRASE)


def test_the_change_form_asks_for_the_current_password(client, member):
    client.force_login(member)

    response = change_password(client, PASSPHRASE, old_password="pas-le-bon")

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [(TOO_SHORT, "au minimum 12 caractères"), (COMMON, "trop courant")],
)
def test_the_reset_form_refuses_short_and_common_passwords(client, member, password, message):
    url = reset_form_url(client, member.email)

    response = reset_password(client, url, password)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="errorlist"' in page
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_reset_form_accepts_a_long_lowercase_passphrase(client, member):
    url = reset_form_url(client, member.email)

    response = reset_password(client, url, PASSPHRASE)

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    member.refresh_from_db()
    assert member.check_password(PASSPHRASE)


def test_a_reset_link_works_once(client, member):
    ask_for_a_reset(client, member.email)
    (link,) = re.findall(r"https?://testserver(/\S+/password/reset/key/\S+/)", mail.outbox[-1].body)
    form_url = client.get(link).url
    reset_password(client, form_url, PASSPHRASE)

    again = Client().get(link, follow=True)

    assert "Lien invalide" in again.content.decode()


def test_changing_the_password_keeps_this_session_and_ends_the_others(member):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    account_page = reverse("account_change_password")
    assert elsewhere.get(account_page).status_code == 200

    response = change_password(here, PASSPHRASE)

    assert response.status_code == 302
    assert here.get(account_page).status_code == 200
    signed_out = elsewhere.get(account_page)
    assert signed_out.status_code == 302
    assert signed_out.url.startswith(reverse("account_login"))


def test_a_reset_ends_every_open_session(member):
    elsewhere = Client()
    elsewhere.force_login(member)
    visitor = Client()
    reset_password(visitor, reset_form_url(visitor, member.email), PASSPHRASE)

    response = elsewhere.get(reverse("account_change_password"))

    assert response.status_code == 302
