"""A member's data: what they can download, and how an account disappears (GDPR)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from members.emails import send_later
from members.enums import Role
from members.models import (
    Consent,
    Invitation,
    Message,
    ModerationLog,
    ProfessionalProfile,
    User,
    YoungPersonProfile,
)

DELETED_MEMBER = "membre supprimé"

ACCOUNT_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "role",
    "phone",
    "language",
    "date_joined",
    "last_login",
    "is_active",
)
YOUNG_PROFILE_FIELDS = (
    "status",
    "birth_date",
    "minor_at_signup",
    "project",
    "skills",
    "help_wanted",
    "availability",
    "departement",
    "is_visible",
    "visibility_locked",
    "completed_at",
    "created_at",
    "updated_at",
)
PRO_PROFILE_FIELDS = (
    "job_title",
    "help_kinds",
    "departements",
    "remote",
    "monthly_capacity",
    "is_paused",
    "bio",
    "status",
    "status_reason",
    "reviewed_at",
    "verified_in_person",
    "verified_at",
    "created_at",
    "updated_at",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _fields(instance: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in names}


def export_member_data(user: User) -> dict[str, Any]:
    """Everything the platform keeps about ``user``, as plain JSON values.

    Only their own personal data: the people they invited appear by the details the
    member typed themselves (name and email of the invitation), other members not at all;
    never a password hash, a token or a second-factor secret.
    """
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": _fields(user, ACCOUNT_FIELDS),
        "structure": user.structure.name if user.structure_id else None,
        "avatar": bool(user.avatar),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.all()
        ],
        "two_factor_authentication": user.authenticator_set.exists(),
        "consents": [
            {
                "document": consent.document,
                "version": consent.version,
                "accepted_at": consent.accepted_at.isoformat(),
            }
            for consent in Consent.objects.filter(user=user).order_by("accepted_at")
        ],
    }
    young = YoungPersonProfile.objects.select_related("sector").filter(user=user)
    young = young.first()
    if young is not None:
        data["young_person_profile"] = {
            **_fields(young, YOUNG_PROFILE_FIELDS),
            "sector": young.sector.name if young.sector else None,
        }
    pro = ProfessionalProfile.objects.select_related("company").filter(user=user).first()
    if pro is not None:
        data["professional_profile"] = {
            **_fields(pro, PRO_PROFILE_FIELDS),
            "company": pro.company.name if pro.company else None,
            "sectors": [sector.name for sector in pro.sectors.all()],
        }
    data["invitations_sent"] = [
        {
            "kind": invitation.kind,
            "email": invitation.email,
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "structure": invitation.structure.name,
            "sent_at": invitation.sent_at.isoformat(),
            "accepted": invitation.accepted_at is not None,
            "revoked": invitation.revoked_at is not None,
        }
        for invitation in Invitation.objects.filter(invited_by=user).select_related("structure")
    ]
    data["moderation_log"] = [
        {
            "action": row.action,
            "reason": row.reason,
            "created_at": row.created_at.isoformat(),
        }
        for row in _moderation_rows_about(user)
    ]
    # The messages they wrote, as typed (a message removed by the moderation says so).
    data["messages_written"] = [
        {
            "request": message.request_id,
            "body": message.body,
            "created_at": message.created_at.isoformat(),
            "hidden_by_moderation": message.hidden_at is not None,
        }
        for message in Message.objects.filter(author=user).order_by("created_at", "pk")
    ]
    return data


def _moderation_rows_about(user: User) -> models.QuerySet[ModerationLog]:
    """Moderation decisions whose target is the account or one of its profiles."""
    content_types = ContentType.objects.get_for_models(
        User, YoungPersonProfile, ProfessionalProfile
    )
    targets = Q(content_type=content_types[User], object_id=str(user.pk))
    for model in (YoungPersonProfile, ProfessionalProfile):
        ids = [str(pk) for pk in model.objects.filter(user=user).values_list("pk", flat=True)]
        if ids:
            targets |= Q(content_type=content_types[model], object_id__in=ids)
    return ModerationLog.objects.filter(targets).order_by("created_at")


def is_last_active_referent(user: User) -> bool:
    if user.role != Role.REFERENT or not user.structure_id:
        return False
    return (
        not User.objects.filter(role=Role.REFERENT, structure_id=user.structure_id, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


def moderator_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.MODERATOR) | Q(is_superuser=True))
        .values_list("email", flat=True)
    )


def _structure_admin_url(user: User) -> str:
    try:
        path = reverse("wagtailsnippets_network_structure:edit", args=[user.structure_id])
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


@transaction.atomic
def delete_member(user: User, *, inactive: bool = False) -> None:
    """Delete ``user``'s account and every piece of personal data tied to it.

    The profile (young person or professional), consents, email addresses and second
    factor go with the account (database cascades); the avatar file is removed.
    Invitations they sent are kept for their structure with ``invited_by`` empty, and
    moderation log rows about them lose the name they showed (the decision stays
    auditable). Conversations (issue 4) must keep their messages for the other side and
    show the author as "deleted member": point their author foreign keys at the user
    with ``on_delete=SET_NULL`` and render an empty author as :data:`DELETED_MEMBER`.

    A referent may leave even when they are the last active referent of their
    structure: the moderators are told by email, so that they can appoint another one.
    A goodbye email goes to the address of the account (``inactive`` says it was the
    inactivity purge, not the member, who deleted it).
    """
    if is_last_active_referent(user):
        recipients = moderator_emails()
        if recipients:
            send_later(
                recipients,
                "privacy_referent_left",
                {"structure": user.structure.name, "admin_url": _structure_admin_url(user)},
                settings.LANGUAGE_CODE,
            )
    targets = _moderation_rows_about(user)
    targets.update(target_repr=DELETED_MEMBER)
    send_later(
        user.email,
        "privacy_account_deleted",
        {"first_name": user.first_name, "inactive": inactive},
        user.language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    avatar = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage if user.avatar else None
    user.delete()
    if avatar and storage is not None:
        transaction.on_commit(lambda: storage.delete(avatar))
