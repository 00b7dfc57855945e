"""A session left open (a shared computer at a structure) cannot take the account.

Every sensitive change asks for the password again (allauth's reauthentication), and the
member is told by email, the old address when the address itself changes.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from outbox.models import OutboxEmail
from tests.members.factories import PASSWORD, YoungPersonFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://testserver(/\S+)")


@pytest.fixture
def member():
    return YoungPersonFactory(email="ines@example.org")


@pytest.fixture
def open_session(client, member):
    """A member signed in a while ago: the sign-in itself is no proof for a change."""
    client.force_login(member)
    return client


def change_email(client, email):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def reauthenticate(client, password=PASSWORD, url=None):
    return client.post(url or reverse("account_reauthenticate"), {"password": password})


def addresses_of(user):
    return set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))


def test_an_open_session_cannot_change_the_email_without_the_password(open_session, member):
    response = change_email(open_session, "voleur@example.org")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert addresses_of(member) == {"ines@example.org"}
    assert not OutboxEmail.objects.exists()


def test_a_wrong_password_does_not_unlock_the_change(open_session, member):
    change_email(open_session, "voleur@example.org")

    response = reauthenticate(open_session, "pas-le-bon")

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert addresses_of(member) == {"ines@example.org"}


def test_after_the_password_the_change_goes_through(open_session, member):
    asked = change_email(open_session, "nouvelle@example.org")

    # allauth replays the suspended change once the password is given.
    reauthenticate(open_session, url=asked.url)

    assert addresses_of(member) == {"ines@example.org", "nouvelle@example.org"}


def test_the_old_address_is_told_when_the_change_is_confirmed(
    open_session, member, django_capture_on_commit_callbacks
):
    reauthenticate(open_session)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(open_session, "nouvelle@example.org")
    (confirmation,) = mail.outbox
    (confirm_url,) = [link for link in LINK.findall(confirmation.body) if "confirm-email" in link]

    with django_capture_on_commit_callbacks(execute=True):
        open_session.post(confirm_url)

    member.refresh_from_db()
    assert member.email == "nouvelle@example.org"
    notice = mail.outbox[-1]
    assert notice.to == ["ines@example.org"]
    assert "ines@example.org" in notice.body
    assert "nouvelle@example.org" in notice.body
    assert "Ce message part vers l’ancienne adresse" in notice.body
    assert "Si ce n’est pas vous, quelqu’un a pris votre compte" in notice.body
    # Through the outbox, like every email.
    assert OutboxEmail.objects.filter(
        kind="account/email/email_changed", to=["ines@example.org"]
    ).exists()


def test_the_password_change_asks_for_the_current_one_and_tells_the_member(
    open_session, member, django_capture_on_commit_callbacks
):
    refused = open_session.post(
        reverse("account_change_password"),
        {"oldpassword": "pas-le-bon", "password1": "Une-autre-phrase-2027", "password2": "x"},
    )
    assert refused.status_code == 200
    member.refresh_from_db()
    assert member.check_password(PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        open_session.post(
            reverse("account_change_password"),
            {
                "oldpassword": PASSWORD,
                "password1": "Une-autre-phrase-2027",
                "password2": "Une-autre-phrase-2027",
            },
        )

    member.refresh_from_db()
    assert member.check_password("Une-autre-phrase-2027")
    (notice,) = mail.outbox
    assert notice.to == ["ines@example.org"]
    assert "Votre mot de passe a été modifié." in notice.body
    assert "Si ce n’est pas vous" in notice.body
    assert "http://testserver/fr/compte/password/reset/" in notice.body


def test_the_notice_links_to_the_password_reset_on_the_configured_address(
    open_session, settings, django_capture_on_commit_callbacks
):
    """Never on the Host header the request came with: an address a visitor chose."""
    settings.WAGTAILADMIN_BASE_URL = "https://undebutdereseau.fr"
    with django_capture_on_commit_callbacks(execute=True):
        open_session.post(
            reverse("account_change_password"),
            {
                "oldpassword": PASSWORD,
                "password1": "Une-autre-phrase-2027",
                "password2": "Une-autre-phrase-2027",
            },
        )

    (notice,) = mail.outbox
    assert "https://undebutdereseau.fr/fr/compte/password/reset/" in notice.body
    assert "testserver" not in notice.body


# Deactivating a TOTP asks too: tests/members/accounts/test_accounts_mfa.py reauthenticates first.
@pytest.mark.parametrize("url_name", ["mfa_activate_totp", "mfa_generate_recovery_codes"])
def test_the_second_factor_pages_ask_for_the_password_again(open_session, url_name):
    response = open_session.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
