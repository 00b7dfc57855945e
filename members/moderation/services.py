"""What moderators decide about structures, professionals and accounts.

Each decision is one atomic operation: it locks the row, checks that the decision still
makes sense (two moderators acting at once: one wins, the other gets a clear message),
writes the new state and a :class:`~members.models.ModerationLog` row, and enqueues its
emails on commit.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.site_url import absolute_url
from members.emails import send_later
from members.enums import InvitationKind, ModerationAction, ReviewStatus
from members.models import Invitation, ModerationLog, ProfessionalProfile, User, YoungPersonProfile
from members.onboarding.invitations import AlreadyMemberError, invite
from network.models import Structure

# Referents run French structures: the emails about their structure are in French.
STRUCTURE_EMAIL_LANGUAGE = "fr"


class ModerationError(Exception):
    """The decision cannot be taken (already taken, missing reason…); the message says why."""


def _require(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ModerationError(message)
    return text


def _site_url(view_name: str, language: str) -> str:
    with translation.override(language):
        path = reverse(view_name)
    return absolute_url(path)


def split_name(full_name: str) -> tuple[str, str]:
    """ "Awa Diallo Traoré" -> ("Awa", "Diallo Traoré")."""
    first, _sep, last = (full_name or "").strip().partition(" ")
    return first, last.strip()


# Structures


@transaction.atomic
def approve_structure(structure: Structure, moderator: User, reason: str = "") -> Invitation | None:
    """Publish the structure and invite its referent.

    Returns the invitation, or None when there is nobody to invite: no referent address,
    or the address already has an account (the log row says so; a moderator attaches
    that account to the structure by hand).
    """
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    if structure.is_approved:
        raise ModerationError(_("Cette structure est déjà approuvée."))
    structure.is_approved = True
    structure.rejected_at = None
    structure.save(update_fields=["is_approved", "rejected_at", "updated_at"])

    invitation = None
    note = ""
    if structure.referent_email:
        first_name, last_name = split_name(structure.referent_name)
        try:
            invitation = invite(
                kind=InvitationKind.REFERENT,
                structure=structure,
                email=structure.referent_email,
                first_name=first_name,
                last_name=last_name,
                invited_by=moderator,
                language=STRUCTURE_EMAIL_LANGUAGE,
            )
        except AlreadyMemberError:
            note = _("Pas d’invitation : %(email)s a déjà un compte.") % {
                "email": structure.referent_email
            }
    ModerationLog.record(
        moderator, ModerationAction.APPROVE, structure, "\n".join(filter(None, [reason, note]))
    )
    return invitation


@transaction.atomic
def reject_structure(structure: Structure, moderator: User, reason: str) -> Structure:
    """Refuse the structure; its referent gets the reason by email."""
    reason = _require(reason, _("Indiquez le motif du refus."))
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    if structure.rejected_at is not None:
        raise ModerationError(_("Cette structure est déjà refusée."))
    structure.is_approved = False
    structure.rejected_at = timezone.now()
    structure.save(update_fields=["is_approved", "rejected_at", "updated_at"])
    ModerationLog.record(moderator, ModerationAction.REJECT, structure, reason)
    if structure.referent_email:
        send_later(
            structure.referent_email,
            "moderation_structure_rejected",
            {
                "name": split_name(structure.referent_name)[0],
                "structure": structure.name,
                "reason": reason,
            },
            STRUCTURE_EMAIL_LANGUAGE,
        )
    return structure


# Professionals


def _locked_profile(profile: ProfessionalProfile) -> ProfessionalProfile:
    return ProfessionalProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)


@transaction.atomic
def approve_professional(
    profile: ProfessionalProfile, moderator: User, reason: str = ""
) -> ProfessionalProfile:
    profile = _locked_profile(profile)
    if profile.status == ReviewStatus.APPROVED:
        raise ModerationError(_("Ce profil est déjà approuvé."))
    profile.status = ReviewStatus.APPROVED
    profile.status_reason = reason.strip()
    profile.reviewed_by = moderator
    profile.reviewed_at = timezone.now()
    profile.save(
        update_fields=["status", "status_reason", "reviewed_by", "reviewed_at", "updated_at"]
    )
    ModerationLog.record(moderator, ModerationAction.APPROVE, profile, profile.status_reason)
    user = profile.user
    send_later(
        user.email,
        "moderation_professional_approved",
        {"name": user.first_name, "url": _site_url("members:dashboard", user.language)},
        user.language,
    )
    return profile


@transaction.atomic
def reject_professional(
    profile: ProfessionalProfile, moderator: User, reason: str
) -> ProfessionalProfile:
    """Refuse the profile; the professional gets the reason in their language."""
    reason = _require(reason, _("Indiquez le motif du refus."))
    profile = _locked_profile(profile)
    if profile.status == ReviewStatus.REJECTED:
        raise ModerationError(_("Ce profil est déjà refusé."))
    profile.status = ReviewStatus.REJECTED
    profile.status_reason = reason
    profile.reviewed_by = moderator
    profile.reviewed_at = timezone.now()
    profile.save(
        update_fields=["status", "status_reason", "reviewed_by", "reviewed_at", "updated_at"]
    )
    ModerationLog.record(moderator, ModerationAction.REJECT, profile, reason)
    user = profile.user
    send_later(
        user.email,
        "moderation_professional_rejected",
        {"name": user.first_name, "reason": reason},
        user.language,
    )
    return profile


@transaction.atomic
def verify_in_person(
    profile: ProfessionalProfile, moderator: User, method: str
) -> ProfessionalProfile:
    """Record that a moderator checked this professional for in-person help and hosting:
    who checked, when, and how (``method``, required)."""
    method = _require(method, _("Indiquez comment la vérification a été faite."))
    profile = _locked_profile(profile)
    if profile.status != ReviewStatus.APPROVED:
        raise ModerationError(_("Approuvez d’abord ce profil."))
    if profile.verified_in_person:
        raise ModerationError(_("Ce profil est déjà vérifié."))
    profile.verified_in_person = True
    profile.verified_by = moderator
    profile.verified_at = timezone.now()
    profile.verification_method = method
    profile.save(
        update_fields=[
            "verified_in_person",
            "verified_by",
            "verified_at",
            "verification_method",
            "updated_at",
        ]
    )
    ModerationLog.record(moderator, ModerationAction.VERIFY_IN_PERSON, profile, method)
    return profile


# Accounts and profiles


@transaction.atomic
def deactivate_member(user: User, moderator: User, reason: str) -> User:
    """Close the account: the person can no longer sign in; nothing is deleted."""
    reason = _require(reason, _("Indiquez le motif de la désactivation."))
    if user.pk == moderator.pk:
        raise ModerationError(_("Vous ne pouvez pas désactiver votre propre compte."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser:
        raise ModerationError(_("Ce compte ne peut pas être désactivé ici."))
    if not user.is_active:
        raise ModerationError(_("Ce compte est déjà désactivé."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    ModerationLog.record(moderator, ModerationAction.DEACTIVATE, user, reason)
    return user


@transaction.atomic
def reactivate_member(user: User, moderator: User, reason: str = "") -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ModerationError(_("Ce compte est déjà actif."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    ModerationLog.record(moderator, ModerationAction.REACTIVATE, user, reason.strip())
    return user


@transaction.atomic
def hide_young_profile(
    profile: YoungPersonProfile, moderator: User, reason: str
) -> YoungPersonProfile:
    """Take the profile out of the professionals' sight and lock it there, so that the
    young person cannot show it again until their counsellor unlocks it."""
    reason = _require(reason, _("Indiquez pourquoi le profil est masqué."))
    profile = YoungPersonProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.visibility_locked:
        raise ModerationError(_("Ce profil est déjà masqué."))
    profile.is_visible = False
    profile.visibility_locked = True
    profile.save(update_fields=["is_visible", "visibility_locked", "updated_at"])
    ModerationLog.record(moderator, ModerationAction.HIDE_PROFILE, profile, reason)
    return profile
