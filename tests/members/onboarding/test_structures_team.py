"""A referent's team page: invite, resend, revoke, deactivate and reactivate counsellors."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.enums import InvitationKind, ModerationAction
from members.models import Invitation, ModerationLog, User
from tests.members.factories import CounsellorFactory, InvitationFactory

pytestmark = pytest.mark.django_db

TOKEN_IN_LINK = re.compile(r"/invitation/([^/\s]+)/")


@pytest.fixture
def referent_client(client, referent):
    client.force_login(referent)
    return client


@pytest.fixture
def pending_invitation(structure, referent):
    return InvitationFactory.issue(
        kind=InvitationKind.COUNSELLOR,
        structure=structure,
        email="nouvelle@example.org",
        birth_date=None,
        invited_by=referent,
    )


@pytest.fixture
def other_structure_invitation(other_structure):
    invitation, _token = InvitationFactory.issue(
        kind=InvitationKind.COUNSELLOR, structure=other_structure, birth_date=None
    )
    return invitation


def invite_data(**overrides) -> dict:
    return {
        "first_name": "Nadia",
        "last_name": "Roux",
        "email": "Nadia.Roux@example.org",
        **overrides,
    }


# --- who may open the pages ------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("members:team"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "person",
    ["counsellor", "young_person", "professional", "outsider", "moderator"],
)
def test_only_referents_open_the_team_page(client, request, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(reverse("members:team")).status_code == 403
    assert client.post(reverse("members:team-invite"), invite_data()).status_code == 403
    assert not Invitation.objects.exists()


def test_counsellor_cannot_deactivate_a_colleague(client, counsellor, structure):
    colleague = CounsellorFactory(structure=structure)
    client.force_login(counsellor)

    response = client.post(reverse("members:team-member-deactivate", args=[colleague.pk]))

    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active


def test_actions_accept_only_post(referent_client, counsellor, pending_invitation):
    invitation, _token = pending_invitation

    for name, pk in [
        ("members:team-invite", None),
        ("members:team-invitation-resend", invitation.pk),
        ("members:team-invitation-revoke", invitation.pk),
        ("members:team-member-deactivate", counsellor.pk),
        ("members:team-member-reactivate", counsellor.pk),
    ]:
        url = reverse(name, args=[pk] if pk else [])
        assert referent_client.get(url).status_code == 405, name


# --- the list ----------------------------------------------------------------------------


def test_referent_sees_the_counsellors_of_their_structure_only(
    referent_client, counsellor, other_structure_counsellor, young_person
):
    response = referent_client.get(reverse("members:team"))

    assert response.status_code == 200
    members = list(response.context["members"])
    assert counsellor in members
    assert other_structure_counsellor not in members
    assert young_person not in members
    content = response.content.decode()
    assert counsellor.email in content
    assert other_structure_counsellor.email not in content


def test_team_page_shows_active_and_deactivated_states_in_words(
    referent_client, counsellor, structure
):
    CounsellorFactory(structure=structure, is_active=False, email="partie@example.org")

    content = referent_client.get(reverse("members:team")).content.decode()

    assert "Actif" in content
    assert "Désactivé" in content


def test_team_page_lists_pending_and_expired_invitations_not_accepted_ones(
    referent_client, structure, other_structure_invitation
):
    pending, _ = InvitationFactory.issue(
        kind=InvitationKind.COUNSELLOR, structure=structure, email="attente@example.org"
    )
    expired, _ = InvitationFactory.issue(
        kind=InvitationKind.COUNSELLOR, structure=structure, email="expiree@example.org"
    )
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    accepted, _ = InvitationFactory.issue(
        kind=InvitationKind.COUNSELLOR, structure=structure, email="acceptee@example.org"
    )
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now())
    young, _ = InvitationFactory.issue(
        kind=InvitationKind.YOUNG_PERSON, structure=structure, email="jeune-invite@example.org"
    )

    response = referent_client.get(reverse("members:team"))

    invitations = list(response.context["invitations"])
    assert pending in invitations
    assert expired in invitations
    assert accepted not in invitations
    assert young not in invitations
    assert other_structure_invitation not in invitations
    content = response.content.decode()
    assert "Expirée" in content
    assert "En attente" in content


def test_team_page_queries_do_not_grow_with_the_team(referent_client, structure):
    def add_people(count):
        for _n in range(count):
            CounsellorFactory(structure=structure, totp=False)
            InvitationFactory.issue(
                kind=InvitationKind.COUNSELLOR, structure=structure, birth_date=None
            )

    def queries_for_team_page():
        with CaptureQueriesContext(connection) as context:
            assert referent_client.get(reverse("members:team")).status_code == 200
        return len(context)

    add_people(1)
    queries_for_team_page()  # warms the cached layout and the site settings
    small = queries_for_team_page()
    add_people(8)

    assert queries_for_team_page() == small


# --- inviting --------------------------------------------------------------------------


def test_referent_invites_a_counsellor_who_gets_a_link(
    referent_client, referent, structure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = referent_client.post(reverse("members:team-invite"), invite_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("members:team")
    invitation = Invitation.objects.get()
    assert invitation.kind == InvitationKind.COUNSELLOR
    assert invitation.structure == structure
    assert invitation.invited_by == referent
    assert invitation.email == "nadia.roux@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia.roux@example.org"]
    token = TOKEN_IN_LINK.search(message.body).group(1)
    assert reverse("members:invitation-accept", kwargs={"token": token}) in message.body
    assert Invitation.objects.for_token(token) == invitation


def test_inviting_an_address_that_has_an_account_says_so_next_to_the_email(
    referent_client, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = referent_client.post(
            reverse("members:team-invite"), invite_data(email=counsellor.email.upper())
        )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "déjà un compte" in " ".join(errors["email"])
    content = response.content.decode()
    assert 'value="Nadia"' in content
    assert 'value="Roux"' in content
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invitation_with_missing_or_malformed_fields_keeps_the_input(
    referent_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = referent_client.post(
            reverse("members:team-invite"),
            invite_data(first_name="", email="nadia@", last_name="R" * 151),
        )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"first_name", "last_name", "email"}
    assert 'value="nadia@"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


# --- resending and revoking ------------------------------------------------------------


def test_resending_changes_the_link(
    referent_client, pending_invitation, django_capture_on_commit_callbacks
):
    invitation, old_token = pending_invitation

    with django_capture_on_commit_callbacks(execute=True):
        response = referent_client.post(
            reverse("members:team-invitation-resend", args=[invitation.pk])
        )

    assert response.status_code == 302
    assert Invitation.objects.for_token(old_token) is None
    new_token = TOKEN_IN_LINK.search(mail.outbox[-1].body).group(1)
    assert new_token != old_token
    assert Invitation.objects.for_token(new_token) == invitation


def test_resending_an_expired_invitation_makes_it_usable_again(
    referent_client, pending_invitation, django_capture_on_commit_callbacks
):
    invitation, _token = pending_invitation
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        referent_client.post(reverse("members:team-invitation-resend", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert invitation.is_usable
    assert len(mail.outbox) == 1


def test_revoking_an_invitation_kills_its_link(referent_client, pending_invitation):
    invitation, token = pending_invitation

    response = referent_client.post(reverse("members:team-invitation-revoke", args=[invitation.pk]))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not Invitation.objects.for_token(token).is_usable
    content = referent_client.get(reverse("members:team")).content.decode()
    assert "nouvelle@example.org" not in content.split("Invitations en cours")[1].split("<form")[0]


def test_revoking_twice_revokes_once_and_says_so_the_second_time(
    referent_client, pending_invitation
):
    invitation, _token = pending_invitation
    url = reverse("members:team-invitation-revoke", args=[invitation.pk])
    referent_client.post(url)
    invitation.refresh_from_db()
    revoked_at = invitation.revoked_at

    response = referent_client.post(url, follow=True)

    assert "déjà été acceptée ou annulée" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at == revoked_at


def test_an_accepted_invitation_is_neither_resent_nor_revoked(
    referent_client, pending_invitation, django_capture_on_commit_callbacks
):
    invitation, token = pending_invitation
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        for name in ("members:team-invitation-resend", "members:team-invitation-revoke"):
            response = referent_client.post(reverse(name, args=[invitation.pk]), follow=True)
            assert "déjà été acceptée ou annulée" in response.content.decode()

    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Invitation.objects.for_token(token) == invitation
    assert mail.outbox == []


def test_a_revoked_invitation_leaves_the_referents_dashboard_at_once(
    referent_client, pending_invitation
):
    invitation, _token = pending_invitation
    dashboard = reverse("members:dashboard")
    assert (
        "1 invitation de conseiller·ère en attente"
        in referent_client.get(dashboard).content.decode()
    )

    referent_client.post(reverse("members:team-invitation-revoke", args=[invitation.pk]))

    assert (
        "0 invitation de conseiller·ère en attente"
        in referent_client.get(dashboard).content.decode()
    )


@pytest.mark.parametrize("action", ["team-invitation-resend", "team-invitation-revoke"])
def test_another_structures_invitation_is_a_404(
    referent_client, other_structure_invitation, action
):
    response = referent_client.post(
        reverse(f"members:{action}", args=[other_structure_invitation.pk])
    )

    assert response.status_code == 404
    other_structure_invitation.refresh_from_db()
    assert other_structure_invitation.revoked_at is None


def test_a_young_persons_invitation_is_not_handled_here(referent_client, structure):
    invitation, _ = InvitationFactory.issue(kind=InvitationKind.YOUNG_PERSON, structure=structure)

    response = referent_client.post(reverse("members:team-invitation-revoke", args=[invitation.pk]))

    assert response.status_code == 404


# --- deactivating and reactivating ------------------------------------------------------


def test_deactivation_asks_for_confirmation_first(referent_client, counsellor, young_person):
    response = referent_client.get(
        reverse("members:team-member-deactivate-confirm", args=[counsellor.pk])
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Désactiver le compte de" in content
    assert "reste dans la structure" in content
    counsellor.refresh_from_db()
    assert counsellor.is_active


def test_referent_deactivates_a_counsellor_whose_young_people_stay(
    referent_client, referent, counsellor, young_person, structure
):
    response = referent_client.post(
        reverse("members:team-member-deactivate", args=[counsellor.pk]),
        {"reason": "A quitté la structure"},
    )

    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.is_active is False
    young_person.refresh_from_db()
    assert young_person.structure == structure
    assert young_person.young_profile.counsellor == counsellor
    log = ModerationLog.objects.get()
    assert log.actor == referent
    assert log.action == ModerationAction.DEACTIVATE
    assert log.target == counsellor
    assert log.reason == "A quitté la structure"


def test_a_deactivated_counsellor_is_signed_out(client, referent, counsellor):
    client.force_login(counsellor)
    referent_client = client.__class__()
    referent_client.force_login(referent)

    referent_client.post(reverse("members:team-member-deactivate", args=[counsellor.pk]))

    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_overlong_reason_is_refused_and_kept(referent_client, counsellor):
    reason = "x" * 501

    response = referent_client.post(
        reverse("members:team-member-deactivate", args=[counsellor.pk]), {"reason": reason}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert reason in response.content.decode()
    counsellor.refresh_from_db()
    assert counsellor.is_active
    assert not ModerationLog.objects.exists()


def test_referent_reactivates_a_counsellor(referent_client, referent, counsellor):
    User.objects.filter(pk=counsellor.pk).update(is_active=False)

    response = referent_client.post(reverse("members:team-member-reactivate", args=[counsellor.pk]))

    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.is_active
    log = ModerationLog.objects.get()
    assert (log.actor, log.action, log.target) == (
        referent,
        ModerationAction.REACTIVATE,
        counsellor,
    )


def test_referent_cannot_deactivate_themselves(referent_client, referent):
    response = referent_client.post(
        reverse("members:team-member-deactivate", args=[referent.pk]), follow=True
    )

    assert "Vous ne pouvez pas désactiver votre propre compte." in response.content.decode()
    referent.refresh_from_db()
    assert referent.is_active
    assert not ModerationLog.objects.exists()


def test_referent_cannot_deactivate_another_referent(referent_client, structure):
    from tests.members.factories import ReferentFactory

    colleague = ReferentFactory(structure=structure)

    referent_client.post(reverse("members:team-member-deactivate", args=[colleague.pk]))

    colleague.refresh_from_db()
    assert colleague.is_active
    assert not ModerationLog.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("team-member-deactivate-confirm", "get"),
        ("team-member-deactivate", "post"),
        ("team-member-reactivate", "post"),
    ],
)
def test_another_structures_counsellor_is_a_404(
    referent_client, other_structure_counsellor, name, method
):
    url = reverse(f"members:{name}", args=[other_structure_counsellor.pk])

    response = getattr(referent_client, method)(url)

    assert response.status_code == 404
    other_structure_counsellor.refresh_from_db()
    assert other_structure_counsellor.is_active
    assert not ModerationLog.objects.exists()


def test_a_young_person_of_the_structure_cannot_be_deactivated_here(referent_client, young_person):
    response = referent_client.post(
        reverse("members:team-member-deactivate", args=[young_person.pk])
    )

    assert response.status_code == 404
    young_person.refresh_from_db()
    assert young_person.is_active


def test_referent_without_a_structure_is_refused(client):
    from tests.members.factories import ReferentFactory

    client.force_login(ReferentFactory(structure=None))

    assert client.get(reverse("members:team")).status_code == 403
    assert client.get(reverse("members:structure-settings")).status_code == 403
