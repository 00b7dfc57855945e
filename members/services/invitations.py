"""Sending invitations: a structure brings its referent, counsellors and young people in."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation

from config.site_url import absolute_url
from members.emails import send_later
from members.enums import InvitationKind
from members.models import Invitation, User
from members.services import dashboard_cache
from network.models import Structure


class AlreadyMemberError(Exception):
    """The address already has an account: invite nobody, tell the sender plainly."""


def email_is_taken(email: str) -> bool:
    """An account uses this address, as its login or as one of its allauth addresses."""
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def invitation_url(raw_token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("members:invitation-accept", kwargs={"token": raw_token})
    return absolute_url(path)


def invite(
    *,
    kind: InvitationKind,
    structure: Structure,
    email: str,
    first_name: str,
    last_name: str,
    invited_by: User | None,
    birth_date: datetime.date | None = None,
    language: str = "",
) -> Invitation:
    """Create the invitation and email its link once the transaction commits.

    An older pending invitation of the same structure to the same address is revoked, so
    that only the newest link works.
    """
    email = email.strip().lower()
    # Checked like acceptance checks it, or the link would only lead to "account exists".
    if email_is_taken(email):
        raise AlreadyMemberError(email)
    if (
        Invitation.objects.pending()
        .filter(structure=structure, email__iexact=email)
        .update(revoked_at=datetime.datetime.now(tz=datetime.UTC))
    ):
        dashboard_cache.outdate_structure(structure.pk)
    invitation, raw_token = Invitation.issue(
        kind=kind,
        structure=structure,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        invited_by=invited_by,
    )
    _send(invitation, raw_token, language)
    return invitation


def resend(invitation: Invitation, language: str = "") -> Invitation:
    """A fresh link valid 7 more days; the previous link no longer works."""
    raw_token = invitation.renew()
    _send(invitation, raw_token, language)
    return invitation


def _send(invitation: Invitation, raw_token: str, language: str) -> None:
    language = language or translation.get_language() or "fr"
    inviter = invitation.invited_by
    send_later(
        invitation.email,
        "invitation",
        {
            "kind": invitation.kind,
            "first_name": invitation.first_name,
            "structure": invitation.structure.name,
            "inviter": inviter.get_full_name() if inviter else "",
            "url": invitation_url(raw_token, language),
            "expires_at": invitation.expires_at.isoformat(),
        },
        language,
    )
