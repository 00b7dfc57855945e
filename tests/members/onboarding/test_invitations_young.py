"""A counsellor invites young people, follows their invitations, resends and revokes them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.enums import InvitationKind
from members.models import Invitation
from members.models.profiles import years_before
from tests.members.factories import InvitationFactory, UserFactory, birth_date_for_age


def invite_data(**overrides) -> dict:
    data = {
        "first_name": "Yanis",
        "last_name": "Diallo",
        "email": "Yanis.Diallo@Example.org",
        "birth_date": birth_date_for_age(18).isoformat(),
    }
    data.update(overrides)
    return data


def turning(age: int) -> datetime.date:
    return years_before(timezone.localdate(), age)


@pytest.fixture
def signed_in_counsellor(client, counsellor):
    client.force_login(counsellor)
    return counsellor


# Inviting ---------------------------------------------------------------------------


def test_counsellor_sees_the_invitation_form(client, signed_in_counsellor):
    response = client.get(reverse("members:young-invite"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("first_name", "last_name", "email", "birth_date"):
        assert f'name="{name}"' in html


def test_counsellor_invites_a_young_person_who_gets_a_link(
    client, signed_in_counsellor, structure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:young-invite"), invite_data())
    assert response.status_code == 302
    assert response.url == reverse("members:young-invitations")
    invitation = Invitation.objects.get()
    assert invitation.kind == InvitationKind.YOUNG_PERSON
    assert invitation.email == "yanis.diallo@example.org"
    assert invitation.structure == structure
    assert invitation.invited_by == signed_in_counsellor
    assert invitation.birth_date == birth_date_for_age(18)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["yanis.diallo@example.org"]
    assert "/invitation/" in mail.outbox[0].body


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
def test_age_is_checked_when_inviting(client, signed_in_counsellor, birth_date, accepted):
    response = client.post(
        reverse("members:young-invite"), invite_data(birth_date=birth_date.isoformat())
    )
    assert Invitation.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 200
        html = response.content.decode()
        assert "de 16 à 25 ans" in html
        assert 'value="Yanis"' in html and 'value="Yanis.Diallo@Example.org"' in html


def test_address_with_an_account_gets_a_message_next_to_the_email(client, signed_in_counsellor):
    UserFactory(email="deja@example.org")
    response = client.post(reverse("members:young-invite"), invite_data(email="deja@example.org"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "déjà un compte" in html
    assert 'id="id_email_error"' in html
    assert 'value="Yanis"' in html and 'value="Diallo"' in html
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": "A" * 200}, "150 caractères au plus"),
        ({"email": "pas-une-adresse"}, "adresse e-mail complète"),
        ({"birth_date": "hier"}, "Saisissez une date"),
        ({"last_name": ""}, "Champ requis"),
    ],
    ids=["overlong", "bad-email", "bad-date", "missing"],
)
def test_bad_input_gets_a_message_and_keeps_the_input(
    client, signed_in_counsellor, overrides, message
):
    data = invite_data(**overrides)
    response = client.post(reverse("members:young-invite"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    for value in data.values():
        if value:
            assert f'value="{value}"' in html
    assert not Invitation.objects.exists()


def test_inviting_again_revokes_the_older_link(client, signed_in_counsellor):
    client.post(reverse("members:young-invite"), invite_data())
    client.post(reverse("members:young-invite"), invite_data())
    assert Invitation.objects.count() == 2
    assert Invitation.objects.pending().count() == 1


# The list, resend and revoke --------------------------------------------------------


def test_list_shows_the_structures_young_invitations_with_their_status(
    client, signed_in_counsellor, structure, other_structure, referent
):
    InvitationFactory(structure=structure, email="attend@example.org")
    InvitationFactory(
        structure=structure,
        email="expiree@example.org",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    InvitationFactory(structure=structure, email="acceptee@example.org", accepted_at=timezone.now())
    InvitationFactory(structure=other_structure, email="ailleurs@example.org")
    InvitationFactory(
        structure=structure, kind=InvitationKind.COUNSELLOR, email="collegue@example.org"
    )
    response = client.get(reverse("members:young-invitations"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "attend@example.org" in html and "En attente" in html
    assert "expiree@example.org" in html and "Expirée" in html
    assert "acceptee@example.org" in html and "Compte créé" in html
    assert "ailleurs@example.org" not in html
    assert "collegue@example.org" not in html


def test_list_queries_do_not_grow_with_the_invitations(
    client, signed_in_counsellor, structure, django_assert_max_num_queries
):
    for n in range(3):
        InvitationFactory(structure=structure, invited_by=signed_in_counsellor, email=f"a{n}@x.org")
    client.get(reverse("members:young-invitations"))
    for n in range(10):
        InvitationFactory(structure=structure, invited_by=signed_in_counsellor, email=f"b{n}@x.org")
    with django_assert_max_num_queries(12):
        client.get(reverse("members:young-invitations"))


def test_resend_sends_a_new_link_and_the_old_one_stops_working(
    client, signed_in_counsellor, structure, django_capture_on_commit_callbacks
):
    invitation, old_token = InvitationFactory.issue(structure=structure)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:young-invitation-resend", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.is_usable
    assert len(mail.outbox) == 1
    assert Invitation.objects.for_token(old_token) is None


def test_revoke_makes_the_link_useless(client, signed_in_counsellor, structure):
    invitation, token = InvitationFactory.issue(structure=structure)
    response = client.post(reverse("members:young-invitation-revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    client.logout()
    response = client.get(reverse("members:invitation-accept", kwargs={"token": token}))
    assert response.status_code == 410


def test_accepted_invitation_is_neither_resent_nor_revoked(client, signed_in_counsellor, structure):
    invitation = InvitationFactory(structure=structure, accepted_at=timezone.now())
    for name in ("members:young-invitation-resend", "members:young-invitation-revoke"):
        response = client.post(reverse(name, args=[invitation.pk]), follow=True)
        assert "déjà été acceptée ou annulée" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize(
    "name", ["members:young-invitation-resend", "members:young-invitation-revoke"]
)
def test_invitation_of_another_structure_is_a_404(
    client, signed_in_counsellor, other_structure, name
):
    invitation = InvitationFactory(structure=other_structure)
    response = client.post(reverse(name, args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize(
    "name", ["members:young-invitation-resend", "members:young-invitation-revoke"]
)
def test_actions_only_accept_post(client, signed_in_counsellor, structure, name):
    invitation = InvitationFactory(structure=structure)
    assert client.get(reverse(name, args=[invitation.pk])).status_code == 405


# Who may ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["young_person", "professional", "referent", "moderator", "outsider"]
)
@pytest.mark.parametrize("name", ["members:young-invite", "members:young-invitations"])
def test_only_counsellors_may_invite_young_people(client, request, who, name):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    # Roles needing a second factor but without one would be redirected first; ours have one.
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["members:young-invite", "members:young-invitations"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_referent_may_not_post_an_invitation(client, referent):
    client.force_login(referent)
    response = client.post(reverse("members:young-invite"), invite_data())
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_address_another_member_added_to_their_account_cannot_be_invited(structure):
    from allauth.account.models import EmailAddress

    from members.onboarding.invitations import AlreadyMemberError, invite

    member = UserFactory(email="principale@example.org")
    EmailAddress.objects.create(user=member, email="seconde@example.org", verified=True)

    with pytest.raises(AlreadyMemberError):
        invite(
            kind=InvitationKind.YOUNG_PERSON,
            structure=structure,
            email="Seconde@example.org",
            first_name="Inès",
            last_name="Benali",
            invited_by=None,
            birth_date=birth_date_for_age(19),
        )
    assert not Invitation.objects.filter(email="seconde@example.org").exists()
