"""Accepting an invitation: the link, the form, the account it creates."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.enums import ConsentDocument, InvitationKind, ReviewStatus, Role
from members.models import Consent, Invitation, User
from members.models.profiles import years_before
from members.onboarding import invitations
from members.onboarding import services as onboarding
from tests.members.factories import PASSWORD, InvitationFactory, birth_date_for_age

NEW_PASSWORD = "Une-phrase-de-passe-longue-2026"


@pytest.fixture
def young_invitation(structure, counsellor):
    return InvitationFactory.issue(
        kind=InvitationKind.YOUNG_PERSON,
        structure=structure,
        invited_by=counsellor,
        email="ines.benali@example.org",
        first_name="Inès",
        last_name="Benali",
        birth_date=birth_date_for_age(19),
    )


def accept_url(raw_token: str) -> str:
    return reverse("members:invitation-accept", kwargs={"token": raw_token})


def form_data(**overrides) -> dict:
    data = {
        "first_name": "Inès",
        "last_name": "Benali",
        "birth_date": birth_date_for_age(19).isoformat(),
        "project": "Aide-soignante",
        "departement": "93",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


# The link -----------------------------------------------------------------------------


def test_usable_invitation_shows_the_form_with_the_email_read_only(client, young_invitation):
    _invitation, token = young_invitation
    response = client.get(accept_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ines.benali@example.org" in html
    assert 'name="email"' in html and "disabled" in html
    assert 'value="Inès"' in html and 'value="Benali"' in html
    assert 'name="birth_date"' in html


def test_unknown_token_gets_a_clear_404_page(client, db):
    response = client.get(accept_url("pas-un-vrai-jeton"))
    assert response.status_code == 404
    assert "Ce lien d’invitation n’est pas valable" in response.content.decode()


def test_tampered_token_gets_a_clear_404_page(client, young_invitation):
    _invitation, token = young_invitation
    tampered = ("A" if token[5] != "A" else "B").join([token[:5], token[6:]])
    assert tampered != token and len(tampered) == len(token)
    response = client.get(accept_url(tampered))
    assert response.status_code == 404
    assert "demandez un nouveau lien" in response.content.decode()


def test_overlong_token_gets_a_clear_404_page(client, db):
    response = client.get(accept_url("x" * 500))
    assert response.status_code == 404


def test_expired_invitation_gets_a_clear_page(client, young_invitation):
    invitation, token = young_invitation
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(accept_url(token))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Cette invitation a expiré" in html
    assert "Demandez un nouveau lien" in html
    # Nothing can be posted to it either.
    response = client.post(accept_url(token), form_data())
    assert response.status_code == 410
    assert not User.objects.filter(email="ines.benali@example.org").exists()


def test_revoked_invitation_gets_a_clear_page(client, young_invitation):
    invitation, token = young_invitation
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    response = client.get(accept_url(token))
    assert response.status_code == 410
    assert "Cette invitation a été annulée" in response.content.decode()


def test_resent_invitation_makes_the_old_link_invalid(client, young_invitation):
    invitation, old_token = young_invitation
    new_token = invitation.renew()
    assert client.get(accept_url(old_token)).status_code == 404
    assert client.get(accept_url(new_token)).status_code == 200


def test_used_invitation_gets_a_clear_page(client, young_invitation):
    _invitation, token = young_invitation
    client.post(accept_url(token), form_data())
    other = Client()
    response = other.get(accept_url(token))
    assert response.status_code == 410
    assert "Cette invitation a déjà servi" in response.content.decode()


def test_signed_in_member_opening_someone_elses_invitation_is_asked_to_sign_out(
    client, young_invitation, young_person
):
    _invitation, token = young_invitation
    client.force_login(young_person)
    response = client.get(accept_url(token))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Vous êtes déjà connecté·e" in html
    assert reverse("account_logout") in html
    # Not signed out behind their back, and no account created on a POST either.
    response = client.post(accept_url(token), form_data())
    assert response.status_code == 403
    assert client.session.get("_auth_user_id") == str(young_person.pk)
    assert not User.objects.filter(email="ines.benali@example.org").exists()


# The account it creates ---------------------------------------------------------------


def test_young_person_accepting_gets_an_approved_profile_followed_by_the_inviter(
    client, young_invitation, structure, counsellor
):
    invitation, token = young_invitation
    response = client.post(accept_url(token), form_data(first_name="Inès-Marie"))
    assert response.status_code == 302
    user = User.objects.get(email="ines.benali@example.org")
    assert user.role == Role.YOUNG_PERSON
    assert user.structure == structure
    assert user.first_name == "Inès-Marie"
    assert user.check_password(NEW_PASSWORD)
    profile = user.young_profile
    assert profile.status == ReviewStatus.APPROVED
    assert profile.counsellor == counsellor
    assert profile.minor_at_signup is False
    assert profile.project == "Aide-soignante"
    assert profile.departement == "93"
    assert EmailAddress.objects.filter(
        user=user, email=user.email, verified=True, primary=True
    ).exists()
    assert Consent.objects.filter(user=user, document=ConsentDocument.TERMS).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    # Signed in straight away.
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_young_person_lands_on_their_profile(client, young_invitation):
    _invitation, token = young_invitation
    response = client.post(accept_url(token), form_data())
    assert response.url == reverse("members:young-profile-edit")


def test_profile_start_is_optional(client, young_invitation):
    _invitation, token = young_invitation
    response = client.post(accept_url(token), form_data(project="", departement=""))
    assert response.status_code == 302
    profile = User.objects.get(email="ines.benali@example.org").young_profile
    assert profile.project == "" and profile.departement == ""


def test_profile_has_no_counsellor_when_the_inviter_is_not_a_counsellor_of_the_structure(
    client, structure, other_structure_counsellor
):
    _invitation, token = InvitationFactory.issue(
        structure=structure, invited_by=other_structure_counsellor, email="a@example.org"
    )
    client.post(accept_url(token), form_data())
    assert User.objects.get(email="a@example.org").young_profile.counsellor is None


@pytest.mark.parametrize(
    ("kind", "role"),
    [(InvitationKind.COUNSELLOR, Role.COUNSELLOR), (InvitationKind.REFERENT, Role.REFERENT)],
)
def test_professional_staff_get_their_role_and_are_sent_to_set_up_totp(
    client, structure, referent, kind, role
):
    _invitation, token = InvitationFactory.issue(
        kind=kind, structure=structure, invited_by=referent, email="equipe@example.org"
    )
    response = client.get(accept_url(token))
    assert 'name="birth_date"' not in response.content.decode()
    data = form_data()
    for young_only in ("birth_date", "project", "departement"):
        data.pop(young_only)
    response = client.post(accept_url(token), data)
    assert response.status_code == 302
    user = User.objects.get(email="equipe@example.org")
    assert user.role == role
    assert user.structure == structure
    assert not hasattr(user, "young_profile") or user.young_profile is None
    # The middleware sends them on to the second factor, which opens without a new password.
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_double_submission_creates_one_account(young_invitation):
    invitation, token = young_invitation
    first, second = Client(), Client()
    assert first.post(accept_url(token), form_data()).status_code == 302
    response = second.post(accept_url(token), form_data(first_name="Autre"))
    assert response.status_code == 410
    assert "Cette invitation a déjà servi" in response.content.decode()
    assert User.objects.filter(email="ines.benali@example.org").count() == 1


def test_service_refuses_an_invitation_used_meanwhile(young_invitation):
    invitation, _token = young_invitation
    data = {
        "first_name": "Inès",
        "last_name": "Benali",
        "password1": NEW_PASSWORD,
        "birth_date": birth_date_for_age(19),
    }
    stale = Invitation.objects.get(pk=invitation.pk)
    onboarding.accept_invitation(invitation, data)
    with pytest.raises(invitations.InvitationUnusableError):
        onboarding.accept_invitation(stale, data)
    assert User.objects.filter(email=invitation.email).count() == 1


def test_address_registered_meanwhile_gets_a_clear_page(client, young_invitation):
    invitation, token = young_invitation
    User.objects.create_user(email=invitation.email, password=PASSWORD)
    response = client.post(accept_url(token), form_data())
    assert response.status_code == 409
    assert "Vous avez déjà un compte" in response.content.decode()
    assert User.objects.filter(email=invitation.email).count() == 1


# Age on the day of sign-up ------------------------------------------------------------


def turning(age: int) -> datetime.date:
    """A birth date that makes someone ``age`` from today (birthday today)."""
    return years_before(timezone.localdate(), age)


@pytest.mark.parametrize(
    ("birth_date", "accepted"),
    [
        (turning(16) + datetime.timedelta(days=1), False),  # 15, 16 tomorrow
        (turning(16), True),  # 16 today
        (turning(26) + datetime.timedelta(days=1), True),  # 25, 26 tomorrow
        (turning(26), False),  # 26 today
    ],
    ids=["15", "16", "25", "26"],
)
def test_age_is_checked_again_at_acceptance(client, young_invitation, birth_date, accepted):
    invitation, token = young_invitation
    # The counsellor's date, checked again on the day the young person accepts.
    Invitation.objects.filter(pk=invitation.pk).update(birth_date=birth_date)
    response = client.post(accept_url(token), form_data())
    created = User.objects.filter(email="ines.benali@example.org").exists()
    assert created is accepted
    if not accepted:
        assert response.status_code == 200
        assert "de 16 à 25 ans" in response.content.decode()


def test_minor_at_signup_is_recorded(client, young_invitation):
    invitation, token = young_invitation
    Invitation.objects.filter(pk=invitation.pk).update(birth_date=birth_date_for_age(17))
    client.post(accept_url(token), form_data())
    profile = User.objects.get(email="ines.benali@example.org").young_profile
    assert profile.minor_at_signup is True
    assert profile.is_minor


def test_adult_turning_18_today_is_not_a_minor(client, young_invitation):
    invitation, token = young_invitation
    Invitation.objects.filter(pk=invitation.pk).update(birth_date=turning(18))
    client.post(accept_url(token), form_data())
    assert User.objects.get(email="ines.benali@example.org").young_profile.minor_at_signup is False


def test_french_date_format_is_accepted(client, young_invitation):
    # Only an invitation without a birth date (older ones) lets the young person type it.
    invitation, token = young_invitation
    Invitation.objects.filter(pk=invitation.pk).update(birth_date=None)
    birth_date = birth_date_for_age(20)
    client.post(accept_url(token), form_data(birth_date=birth_date.strftime("%d/%m/%Y")))
    assert User.objects.get(email="ines.benali@example.org").young_profile.birth_date == birth_date


# Bad input: a clear message, nothing lost ---------------------------------------------


def test_overlong_first_name_gets_a_message_and_keeps_the_input(client, young_invitation):
    _invitation, token = young_invitation
    response = client.post(
        accept_url(token), form_data(first_name="A" * 200, project="Mécanicienne")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "150 caractères au plus" in html
    assert 'value="Mécanicienne"' in html
    assert 'value="' + "A" * 200 + '"' in html
    assert not User.objects.filter(email="ines.benali@example.org").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "court", "password2": "court"}, "trop court"),
        ({"password1": "password123456", "password2": "password123456"}, "trop courant"),
        ({"password2": "Une-autre-phrase-de-passe"}, "ne sont pas identiques"),
        ({"accept_terms": ""}, "Cochez cette case"),
        # The counsellor's birth date is read-only: these are the date the young person
        # says is theirs instead.
        ({"birth_date_claimed": "31/02/2008"}, "Saisissez une date"),
        ({"birth_date_claimed": "2999-01-01"}, "dans le futur"),
        ({"departement": "999"}, "Sélectionnez un choix valide"),
    ],
    ids=["short", "common", "mismatch", "terms", "bad-date", "future", "departement"],
)
def test_bad_input_gets_a_message_and_keeps_what_was_typed(
    client, young_invitation, overrides, message
):
    _invitation, token = young_invitation
    response = client.post(
        accept_url(token),
        form_data(first_name="Inès-Typed", last_name="Benali-Typed", **overrides),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Inès-Typed"' in html and 'value="Benali-Typed"' in html
    # Passwords are never sent back.
    assert NEW_PASSWORD not in html
    assert not User.objects.filter(email="ines.benali@example.org").exists()
