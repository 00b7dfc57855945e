"""Signing in and out: by email, verified addresses only, no open redirect, a fresh session."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.members.factories import PASSWORD, UserFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, next_url=None):
    url = reverse("account_login")
    if next_url is not None:
        url = f"{url}?next={next_url}"
    return client.post(url, {"login": email, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_member_signs_in_with_their_email_and_lands_on_the_dashboard(client):
    user = YoungPersonFactory(email="ines@example.org")

    response = sign_in(client, "ines@example.org")

    assert response.status_code == 302
    assert response.url == reverse("members:dashboard")
    assert signed_in_user_id(client) == str(user.pk)


def test_the_email_is_matched_whatever_its_case(client):
    user = YoungPersonFactory(email="ines@example.org")

    sign_in(client, "Ines@Example.ORG")

    assert signed_in_user_id(client) == str(user.pk)


def test_a_wrong_password_is_refused_next_to_the_form_with_the_email_kept(client):
    YoungPersonFactory(email="ines@example.org")

    response = sign_in(client, "ines@example.org", password="pas-le-bon-mot-de-passe")

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'value="ines@example.org"' in page


def test_an_unverified_email_cannot_sign_in_and_gets_a_verification_link(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="pas-encore@example.org", verified_email=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, "pas-encore@example.org")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    assert [message.to for message in mail.outbox] == [["pas-encore@example.org"]]
    assert "/compte/confirm-email/" in mail.outbox[0].body


def test_the_verification_sent_page_explains_what_to_do_in_french(client):
    response = client.get(reverse("account_email_verification_sent"))

    assert response.status_code == 200
    assert "Confirmez votre adresse e-mail" in response.content.decode()


def test_signing_out_ends_the_session(client):
    user = YoungPersonFactory()
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert signed_in_user_id(client) is None
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_the_sign_out_page_asks_for_confirmation_before_posting(client):
    client.force_login(YoungPersonFactory())

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert "Voulez-vous vraiment vous déconnecter" in response.content.decode()
    assert signed_in_user_id(client) is not None


def test_the_session_key_changes_at_sign_in(client):
    YoungPersonFactory(email="ines@example.org")
    session = client.session
    session["visited"] = True
    session.save()
    key_before = session.session_key

    sign_in(client, "ines@example.org")

    key_after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key_after != key_before
    assert signed_in_user_id(client) is not None


def test_a_next_address_on_another_site_is_ignored(client):
    YoungPersonFactory(email="ines@example.org")

    response = sign_in(client, "ines@example.org", next_url="https://evil.example/")

    assert response.status_code == 302
    assert response.url == reverse("members:dashboard")


@pytest.mark.parametrize("next_url", ["//evil.example/", "https:/evil.example/", "/\\evil.example"])
def test_disguised_addresses_on_another_site_are_ignored_too(client, next_url):
    YoungPersonFactory(email="ines@example.org")

    response = sign_in(client, "ines@example.org", next_url=next_url)

    assert response.url == reverse("members:dashboard")


def test_a_next_address_on_this_site_is_followed(client):
    YoungPersonFactory(email="ines@example.org")
    target = reverse("account_change_password")

    response = sign_in(client, "ines@example.org", next_url=target)

    assert response.url == target


def test_an_editor_without_role_lands_on_the_wagtail_admin(client):
    UserFactory(email="editrice@example.org", is_staff=True)

    response = sign_in(client, "editrice@example.org")

    assert response.url == reverse("wagtailadmin_home")


def test_the_members_area_sends_visitors_to_the_sign_in_page_and_back(client):
    dashboard = reverse("members:dashboard")

    response = client.get(dashboard)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next={dashboard}" in response.url
