"""Professionals: registering a volunteer, editing their offer, and their first review.

Imported by ``MembersConfig.ready()`` so that the ``email_confirmed`` receiver below is
connected: once a professional confirms their address, a partner company that opted in
approves them at once; otherwise the moderators are told someone waits.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from config.site_url import absolute_url
from members.directory.services import outdate_results
from members.emails import send_later
from members.enums import ConsentDocument, ModerationAction, ReviewStatus, Role
from members.models import Consent, ModerationLog, ProfessionalProfile, Sector, User
from members.profiles.services import update_avatar
from network.models import Company

logger = logging.getLogger(__name__)

AUTO_APPROVAL_REASON = "approbation automatique : domaine de l'entreprise"
# Moderators are association staff: their emails are in French.
MODERATOR_EMAIL_LANGUAGE = "fr"


@dataclasses.dataclass
class ProfessionalDetails:
    """What a professional offers, as the sign-up and profile forms clean it."""

    job_title: str
    company: Company | None
    new_company: str
    sectors: list[Sector]
    help_kinds: list[str]
    departements: list[str]
    remote: bool
    monthly_capacity: int


def _unique_company_slug(name: str) -> str:
    base = slugify(name)[:180] or "entreprise"
    slug = base
    suffix = 2
    while Company.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def company_for(details: ProfessionalDetails) -> Company:
    """The chosen company, or the typed one: an existing company of that name, else a new
    company that is not (yet) a partner."""
    if details.company is not None:
        return details.company
    name = details.new_company.strip()
    existing = Company.objects.filter(name__iexact=name).order_by("pk").first()
    if existing is not None:
        return existing
    return Company.objects.create(name=name, slug=_unique_company_slug(name), is_partner=False)


def _apply_details(profile: ProfessionalProfile, details: ProfessionalDetails) -> None:
    profile.job_title = details.job_title
    profile.company = company_for(details)
    profile.help_kinds = list(details.help_kinds)
    profile.departements = sorted(details.departements)
    profile.remote = details.remote
    profile.monthly_capacity = details.monthly_capacity


@transaction.atomic
def register_professional(
    user: User, details: ProfessionalDetails, language: str = ""
) -> ProfessionalProfile:
    """Make the freshly signed-up ``user`` a professional waiting for review.

    They accepted the volunteer charter and the terms on the sign-up form.
    """
    user.role = Role.PROFESSIONAL
    if language in dict(settings.LANGUAGES):
        user.language = language
    user.save(update_fields=["role", "language"])
    profile = ProfessionalProfile(user=user, status=ReviewStatus.PENDING)
    _apply_details(profile, details)
    profile.save()
    profile.sectors.set(details.sectors)
    Consent.record(user, ConsentDocument.CHARTER)
    Consent.record(user, ConsentDocument.TERMS)
    return profile


@transaction.atomic
def update_professional_profile(
    profile: ProfessionalProfile,
    details: ProfessionalDetails,
    *,
    is_paused: bool,
    bio: str,
    phone: str,
    language: str,
    avatar: ContentFile | None = None,
    remove_avatar: bool = False,
) -> ProfessionalProfile:
    """Save what the professional changed. Their review status stays as it is.

    ``avatar``: a re-encoded image to store (``members.avatars.clean_avatar``);
    ``remove_avatar``: remove the current photo when no new one is given.
    """
    _apply_details(profile, details)
    profile.is_paused = is_paused
    profile.bio = bio.strip()
    profile.save(
        update_fields=[
            "job_title",
            "company",
            "help_kinds",
            "departements",
            "remote",
            "monthly_capacity",
            "is_paused",
            "bio",
            "updated_at",
        ]
    )
    profile.sectors.set(details.sectors)

    user = profile.user
    user.phone = phone
    if language in dict(settings.LANGUAGES):
        user.language = language
    update_avatar(user, avatar, remove=remove_avatar)
    user.save(update_fields=["phone", "language", "avatar"])
    return profile


def set_paused(profile: ProfessionalProfile, paused: bool) -> bool:
    """Pause (or resume) the requests a professional receives; False when it already was.

    The form says which state it wants, not "toggle": a double click or a second tab
    never undoes the first one.
    """
    changed = ProfessionalProfile.objects.filter(pk=profile.pk, is_paused=not paused).update(
        is_paused=paused, updated_at=timezone.now()
    )
    profile.is_paused = paused
    if changed:
        outdate_results()  # the directory lists those paused last
    return bool(changed)


def _site_url(view_name: str, language: str, *args: Any) -> str:
    with translation.override(language):
        path = reverse(view_name, args=args)
    return absolute_url(path)


def _admin_url(profile: ProfessionalProfile) -> str:
    """The profile in the moderators' admin view set."""
    return _site_url("professionals:inspect", MODERATOR_EMAIL_LANGUAGE, profile.pk)


@transaction.atomic
def review_after_email_confirmation(user: User, email: str) -> ProfessionalProfile | None:
    """First review of a pending professional whose ``email`` is now verified.

    Their company approves them if it opted in and the address is on one of its domains;
    otherwise every moderator is emailed that a professional waits. Returns the profile,
    or None when there is nothing to review.
    """
    profile = (
        # Lock the profile only (the optional company is an outer join PostgreSQL cannot lock).
        ProfessionalProfile.objects.select_for_update(of=("self",))
        .select_related("user", "company")
        .filter(user=user, status=ReviewStatus.PENDING)
        .first()
    )
    if profile is None or not user.is_professional:
        return None
    company = profile.company
    if company is not None and company.approves_automatically(email):
        profile.status = ReviewStatus.APPROVED
        profile.reviewed_at = timezone.now()
        profile.reviewed_by = None
        profile.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
        ModerationLog.record(None, ModerationAction.APPROVE, profile, AUTO_APPROVAL_REASON)
        send_later(
            user.email,
            "professional_auto_approved",
            {
                "first_name": user.first_name,
                "company": company.name,
                "url": _site_url("members:pro-profile", user.language),
            },
            user.language,
        )
        return profile

    moderators = list(
        User.objects.filter(role=Role.MODERATOR, is_active=True).values_list("email", flat=True)
    )
    if moderators:
        send_later(
            moderators,
            "professional_pending_review",
            {
                "name": user.get_full_name(),
                "email": user.email,
                "job_title": profile.job_title,
                "company": company.name if company is not None else "",
                "url": _admin_url(profile),
            },
            MODERATOR_EMAIL_LANGUAGE,
        )
    else:
        logger.warning("A professional waits for review and there is no moderator to tell.")
    return profile


@receiver(email_confirmed, dispatch_uid="members_professional_email_confirmed")
def on_email_confirmed(sender, request, email_address: EmailAddress, **kwargs) -> None:
    user = email_address.user
    if user.role == Role.PROFESSIONAL:
        review_after_email_confirmation(user, email_address.email)
