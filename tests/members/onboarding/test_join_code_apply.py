"""A young person applies to a structure with its join code."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.enums import ConsentDocument, ReviewStatus, Role
from members.models import Consent, User
from members.models.profiles import years_before
from tests.members.factories import (
    CounsellorFactory,
    ReferentFactory,
    UserFactory,
    birth_date_for_age,
)
from tests.network.factories import StructureFactory

NEW_PASSWORD = "Une-phrase-de-passe-longue-2026"


@pytest.fixture
def join_structure(structure):
    structure.refresh_from_db()
    assert structure.join_code
    return structure


def join_data(structure, **overrides) -> dict:
    code = structure.join_code
    data = {
        # Typed the way people read it aloud: lower case, with a space in the middle.
        "join_code": f" {code[:4].lower()} {code[4:].lower()} ",
        "first_name": "Sofia",
        "last_name": "Haddad",
        "email": "Sofia.Haddad@Example.org",
        "birth_date": birth_date_for_age(20).isoformat(),
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def turning(age: int) -> datetime.date:
    return years_before(timezone.localdate(), age)


def test_join_page_is_public(client, db):
    response = client.get(reverse("members:join"))
    assert response.status_code == 200
    assert 'name="join_code"' in response.content.decode()


def test_join_code_in_the_link_is_prefilled(client, join_structure):
    response = client.get(reverse("members:join") + f"?code={join_structure.join_code}")
    assert f'value="{join_structure.join_code}"' in response.content.decode()


def test_applicant_gets_a_pending_account_and_a_verification_email(
    client, join_structure, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:join"), join_data(join_structure))
    assert response.status_code == 302
    assert response.url == reverse("members:join-sent")
    user = User.objects.get(email="sofia.haddad@example.org")
    assert user.role == Role.YOUNG_PERSON
    assert user.structure == join_structure
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)
    profile = user.young_profile
    assert profile.status == ReviewStatus.PENDING
    assert profile.counsellor is None
    assert profile.birth_date == birth_date_for_age(20)
    address = EmailAddress.objects.get(user=user)
    assert address.email == user.email and address.primary and not address.verified
    assert Consent.objects.filter(user=user, document=ConsentDocument.TERMS).exists()
    recipients = {tuple(message.to) for message in mail.outbox}
    # allauth's confirmation link to the applicant, a note to the structure's counsellor.
    assert ("sofia.haddad@example.org",) in recipients
    assert (counsellor.email,) in recipients
    to_counsellor = next(m for m in mail.outbox if m.to == [counsellor.email])
    assert "Sofia Haddad" in to_counsellor.subject
    assert reverse("members:applicants") in to_counsellor.body
    # Not signed in: the address must be confirmed first.
    assert "_auth_user_id" not in client.session


def test_verification_link_is_allauths(client, join_structure, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:join"), join_data(join_structure))
    to_applicant = next(m for m in mail.outbox if m.to == ["sofia.haddad@example.org"])
    assert "/compte/confirm-email/" in to_applicant.body


def test_check_your_email_page_says_what_comes_next(client, db):
    response = client.get(reverse("members:join-sent"))
    assert response.status_code == 200
    assert "Vérifiez vos e-mails" in response.content.decode()


def test_referent_is_told_when_the_structure_has_no_counsellor(
    client, db, django_capture_on_commit_callbacks
):
    structure = StructureFactory()
    structure.refresh_from_db()
    referent = ReferentFactory(structure=structure)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:join"), join_data(structure))
    assert [referent.email] in [message.to for message in mail.outbox]


def test_counsellors_of_other_structures_are_not_told(
    client, join_structure, other_structure_counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:join"), join_data(join_structure))
    assert [other_structure_counsellor.email] not in [message.to for message in mail.outbox]


def test_inactive_counsellors_are_not_told(
    client, join_structure, counsellor, django_capture_on_commit_callbacks
):
    gone = CounsellorFactory(structure=join_structure, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:join"), join_data(join_structure))
    assert [gone.email] not in [message.to for message in mail.outbox]


def test_minor_at_signup_is_recorded(client, join_structure):
    client.post(
        reverse("members:join"),
        join_data(join_structure, birth_date=birth_date_for_age(16).isoformat()),
    )
    assert User.objects.get(email="sofia.haddad@example.org").young_profile.minor_at_signup


@pytest.mark.parametrize(
    ("birth_date", "accepted"),
    [
        (turning(16) + datetime.timedelta(days=1), False),
        (turning(16), True),
        (turning(26) + datetime.timedelta(days=1), True),
        (turning(26), False),
    ],
    ids=["15", "16", "25", "26"],
)
def test_age_boundaries_at_join(client, join_structure, birth_date, accepted):
    response = client.post(
        reverse("members:join"), join_data(join_structure, birth_date=birth_date.isoformat())
    )
    assert User.objects.filter(email="sofia.haddad@example.org").exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert "de 16 à 25 ans" in response.content.decode()


def test_wrong_code_gets_a_message_next_to_the_field_and_keeps_the_input(client, join_structure):
    data = join_data(join_structure, join_code="ZZZZ-0000")
    response = client.post(reverse("members:join"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_join_code_error"' in html
    assert "ne correspond à aucune structure" in html
    for field in ("join_code", "first_name", "last_name", "email", "birth_date"):
        assert f'value="{data[field]}"' in html
    assert NEW_PASSWORD not in html
    assert not User.objects.filter(email="sofia.haddad@example.org").exists()


def test_code_of_an_unapproved_structure_is_refused(client, db):
    structure = StructureFactory(is_approved=False)
    structure.refresh_from_db()
    response = client.post(reverse("members:join"), join_data(structure))
    assert response.status_code == 200
    assert "ne correspond à aucune structure" in response.content.decode()
    assert not User.objects.exists()


def test_existing_address_gets_the_same_page_and_no_new_account(
    client, join_structure, counsellor, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="sofia.haddad@example.org", first_name="Déjà")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:join"), join_data(join_structure))
    # The same redirect as a new applicant: nothing tells the address has an account.
    assert response.status_code == 302
    assert response.url == reverse("members:join-sent")
    assert User.objects.filter(email="sofia.haddad@example.org").count() == 1
    existing.refresh_from_db()
    assert existing.first_name == "Déjà"
    assert not hasattr(existing, "young_profile") or existing.young_profile is None
    # The owner of the address is told they already have an account; counsellors nothing.
    assert [message.to for message in mail.outbox] == [["sofia.haddad@example.org"]]
    assert "/compte/password/reset/" in mail.outbox[0].body


def test_address_already_used_as_a_secondary_address_is_not_reused(client, join_structure):
    owner = UserFactory(email="principal@example.org")
    EmailAddress.objects.create(user=owner, email="sofia.haddad@example.org", verified=False)
    response = client.post(reverse("members:join"), join_data(join_structure))
    assert response.status_code == 302
    assert not User.objects.filter(email="sofia.haddad@example.org").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": "A" * 200}, "first_name", "150 caractères au plus"),
        ({"email": "sofia@"}, "email", "adresse e-mail complète"),
        ({"password1": "court", "password2": "court"}, "password1", "trop court"),
        ({"password2": "Autre-phrase-de-passe-2026"}, "password2", "ne sont pas identiques"),
        ({"accept_terms": ""}, "accept_terms", "Cochez cette case"),
        ({"birth_date": "32/13/2005"}, "birth_date", "Saisissez une date"),
        ({"join_code": "X" * 300}, "join_code", "40 caractères au plus"),
    ],
    ids=[
        "overlong-name",
        "bad-email",
        "short-password",
        "mismatch",
        "terms",
        "bad-date",
        "long-code",
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_rest(
    client, join_structure, overrides, field, message
):
    data = join_data(join_structure, **overrides)
    response = client.post(reverse("members:join"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    for kept in ("first_name", "last_name", "email", "birth_date"):
        assert f'value="{data[kept]}"' in html
    assert NEW_PASSWORD not in html
    assert not User.objects.filter(role=Role.YOUNG_PERSON).exists()


def test_signed_in_member_is_asked_to_sign_out_first(client, young_person, join_structure):
    client.force_login(young_person)
    response = client.post(reverse("members:join"), join_data(join_structure))
    assert response.status_code == 403
    assert "Vous êtes déjà connecté·e" in response.content.decode()
    assert not User.objects.filter(email="sofia.haddad@example.org").exists()


def test_too_many_sign_ups_are_refused_with_a_clear_message(client, join_structure, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    client.post(reverse("members:join"), join_data(join_structure))
    data = join_data(join_structure, email="autre@example.org")
    response = client.post(reverse("members:join"), data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Attendez quelques minutes" in html
    assert 'value="autre@example.org"' in html
    assert not User.objects.filter(email="autre@example.org").exists()


def test_applicant_can_sign_in_after_confirming_and_sees_the_members_area(client, join_structure):
    client.post(reverse("members:join"), join_data(join_structure))
    user = User.objects.get(email="sofia.haddad@example.org")
    EmailAddress.objects.filter(user=user).update(verified=True)
    response = client.post(
        reverse("account_login"), {"login": "sofia.haddad@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 200


def test_link_in_the_email_confirms_the_address(
    client, join_structure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:join"), join_data(join_structure))
    to_applicant = next(m for m in mail.outbox if m.to == ["sofia.haddad@example.org"])
    url = re.search(r"https?://\S+/compte/confirm-email/\S+", to_applicant.body).group(0)
    path = urlsplit(url).path
    assert client.get(path).status_code == 200
    client.post(path)
    address = EmailAddress.objects.get(email="sofia.haddad@example.org")
    assert address.verified
    # Confirmed, yet still waiting for the counsellor.
    assert address.user.young_profile.status == ReviewStatus.PENDING
