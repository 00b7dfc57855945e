"""Every account page people meet: the site's layout, in French, nothing inline for the CSP."""

import datetime
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse

from tests.members.factories import PASSWORD, UserFactory, YoungPersonFactory, with_totp

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = ["Sign In", "Sign Out", "Password Reset", "Email Address", "Authenticator App"]


def assert_site_page(response, title):
    assert response.status_code == 200, response
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "css/members.css" in page
    assert len(re.findall(r"<h1[ >]", page)) == 1
    assert title in page
    assert " style=" not in page
    assert "<style" not in page
    # Scripts, if any, come from files (Wagtail's userbar for staff); never inline.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    for english in ENGLISH_LEFTOVERS:
        assert english not in page, english
    return page


@pytest.fixture
def young(db):
    return YoungPersonFactory(email="ines@example.org")


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def reauthenticate(client):
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("account_login", "Se connecter"),
        ("account_reset_password", "Mot de passe oublié"),
        ("account_reset_password_done", "Consultez votre messagerie"),
        ("account_email_verification_sent", "Confirmez votre adresse e-mail"),
    ],
)
def test_pages_for_visitors(client, url_name, title):
    assert_site_page(client.get(reverse(url_name)), title)


def test_an_invalid_reset_link(client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "nope"})

    assert_site_page(client.get(url), "Lien invalide")


def test_an_invalid_email_confirmation_link(client):
    url = reverse("account_confirm_email", kwargs={"key": "nope"})

    assert_site_page(client.get(url), "n'est plus valable")


def test_visitors_see_no_members_navigation(client):
    page = client.get(reverse("account_login")).content.decode()

    assert 'class="members-nav"' not in page


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("account_logout", "Voulez-vous vraiment vous déconnecter"),
        ("account_email", "Adresse e-mail"),
        ("account_change_password", "Changer de mot de passe"),
        ("mfa_index", "Double authentification"),
        ("account_reauthenticate", "Confirmer votre identité"),
    ],
)
def test_pages_for_members(client, young, url_name, title):
    client.force_login(young)

    page = assert_site_page(client.get(reverse(url_name)), title)

    assert 'class="members-nav"' in page


def test_the_email_page_with_a_change_waiting_for_confirmation(client, young):
    client.force_login(young)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"email": "nouvelle@example.org", "action_add": ""})

    page = assert_site_page(client.get(reverse("account_email")), "nouvelle@example.org")

    assert 'name="action_send"' in page
    assert 'name="action_remove"' in page


def test_the_second_factor_pages(client, young):
    sign_in(client, young)
    reauthenticate(client)
    assert_site_page(client.get(reverse("mfa_activate_totp")), "Activer la double authentification")
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert_site_page(client.get(reverse("mfa_view_recovery_codes")), "Codes de secours")
    assert_site_page(
        client.get(reverse("mfa_generate_recovery_codes")), "Nouveaux codes de secours"
    )
    assert_site_page(client.get(reverse("mfa_index")), "Activée")
    assert_site_page(client.get(reverse("mfa_deactivate_totp")), "Désactiver")
    assert_site_page(client.get(reverse("mfa_reauthenticate")), "Confirmer votre identité")


def test_the_code_step_at_sign_in(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    with_totp(staff)
    sign_in(client, staff)

    page = assert_site_page(client.get(reverse("mfa_authenticate")), "Code de connexion")

    assert 'for="id_code"' in page
    assert "Annuler" in page


def test_the_lockout_page_renders_in_the_site_layout(rf, young):
    html = render_to_string(
        "account/lockout.html",
        {"cooloff_timedelta": datetime.timedelta(minutes=15), "failure_limit": 10},
        request=rf.get("/fr/compte/login/"),
    )

    assert "Réessayez dans 15 minutes" in html
    assert "css/members.css" in html


def test_every_page_header_links_to_the_members_area(client, home_page):
    page = client.get(home_page.url).content.decode()

    assert f'href="{reverse("members:dashboard")}"' in page
    assert "Espace membres" in page


def test_allauth_pages_not_rewritten_here_still_get_the_site_layout(rf):
    request = rf.get("/fr/compte/signup/")
    request.user = AnonymousUser()

    html = render_to_string("account/signup_closed.html", {}, request=request)

    assert 'class="members-area allauth-page"' in html
    assert "css/members.css" in html
    assert html.count("<h1>") == 1


def test_a_superuser_without_a_member_role_gets_no_member_pages_in_the_menu(client, admin_user):
    client.force_login(admin_user)

    page = client.get(reverse("account_email")).content.decode()

    menu = page[page.index('class="members-nav"') :]
    assert reverse("account_email") in menu
    for url_name in ("members:my-profile", "members:requests", "members:directory"):
        assert reverse(url_name) not in menu, url_name
