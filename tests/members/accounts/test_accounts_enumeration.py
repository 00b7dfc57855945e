"""Nobody learns from the site's answers whether an address has an account."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.members.factories import PASSWORD, YoungPersonFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://testserver(/\S+)")


def request_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def links_in(message):
    return LINK.findall(message.body)


def test_a_reset_for_an_unknown_address_looks_exactly_like_one_for_a_member(client):
    YoungPersonFactory(email="ines@example.org")

    known = request_reset(client, "ines@example.org")
    unknown = request_reset(client, "personne@example.org")

    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0] == reverse("account_reset_password_done")
    assert known.content == unknown.content
    assert "Si cette adresse correspond à un compte" in unknown.content.decode()


def test_only_the_member_gets_a_reset_link(client, django_capture_on_commit_callbacks):
    YoungPersonFactory(email="ines@example.org")

    # The emails leave through the outbox, once each request's writes are committed.
    with django_capture_on_commit_callbacks(execute=True):
        request_reset(client, "ines@example.org")
        request_reset(client, "personne@example.org")

    to_member, to_stranger = mail.outbox
    assert to_member.to == ["ines@example.org"]
    assert to_member.subject == "[Un début de réseau] Choisir un nouveau mot de passe"
    assert any("/compte/password/reset/key/" in link for link in links_in(to_member))
    # The stranger's mailbox is told there is no account: nobody else reads it.
    assert to_stranger.to == ["personne@example.org"]
    assert not any("/password/reset/key/" in link for link in links_in(to_stranger))


def test_a_reset_form_error_is_about_the_address_format_only(client):
    response = client.post(reverse("account_reset_password"), {"email": "pas-une-adresse"})

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert 'value="pas-une-adresse"' in response.content.decode()


def change_email(client, email):
    # Changing the address asks for the password again first.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def test_changing_to_an_address_of_another_account_looks_like_changing_to_a_free_one(
    client,
):
    YoungPersonFactory(email="prise@example.org")
    member = YoungPersonFactory(email="ines@example.org")
    client.force_login(member)

    to_taken = change_email(client, "prise@example.org")
    page_after_taken = client.get(reverse("account_email")).content.decode()
    to_free = change_email(client, "libre@example.org")
    page_after_free = client.get(reverse("account_email")).content.decode()

    assert to_taken.status_code == to_free.status_code == 302
    assert to_taken.url == to_free.url
    assert "prise@example.org" in page_after_taken
    assert "libre@example.org" in page_after_free
    for page in (page_after_taken, page_after_free):
        assert "en attente de confirmation" in page
        assert "errorlist" not in page


def test_the_address_of_another_account_can_never_be_confirmed_for_this_one(
    client, django_capture_on_commit_callbacks
):
    owner = YoungPersonFactory(email="prise@example.org")
    member = YoungPersonFactory(email="ines@example.org")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(client, "prise@example.org")
    (message,) = mail.outbox
    (confirm_url,) = [link for link in links_in(message) if "/confirm-email/" in link]

    page = client.get(confirm_url)
    client.post(confirm_url)

    assert "ne peut pas être confirmée" in page.content.decode()
    member_address = EmailAddress.objects.get(user=member, email="prise@example.org")
    assert not member_address.verified
    assert EmailAddress.objects.get(user=owner, email="prise@example.org").verified
    member.refresh_from_db()
    assert member.email == "ines@example.org"


def test_a_free_address_replaces_the_old_one_once_confirmed(
    client, django_capture_on_commit_callbacks
):
    member = YoungPersonFactory(email="ines@example.org")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(client, "nouvelle@example.org")
    (confirm_url,) = [link for link in links_in(mail.outbox[0]) if "/confirm-email/" in link]

    client.post(confirm_url)

    member.refresh_from_db()
    assert member.email == "nouvelle@example.org"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "nouvelle@example.org"
    ]
