"""Invitations, every kind alike: a structure brings its referent, counsellors and young
people in; a moderator brings a partner company's contacts in (``company`` instead of
``structure``, InvitationKind.COMPANY_CONTACT).

One service for issuing, listing, resending, revoking and accepting them. Resending and
revoking are conditional UPDATEs on a pending invitation, accepting locks it and checks it
again: when two people act at once one wins and the other is told. Every change outdates
the structure's dashboards, which show the pending invitations. Only what accepting adds
differs by kind (members.onboarding.services: a young person also gets a profile).
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from config.site_url import absolute_url
from members import dashboard_cache
from members.emails import send_later
from members.enums import COMPANY_INVITATION_KINDS, InvitationKind
from members.models import Invitation, User
from network.models import Company, Structure


class AlreadyMemberError(Exception):
    """The address already has an account: invite nobody, tell the sender plainly."""


class InvitationUnusableError(Exception):
    """The invitation was used, revoked or expired in the meantime."""


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


# Listing ------------------------------------------------------------------------------


def of_kind(
    structure_id: int | None, kind: InvitationKind, *, company_id: int | None = None
) -> QuerySet[Invitation]:
    """Every invitation of ``kind`` sent for the structure (for the company, for a kind of
    :data:`COMPANY_INVITATION_KINDS`): the scope a sender looks one up in, so that another
    structure's invitation is a 404."""
    if kind in COMPANY_INVITATION_KINDS:
        return Invitation.objects.filter(company_id=company_id, kind=kind).exclude(company_id=None)
    return Invitation.objects.filter(structure_id=structure_id, kind=kind)


def listed(
    structure_id: int | None,
    kind: InvitationKind,
    *,
    with_accepted: bool = False,
    company_id: int | None = None,
) -> QuerySet[Invitation]:
    """The invitations a sender follows, newest first: pending ones (expired included),
    and accepted ones too when ``with_accepted``; never revoked ones."""
    invitations = of_kind(structure_id, kind, company_id=company_id).filter(revoked_at__isnull=True)
    if not with_accepted:
        invitations = invitations.filter(accepted_at__isnull=True)
    return invitations.select_related("invited_by").order_by("-sent_at", "-pk")


# Issuing, resending, revoking -----------------------------------------------------------


def invite(
    *,
    kind: InvitationKind,
    structure: Structure | None = None,
    company: Company | None = None,
    email: str,
    first_name: str,
    last_name: str,
    invited_by: User | None,
    birth_date: datetime.date | None = None,
    language: str = "",
) -> Invitation:
    """Create the invitation and email its link once the transaction commits.

    For a structure (``structure``), or for a company (``company``, a kind of
    :data:`COMPANY_INVITATION_KINDS`). An older pending invitation of the same structure
    (or company) to the same address is revoked, so that only the newest link works.
    """
    if (kind in COMPANY_INVITATION_KINDS) != (company is not None) or (
        (structure is None) == (company is None)
    ):
        raise ValueError("A company contact is invited for a company, anyone else for a structure.")
    email = email.strip().lower()
    # Checked like acceptance checks it, or the link would only lead to "account exists".
    if email_is_taken(email):
        raise AlreadyMemberError(email)
    holder = {"company": company} if company is not None else {"structure": structure}
    with transaction.atomic():
        _revoke(
            Invitation.objects.filter(**holder, email__iexact=email),
            structure.pk if structure is not None else None,
        )
        invitation, raw_token = Invitation.issue(
            kind=kind,
            **holder,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            birth_date=birth_date,
            invited_by=invited_by,
        )
        _send(invitation, raw_token, language)
    return invitation


def resend(invitation: Invitation, language: str = "") -> bool:
    """A fresh link valid 7 more days, the previous one no longer works; False (and
    nothing sent) when the invitation was accepted or revoked meanwhile."""
    with transaction.atomic():
        raw_token = invitation.renew()
        if raw_token is None:
            return False
        dashboard_cache.outdate_structure(invitation.structure_id)
        _send(invitation, raw_token, language)
    return True


def revoke(invitation: Invitation) -> bool:
    """Cancel a pending invitation, its link stops working; False when it was accepted or
    revoked meanwhile."""
    return _revoke(Invitation.objects.filter(pk=invitation.pk), invitation.structure_id)


def _revoke(invitations: QuerySet[Invitation], structure_id: int | None) -> bool:
    revoked = invitations.pending().update(revoked_at=timezone.now())
    if revoked:
        # An UPDATE sends no signal: the dashboards are told here.
        dashboard_cache.outdate_structure(structure_id)
    return bool(revoked)


def _send(invitation: Invitation, raw_token: str, language: str) -> None:
    language = language or translation.get_language() or "fr"
    inviter = invitation.invited_by
    send_later(
        invitation.email,
        "invitation",
        {
            "kind": invitation.kind,
            "first_name": invitation.first_name,
            "structure": invitation.inviting_name,
            "inviter": inviter.get_full_name() if inviter else "",
            "url": invitation_url(raw_token, language),
            "expires_at": invitation.expires_at.isoformat(),
        },
        language,
    )


# Accepting ------------------------------------------------------------------------------


def lock_usable(invitation: Invitation) -> Invitation:
    """The invitation, locked and checked again inside the caller's transaction, so that
    two submissions of the same form make one account; raises
    :class:`InvitationUnusableError` when it was used, revoked or expired meanwhile."""
    invitation = (
        # Lock the invitation only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join that the optional inviter needs.
        Invitation.objects.select_for_update(of=("self",))
        .select_related("structure", "company", "invited_by")
        .get(pk=invitation.pk)
    )
    if not invitation.is_usable:
        raise InvitationUnusableError
    return invitation


def mark_accepted(invitation: Invitation, user: User) -> None:
    """``user``'s account was created from the (locked) invitation."""
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
