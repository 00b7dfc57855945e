"""The second factor: asked at sign-in, required for the roles that see young people's data."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import translation

from tests.members.factories import (
    PASSWORD,
    CounsellorFactory,
    ModeratorFactory,
    ReferentFactory,
    UserFactory,
    YoungPersonFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user, next_url=None):
    url = reverse("account_login")
    if next_url:
        url = f"{url}?next={next_url}"
    return client.post(url, {"login": user.email, "password": PASSWORD})


def sign_in_with_code(client, user, secret, next_url=None):
    first = sign_in(client, user, next_url)
    assert first.url == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})


def reauthenticate(client):
    """allauth asks for the password again before any change to the second factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- the Wagtail admin signs in through allauth ----------------------------------------


def test_the_admin_sign_in_page_redirects_to_allauth_keeping_next(client):
    response = client.get(reverse("admin-login-redirect") + "?next=/admin/pages/")

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/pages/"


def test_wagtail_sends_signed_out_visitors_to_allauth(client):
    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_staff_member_with_totp_needs_the_code_before_reaching_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    secret = with_totp(staff)
    admin_home = reverse("wagtailadmin_home")

    after_password = sign_in(client, staff, next_url=admin_home)

    assert after_password.url == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    assert client.get(admin_home).url.startswith(reverse("account_login"))

    after_code = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert after_code.url == admin_home
    assert client.get(admin_home).status_code == 200


def test_a_moderator_reaches_the_admin_only_after_the_code(client):
    moderator = ModeratorFactory(totp=False)
    secret = with_totp(moderator)

    sign_in(client, moderator)
    assert not is_signed_in(client)

    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert is_signed_in(client)


def test_a_wrong_code_is_refused_next_to_the_field(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    with_totp(staff)
    sign_in(client, staff)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not is_signed_in(client)


def test_the_code_step_can_be_abandoned(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    with_totp(staff)
    sign_in(client, staff)

    response = client.post(reverse("account_logout"), {"next": reverse("account_login")})

    assert response.url == reverse("account_login")
    assert client.get(reverse("mfa_authenticate")).status_code == 302


# --- roles that must have a second factor ------------------------------------------------


@pytest.fixture(
    params=[
        pytest.param(lambda: UserFactory(is_staff=True, is_superuser=True), id="superuser"),
        pytest.param(lambda: ModeratorFactory(totp=False), id="moderator"),
        pytest.param(lambda: CounsellorFactory(totp=False), id="counsellor"),
        pytest.param(lambda: ReferentFactory(totp=False), id="referent"),
    ]
)
def without_totp(request, db):
    return request.param()


@pytest.mark.parametrize("url_name", ["members:dashboard", "wagtailadmin_home"])
def test_required_roles_without_totp_are_sent_to_set_it_up(client, without_totp, url_name):
    client.force_login(without_totp)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_required_roles_without_totp_still_reach_the_account_pages(client, without_totp):
    client.force_login(without_totp)

    for url_name in ("mfa_index", "account_email", "account_change_password"):
        assert client.get(reverse(url_name)).status_code == 200, url_name
    # Setting up the TOTP first asks to confirm the password: that page is open too.
    activate = client.get(reverse("mfa_activate_totp"), follow=True)
    assert activate.status_code == 200
    assert activate.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_required_roles_without_totp_can_sign_out(client, without_totp):
    client.force_login(without_totp)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert not is_signed_in(client)


def test_a_required_role_signing_in_without_totp_sets_it_up_then_gets_in(client):
    counsellor = CounsellorFactory(totp=False)
    sign_in(client, counsellor)
    assert client.get(reverse("members:dashboard")).url == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).url.startswith(
        reverse("account_reauthenticate")
    )
    reauthenticate(client)

    page = client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert page.status_code == 200
    assert response.status_code == 302
    assert has_totp(counsellor)
    assert client.get(reverse("members:dashboard")).status_code == 200


@pytest.mark.parametrize("factory", [CounsellorFactory, ReferentFactory, ModeratorFactory])
def test_required_roles_cannot_deactivate_their_totp(client, factory):
    user = factory(totp=False)
    secret = with_totp(user)
    sign_in_with_code(client, user, secret)
    reauthenticate(client)

    page = client.get(reverse("mfa_deactivate_totp"))
    client.post(reverse("mfa_deactivate_totp"))

    assert page.status_code == 200
    assert 'class="form-errors"' in page.content.decode()
    assert f'action="{reverse("mfa_deactivate_totp")}"' not in page.content.decode()
    assert has_totp(user)
    index = client.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_deactivate_totp") not in index
    assert "obligatoire" in index


def test_a_superuser_cannot_deactivate_their_totp(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    secret = with_totp(superuser)
    sign_in_with_code(client, superuser, secret)
    reauthenticate(client)

    client.post(reverse("mfa_deactivate_totp"))

    assert has_totp(superuser)


# --- offered to everyone ----------------------------------------------------------------


def test_a_young_person_is_not_forced_to_use_a_second_factor(client):
    young = YoungPersonFactory()
    client.force_login(young)

    response = client.get(reverse("members:dashboard"))

    assert response.status_code == 200


def test_a_young_person_can_activate_then_deactivate_a_totp(client):
    young = YoungPersonFactory()
    sign_in(client, young)
    reauthenticate(client)

    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert activated.url == reverse("mfa_view_recovery_codes")
    assert has_totp(young)
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r"<li><code>\w+</code></li>", codes_page)) == 10

    page = client.get(reverse("mfa_deactivate_totp"))
    deactivated = client.post(reverse("mfa_deactivate_totp"))

    assert "Voulez-vous vraiment la désactiver" in page.content.decode()
    assert deactivated.url == reverse("mfa_index")
    assert not has_totp(young)


def test_a_wrong_code_at_activation_is_refused_and_nothing_is_activated(client):
    young = YoungPersonFactory()
    sign_in(client, young)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "123456"})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not has_totp(young)


def test_the_qr_code_is_inline_svg_that_the_strict_policy_allows(client):
    young = YoungPersonFactory()
    sign_in(client, young)
    reauthenticate(client)

    response = client.get(reverse("mfa_activate_totp"))

    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert '<div class="totp-qr" role="img" aria-label=' in page
    assert "<svg" in page and "<path" in page
    assert "<?xml" not in page
    assert " style=" not in page
    assert "<style" not in page
    assert "<script" not in page
    assert client.session["mfa.totp.secret"] in page


def test_the_account_pages_stay_open_in_every_language(client, without_totp):
    client.force_login(without_totp)

    with translation.override("en"):
        account_page = reverse("mfa_index")
        members_page = reverse("members:dashboard")

    assert account_page.startswith("/en/")
    assert client.get(account_page).status_code == 200
    assert client.get(members_page).status_code == 302


def test_the_admin_sign_in_page_without_next_comes_back_to_the_admin(client):
    response = client.get(reverse("admin-login-redirect"))

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/"
