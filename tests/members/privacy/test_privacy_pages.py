"""Privacy: the page, downloading one's data, deleting one's account."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from home.models import SiteSettings, StandardPage
from members.enums import ConsentDocument, InvitationKind, ModerationAction
from members.models import Consent, Invitation, ModerationLog, YoungPersonProfile
from tests.members.factories import PASSWORD, InvitationFactory, ReferentFactory

pytestmark = pytest.mark.usefixtures("home_page")


@pytest.fixture
def privacy_policy(home_page):
    page = StandardPage(title="Politique de confidentialité", slug="confidentialite")
    home_page.add_child(instance=page)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.privacy_page = page
    site_settings.save()
    return page


def test_anonymous_visitor_is_sent_to_sign_in_from_every_privacy_page(client, db):
    for name in ("members:privacy", "members:data-export", "members:account-delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login"))


def test_privacy_page_lists_the_consents_and_links_to_the_policy(
    client, young_person, privacy_policy
):
    Consent.record(young_person, ConsentDocument.TERMS)
    client.force_login(young_person)

    response = client.get(reverse("members:privacy"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Conditions d’utilisation" in body and "2026-11" in body
    assert privacy_policy.url in body
    assert reverse("members:data-export") in body
    assert reverse("members:account-delete") in body
    assert "date de naissance" in body


def test_privacy_page_works_without_a_policy_page(client, professional):
    client.force_login(professional)

    response = client.get(reverse("members:privacy"))

    assert response.status_code == 200
    assert "Aucun document accepté" in response.content.decode()


# --- download ---------------------------------------------------------------------------
def test_data_export_is_a_json_attachment_with_my_data_only(
    client, young_person, counsellor, structure
):
    Consent.record(young_person, ConsentDocument.TERMS)
    InvitationFactory(structure=structure, invited_by=young_person, email="ami@example.org")
    InvitationFactory(structure=structure, invited_by=counsellor, email="autre@example.org")
    ModerationLog.record(
        None, ModerationAction.HIDE_PROFILE, young_person.young_profile, "Photo inadaptée"
    )
    ModerationLog.record(None, ModerationAction.APPROVE, counsellor, "Rien à voir")
    client.force_login(young_person)

    response = client.get(reverse("members:data-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "jeune@example.org"
    assert data["young_person_profile"]["project"] == "Électricienne du bâtiment"
    assert data["consents"][0]["document"] == "terms"
    assert [inv["email"] for inv in data["invitations_sent"]] == ["ami@example.org"]
    assert [row["reason"] for row in data["moderation_log"]] == ["Photo inadaptée"]
    raw = response.content.decode()
    assert "password" not in raw and "pbkdf2" not in raw and "md5" not in raw
    assert "autre@example.org" not in raw and counsellor.email not in raw
    assert counsellor.first_name not in raw


def test_professional_export_holds_the_professional_profile(client, professional):
    client.force_login(professional)

    data = client.get(reverse("members:data-export")).json()

    assert data["professional_profile"]["job_title"] == "Cheffe de chantier"
    assert "young_person_profile" not in data


def test_data_export_refuses_post(client, young_person):
    client.force_login(young_person)

    assert client.post(reverse("members:data-export")).status_code == 405


# --- deletion ---------------------------------------------------------------------------
def test_wrong_password_deletes_nothing_and_says_why(client, young_person):
    client.force_login(young_person)

    response = client.post(reverse("members:account-delete"), {"password": "pas le bon"})

    assert response.status_code == 200
    assert "Ce mot de passe n’est pas le bon" in response.content.decode()
    assert get_user_model().objects.filter(pk=young_person.pk).exists()


def test_account_delete_needs_the_csrf_token(young_person):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(young_person)

    response = client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=young_person.pk).exists()


def test_deleting_my_account_removes_my_data_signs_me_out_and_goes_home(
    client, young_person, counsellor, structure, django_capture_on_commit_callbacks
):
    Consent.record(young_person, ConsentDocument.TERMS)
    sent = InvitationFactory(structure=structure, invited_by=young_person)
    log = ModerationLog.record(counsellor, ModerationAction.HIDE_PROFILE, young_person, "x")
    client.force_login(young_person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:account-delete"), {"password": PASSWORD}, follow=True
        )

    assert response.redirect_chain[0][0] == reverse("wagtail_serve", args=[""])
    assert "ont été supprimés" in response.content.decode()
    assert not get_user_model().objects.filter(pk=young_person.pk).exists()
    assert not YoungPersonProfile.objects.filter(user_id=young_person.pk).exists()
    assert not Consent.objects.filter(user_id=young_person.pk).exists()
    sent.refresh_from_db()
    assert sent.invited_by is None
    log.refresh_from_db()
    assert young_person.last_name not in log.target_repr
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mail.outbox] == [["jeune@example.org"]]
    # The counsellor is still there.
    assert get_user_model().objects.filter(pk=counsellor.pk).exists()


def test_counsellor_who_invited_people_can_delete_their_account(
    client, counsellor, structure, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(structure=structure, invited_by=counsellor)
    client.force_login(counsellor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).invited_by is None


def test_last_referent_leaving_tells_the_moderators(
    client, referent, moderator, django_capture_on_commit_callbacks
):
    client.force_login(referent)
    page = client.get(reverse("members:account-delete")).content.decode()
    assert "dernière référent·e" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assert not get_user_model().objects.filter(pk=referent.pk).exists()
    to_moderators = [message for message in mail.outbox if message.to == [moderator.email]]
    assert len(to_moderators) == 1
    assert referent.structure.name in to_moderators[0].subject


def test_referent_leaving_with_another_referent_left_tells_nobody(
    client, referent, structure, moderator, django_capture_on_commit_callbacks
):
    ReferentFactory(structure=structure)
    client.force_login(referent)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assert [message.to for message in mail.outbox] == [[referent.email]]


def test_invitation_kind_is_kept_after_the_inviter_left(client, referent, structure):
    invitation = InvitationFactory(
        structure=structure, invited_by=referent, kind=InvitationKind.COUNSELLOR
    )
    client.force_login(referent)

    client.post(reverse("members:account-delete"), {"password": PASSWORD})

    invitation.refresh_from_db()
    assert (invitation.kind, invitation.invited_by) == (InvitationKind.COUNSELLOR, None)
