"""The Wagtail admin leaves passwords and addresses to allauth, and still signs people out."""

import pytest
from django.urls import reverse

from tests.members.factories import PASSWORD, ModeratorFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une phrase toute neuve pour le test"


@pytest.fixture
def superuser(db):
    user = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    with_totp(user)
    return user


def test_wagtail_admin_sign_out_still_works(client, superuser):
    client.force_login(superuser)

    response = client.post(reverse("wagtailadmin_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wagtail_admin_sign_out_works_before_the_totp_is_set_up(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    client.post(reverse("wagtailadmin_logout"))

    assert "_auth_user_id" not in client.session


def test_the_admin_account_page_offers_no_password_or_email_change(client, superuser):
    client.force_login(superuser)

    page = client.get(reverse("wagtailadmin_account")).content.decode()

    assert "new_password1" not in page
    assert 'name="name_email-email"' not in page


def test_posting_a_password_to_the_admin_account_page_changes_nothing(client, superuser):
    client.force_login(superuser)

    client.post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
            "name_email-first_name": "Alex",
            "name_email-last_name": "Martin",
            "name_email-email": "pirate@example.org",
        },
    )

    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    assert superuser.email == "admin@example.org"


def test_the_admin_password_reset_is_switched_off(client):
    # Its 404 goes through the language redirect of i18n_patterns first.
    response = client.get(reverse("wagtailadmin_password_reset"), follow=True)

    assert response.status_code == 404


def test_a_moderator_changes_their_password_on_the_account_pages(client):
    moderator = ModeratorFactory()
    client.force_login(moderator)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    moderator.refresh_from_db()
    assert moderator.check_password(NEW_PASSWORD)
