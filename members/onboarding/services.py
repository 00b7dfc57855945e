"""Onboarding: accepting an invitation, applying with a join code, confirming applicants.

Each function is one atomic operation; emails leave once the transaction commits.
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.internal.flows.email_verification import (
    send_verification_email_to_address,
)
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone, translation

from config.site_url import absolute_url
from members.emails import send_later
from members.enums import (
    ConsentDocument,
    InvitationKind,
    ModerationAction,
    ReviewStatus,
    Role,
)
from members.models import Consent, Invitation, ModerationLog, User, YoungPersonProfile
from members.models.profiles import MAJORITY, MAX_AGE, MIN_AGE, age_on
from members.onboarding import invitations
from members.onboarding.invitations import email_is_taken
from members.profiles.services import birth_date_change_note
from network.models import Structure

ROLE_FOR_KIND = {
    InvitationKind.REFERENT: Role.REFERENT,
    InvitationKind.COUNSELLOR: Role.COUNSELLOR,
    InvitationKind.YOUNG_PERSON: Role.YOUNG_PERSON,
    InvitationKind.COMPANY_CONTACT: Role.COMPANY_CONTACT,
}


class EmailTakenError(Exception):
    """An account with this address appeared since the invitation was sent."""


class AlreadyReviewedError(Exception):
    """Another counsellor confirmed or rejected this applicant first."""


def age_is_allowed(birth_date: datetime.date, day: datetime.date | None = None) -> bool:
    """16 to 25 inclusive on ``day`` (today by default): who the platform is for."""
    return MIN_AGE <= age_on(birth_date, day or timezone.localdate()) <= MAX_AGE


def is_minor(birth_date: datetime.date, day: datetime.date | None = None) -> bool:
    return age_on(birth_date, day or timezone.localdate()) < MAJORITY


def _absolute(path: str) -> str:
    return absolute_url(path)


def _current_language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def accept_invitation(invitation: Invitation, data: dict[str, Any]) -> User:
    """Create the invited person's account from the cleaned form ``data``: an account of
    the invitation's role in its structure (a company contact: of its company), and for a
    young person their profile.

    Two submissions of the same form make one account, the second one raises
    :class:`invitations.InvitationUnusableError`.
    """
    invitation = invitations.lock_usable(invitation)
    email = invitation.email.strip().lower()
    if email_is_taken(email):
        raise EmailTakenError(email)

    user = User(
        email=email,
        first_name=data["first_name"],
        last_name=data["last_name"],
        role=ROLE_FOR_KIND[invitation.kind],
        structure=invitation.structure,
        company=invitation.company,
        language=_current_language(),
        is_active=True,
    )
    user.set_password(data["password1"])
    try:
        # A savepoint, so that a concurrent sign-up with the same address leaves the
        # transaction usable for the caller.
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise EmailTakenError(email) from error
    # The link reached this mailbox: the address is proven.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Consent.record(user, ConsentDocument.TERMS)

    if invitation.kind == InvitationKind.YOUNG_PERSON:
        _young_person_joins(invitation, user, data)
    invitations.mark_accepted(invitation, user)
    return user


def _young_person_joins(invitation: Invitation, user: User, data: dict[str, Any]) -> None:
    """What accepting adds for a young person: their profile, followed by the counsellor
    who invited them."""
    inviter = invitation.invited_by
    follows = (
        inviter is not None
        and inviter.is_active
        and inviter.role == Role.COUNSELLOR
        and inviter.structure_id == invitation.structure_id
    )
    # Every safety rule for minors reads this date: the counsellor's, never one typed
    # over it. A date the young person says is theirs goes to the counsellor to check.
    birth_date = invitation.birth_date or data["birth_date"]
    profile = YoungPersonProfile.objects.create(
        user=user,
        counsellor=inviter if follows else None,
        status=ReviewStatus.APPROVED,
        birth_date=birth_date,
        minor_at_signup=is_minor(birth_date),
        project=data.get("project", ""),
        departement=data.get("departement", ""),
    )
    claimed = data.get("birth_date_claimed")
    if claimed and claimed != birth_date:
        _tell_birth_date_claim(profile, claimed, [inviter] if follows else None)


def apply_with_join_code(
    request: HttpRequest, structure: Structure, data: dict[str, Any]
) -> User | None:
    """A young person applies to ``structure`` with its join code.

    Returns the new account, or None when the address already has one: then nothing is
    created and allauth emails that address that it already has an account, so that the
    page shown is the same either way (no hint whether an address is registered).
    """
    email = data["email"].strip().lower()
    try:
        with transaction.atomic():
            if email_is_taken(email):
                raise EmailTakenError(email)
            user = _create_applicant(structure, email, data)
    except (EmailTakenError, IntegrityError):
        send_verification_email_to_address(
            request, EmailAddress(user=None, email=email), signup=True
        )
        return None
    address = EmailAddress.objects.get(user=user, email=email)
    send_verification_email_to_address(request, address, signup=True)
    return user


def _create_applicant(structure: Structure, email: str, data: dict[str, Any]) -> User:
    user = User(
        email=email,
        first_name=data["first_name"],
        last_name=data["last_name"],
        role=Role.YOUNG_PERSON,
        structure=structure,
        language=_current_language(),
        is_active=True,
    )
    user.set_password(data["password1"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    Consent.record(user, ConsentDocument.TERMS)
    birth_date = data["birth_date"]
    YoungPersonProfile.objects.create(
        user=user,
        status=ReviewStatus.PENDING,
        birth_date=birth_date,
        minor_at_signup=is_minor(birth_date),
    )
    _tell_counsellors(structure, user)
    return user


def _tell_counsellors(structure: Structure, applicant: User) -> None:
    counsellors = User.objects.filter(
        structure=structure, role=Role.COUNSELLOR, is_active=True
    ).only("email", "language")
    if not counsellors:
        # No counsellor yet: the referent is the one who can bring one in.
        counsellors = User.objects.filter(
            structure=structure, role=Role.REFERENT, is_active=True
        ).only("email", "language")
    for counsellor in counsellors:
        with translation.override(counsellor.language):
            url = _absolute(reverse("members:applicants"))
        send_later(
            counsellor.email,
            "onboarding_applicant",
            {
                "applicant": applicant.get_full_name(),
                "structure": structure.name,
                "url": url,
            },
            counsellor.language,
        )


def _counsellors_to_tell(structure_id: int | None):
    counsellors = User.objects.filter(
        structure_id=structure_id, role=Role.COUNSELLOR, is_active=True
    ).exclude(structure_id=None)
    if not counsellors.exists():
        # No counsellor yet: the referent is the one who can bring one in.
        counsellors = User.objects.filter(
            structure_id=structure_id, role=Role.REFERENT, is_active=True
        ).exclude(structure_id=None)
    return list(counsellors)


def _tell_birth_date_claim(
    profile: YoungPersonProfile, claimed: datetime.date, counsellors: list[User] | None
) -> None:
    """An invited young person says the birth date their counsellor entered is wrong: the
    counsellor is told (in the app and by email) and corrects it if it is; nothing changes
    until then."""
    from members.notifications.services import notify

    young = profile.user
    for counsellor in counsellors or _counsellors_to_tell(young.structure_id):
        language = counsellor.language or settings.LANGUAGE_CODE
        with translation.override(language):
            path = reverse("members:young-person", kwargs={"pk": profile.pk})
            context = {
                "first_name": counsellor.first_name,
                "young_name": young.get_full_name(),
                "entered": formats.date_format(profile.birth_date, "SHORT_DATE_FORMAT"),
                "claimed": formats.date_format(claimed, "SHORT_DATE_FORMAT"),
                "url": _absolute(path),
            }
        notify(counsellor, "onboarding_birth_date_claimed", context, url=path)


def confirm_applicant(
    profile_id: int, counsellor: User, birth_date: datetime.date | None = None
) -> YoungPersonProfile:
    """Approve a join-code applicant of ``counsellor``'s structure, who then follows them.

    ``birth_date``: the date the counsellor checked, when it differs from the one the young
    person typed (every safety rule for minors reads it).
    """
    with transaction.atomic():
        profile = _pending_applicant_for_update(profile_id, counsellor)
        profile.status = ReviewStatus.APPROVED
        profile.counsellor = counsellor
        reason = ""
        if birth_date is not None and birth_date != profile.birth_date:
            reason = birth_date_change_note(profile.birth_date, birth_date)
            profile.birth_date = birth_date
            profile.minor_at_signup = is_minor(birth_date)
        profile.save(
            update_fields=["status", "counsellor", "birth_date", "minor_at_signup", "updated_at"]
        )
        ModerationLog.record(counsellor, ModerationAction.APPROVE, profile.user, reason)
        young = profile.user
        with translation.override(young.language):
            url = _absolute(reverse("account_login"))
        send_later(
            young.email,
            "onboarding_applicant_confirmed",
            {
                "first_name": young.first_name,
                "structure": counsellor.structure.name,
                "counsellor": counsellor.get_full_name(),
                "url": url,
            },
            young.language,
        )
    return profile


def reject_applicant(profile_id: int, counsellor: User, reason: str = "") -> YoungPersonProfile:
    """Refuse an applicant: their account is deactivated, they are told (with the reason)."""
    with transaction.atomic():
        profile = _pending_applicant_for_update(profile_id, counsellor)
        profile.status = ReviewStatus.REJECTED
        profile.save(update_fields=["status", "updated_at"])
        young = profile.user
        young.is_active = False
        young.save(update_fields=["is_active"])
        ModerationLog.record(counsellor, ModerationAction.REJECT, young, reason)
        send_later(
            young.email,
            "onboarding_applicant_rejected",
            {
                "first_name": young.first_name,
                "structure": counsellor.structure.name,
                "reason": reason,
            },
            young.language,
        )
    return profile


def _pending_applicant_for_update(profile_id: int, counsellor: User) -> YoungPersonProfile:
    """Lock the applicant; raise AlreadyReviewedError when someone decided first.

    The caller has already found the profile in the counsellor's scoped queryset.
    """
    profile = (
        YoungPersonProfile.objects.select_for_update()
        .select_related("user")
        .get(pk=profile_id, user__structure_id=counsellor.structure_id)
    )
    if profile.status != ReviewStatus.PENDING:
        raise AlreadyReviewedError
    return profile


def applicants_of(counsellor: User):
    """Join-code applicants waiting for a counsellor of ``counsellor``'s structure."""
    return (
        YoungPersonProfile.objects.filter(
            user__structure_id=counsellor.structure_id,
            user__role=Role.YOUNG_PERSON,
            status=ReviewStatus.PENDING,
        )
        .select_related("user")
        .order_by("created_at")
    )
