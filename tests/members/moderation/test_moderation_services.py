"""Moderators' decisions: state, audit log, emails."""

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import InvitationKind, ModerationAction, ReviewStatus
from members.models import Invitation, ModerationLog
from members.moderation import services as moderation
from members.moderation.services import ModerationError
from tests.members.factories import UserFactory
from tests.network.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_structure(db):
    return StructureFactory(
        name="Mission locale de Roubaix",
        postcode="59100",
        city="Roubaix",
        is_approved=False,
        referent_name="Awa Diallo Traoré",
        referent_email="awa.diallo@ml-roubaix.fr",
    )


def _log_for(target):
    return ModerationLog.objects.get(object_id=str(target.pk), action__isnull=False)


def test_approving_a_structure_publishes_it_and_invites_its_referent(
    pending_structure, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = moderation.approve_structure(pending_structure, moderator, "SIRET vérifié")

    pending_structure.refresh_from_db()
    assert pending_structure.is_approved
    assert pending_structure.rejected_at is None
    assert invitation.kind == InvitationKind.REFERENT
    assert invitation.email == "awa.diallo@ml-roubaix.fr"
    assert (invitation.first_name, invitation.last_name) == ("Awa", "Diallo Traoré")
    assert invitation.invited_by == moderator
    log = _log_for(pending_structure)
    assert (log.action, log.actor, log.reason) == (
        ModerationAction.APPROVE,
        moderator,
        "SIRET vérifié",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["awa.diallo@ml-roubaix.fr"]
    accept_path = reverse("members:invitation-accept", kwargs={"token": "TOKEN"}).split("TOKEN")[0]
    assert accept_path in message.body


def test_approving_a_structure_whose_referent_has_an_account_sends_no_invitation(
    pending_structure, moderator, django_capture_on_commit_callbacks
):
    UserFactory(email="awa.diallo@ml-roubaix.fr")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = moderation.approve_structure(pending_structure, moderator)

    assert invitation is None
    assert not Invitation.objects.exists()
    pending_structure.refresh_from_db()
    assert pending_structure.is_approved
    assert "awa.diallo@ml-roubaix.fr" in _log_for(pending_structure).reason
    assert mail.outbox == []


def test_a_structure_cannot_be_approved_twice(pending_structure, moderator):
    moderation.approve_structure(pending_structure, moderator)
    with pytest.raises(ModerationError):
        moderation.approve_structure(pending_structure, moderator)
    assert Invitation.objects.count() == 1


def test_rejecting_a_structure_emails_the_reason_in_french(
    pending_structure, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_structure(pending_structure, moderator, "Hors du public visé.")

    pending_structure.refresh_from_db()
    assert not pending_structure.is_approved
    assert pending_structure.rejected_at is not None
    log = _log_for(pending_structure)
    assert (log.action, log.actor, log.reason) == (
        ModerationAction.REJECT,
        moderator,
        "Hors du public visé.",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["awa.diallo@ml-roubaix.fr"]
    assert "Hors du public visé." in mail.outbox[0].body
    assert "Bonjour Awa" in mail.outbox[0].body


def test_rejecting_a_structure_needs_a_reason(pending_structure, moderator):
    with pytest.raises(ModerationError):
        moderation.reject_structure(pending_structure, moderator, "   ")
    pending_structure.refresh_from_db()
    assert pending_structure.rejected_at is None
    assert not ModerationLog.objects.exists()


def test_approving_a_professional_records_the_reviewer_and_tells_them(
    pending_professional, moderator, django_capture_on_commit_callbacks
):
    profile = pending_professional.pro_profile
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve_professional(profile, moderator)

    profile.refresh_from_db()
    assert profile.status == ReviewStatus.APPROVED
    assert profile.reviewed_by == moderator
    assert profile.reviewed_at is not None
    assert _log_for(profile).action == ModerationAction.APPROVE
    assert mail.outbox[0].to == [pending_professional.email]


def test_rejecting_a_professional_emails_the_reason_in_their_language(
    pending_professional, moderator, django_capture_on_commit_callbacks
):
    pending_professional.language = "en"
    pending_professional.save()
    profile = pending_professional.pro_profile
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_professional(profile, moderator, "Profil incomplet.")

    profile.refresh_from_db()
    assert profile.status == ReviewStatus.REJECTED
    assert profile.status_reason == "Profil incomplet."
    log = _log_for(profile)
    assert (log.action, log.actor, log.reason) == (
        ModerationAction.REJECT,
        moderator,
        "Profil incomplet.",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [pending_professional.email]
    assert "Profil incomplet." in mail.outbox[0].body


def test_rejecting_a_professional_needs_a_reason(pending_professional, moderator):
    profile = pending_professional.pro_profile
    with pytest.raises(ModerationError):
        moderation.reject_professional(profile, moderator, "")
    profile.refresh_from_db()
    assert profile.status == ReviewStatus.PENDING


def test_verifying_a_professional_in_person_records_who_when_and_how(professional, moderator):
    profile = professional.pro_profile
    moderation.verify_in_person(profile, moderator, "Rencontre au siège, pièce d’identité vue.")

    profile.refresh_from_db()
    assert profile.verified_in_person
    assert profile.verified_by == moderator
    assert profile.verified_at is not None
    assert profile.verification_method == "Rencontre au siège, pièce d’identité vue."
    log = _log_for(profile)
    assert (log.action, log.reason) == (
        ModerationAction.VERIFY_IN_PERSON,
        "Rencontre au siège, pièce d’identité vue.",
    )


def test_verification_needs_a_method_and_an_approved_professional(
    professional, pending_professional, moderator
):
    with pytest.raises(ModerationError):
        moderation.verify_in_person(professional.pro_profile, moderator, "")
    with pytest.raises(ModerationError):
        moderation.verify_in_person(pending_professional.pro_profile, moderator, "Vu en personne")
    professional.pro_profile.refresh_from_db()
    assert not professional.pro_profile.verified_in_person


def test_deactivating_and_reactivating_a_member_is_logged(professional, moderator):
    moderation.deactivate_member(professional, moderator, "Messages déplacés.")
    professional.refresh_from_db()
    assert not professional.is_active

    moderation.reactivate_member(professional, moderator, "Échange avec la personne.")
    professional.refresh_from_db()
    assert professional.is_active

    actions = list(
        ModerationLog.objects.filter(object_id=str(professional.pk))
        .order_by("pk")
        .values_list("action", "actor", "reason")
    )
    assert actions == [
        (ModerationAction.DEACTIVATE, moderator.pk, "Messages déplacés."),
        (ModerationAction.REACTIVATE, moderator.pk, "Échange avec la personne."),
    ]


def test_deactivation_needs_a_reason_and_spares_the_moderator_themself(professional, moderator):
    with pytest.raises(ModerationError):
        moderation.deactivate_member(professional, moderator, "")
    with pytest.raises(ModerationError):
        moderation.deactivate_member(moderator, moderator, "Test")
    professional.refresh_from_db()
    moderator.refresh_from_db()
    assert professional.is_active and moderator.is_active


def test_hiding_a_young_persons_profile_locks_it_hidden(young_person, moderator):
    profile = young_person.young_profile
    profile.is_visible = True
    profile.save()

    moderation.hide_young_profile(profile, moderator, "Coordonnées dans la présentation.")

    profile.refresh_from_db()
    assert not profile.is_visible
    assert profile.visibility_locked
    assert _log_for(profile).action == ModerationAction.HIDE_PROFILE
