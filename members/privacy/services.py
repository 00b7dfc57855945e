"""A member's data: what they can download, and how an account disappears (GDPR)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from members.conversations.masking import hide_contacts, masks_contacts
from members.models import (
    Consent,
    HelpRequest,
    HelpRequestTransition,
    Invitation,
    Message,
    ModerationLog,
    Notification,
    ProfessionalProfile,
    Report,
    User,
    YoungPersonProfile,
)
from members.privacy.erasure import DELETED_MEMBER
from network.models import VolunteerAnswer

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
            "structure": invitation.inviting_name,
            "sent_at": invitation.sent_at.isoformat(),
            "accepted": invitation.accepted_at is not None,
            "revoked": invitation.revoked_at is not None,
        }
        for invitation in Invitation.objects.filter(invited_by=user).select_related(
            "structure", "company"
        )
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
    data["invitations_received"] = [
        {
            "kind": invitation.kind,
            "email": invitation.email,
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "birth_date": _plain(invitation.birth_date),
            "structure": invitation.inviting_name,
            "sent_at": invitation.sent_at.isoformat(),
            "accepted_at": _plain(invitation.accepted_at),
        }
        for invitation in Invitation.objects.filter(
            Q(accepted_by=user) | Q(email__iexact=user.email)
        ).select_related("structure", "company")
    ]
    data["requests"] = [_request_data(help_request, user) for help_request in _requests_of(user)]
    data["request_actions"] = [
        {
            "request": step.request_id,
            "action": step.name,
            "from_state": step.from_state,
            "to_state": step.to_state,
            "reason": step.reason,
            "created_at": step.created_at.isoformat(),
        }
        for step in HelpRequestTransition.objects.filter(actor=user).order_by("created_at", "pk")
    ]
    data["notifications"] = [
        {
            "event": notification.event,
            "text": notification.text,
            "url": notification.url,
            "created_at": notification.created_at.isoformat(),
            "read_at": _plain(notification.read_at),
            "emailed_at": _plain(notification.emailed_at),
        }
        for notification in Notification.objects.filter(recipient=user).order_by("created_at")
    ]
    # The reports they made. Reports made by others about them are the moderators' records
    # of other people's words: the moderation log above says what was decided about them.
    data["reports_made"] = [
        {
            "reason": report.reason,
            "text": report.text,
            "about": "message" if report.message_id else "member",
            "created_at": report.created_at.isoformat(),
            "resolved_at": _plain(report.resolved_at),
        }
        for report in Report.objects.filter(reporter=user).order_by("created_at")
    ]
    data["sign_ins"] = _sign_ins(user)
    data["volunteer_call_answers"] = [
        {
            "call": str(answer.call.title) if answer.call else None,
            "name": answer.name,
            "company": answer.company,
            "message": answer.message,
            "created_at": answer.created_at.isoformat(),
        }
        for answer in VolunteerAnswer.objects.filter(email__iexact=user.email).select_related(
            "call"
        )
    ]
    return data


def _requests_of(user: User) -> models.QuerySet[HelpRequest]:
    """Their requests, as young person or professional, with what their page shows."""
    visible_messages = Message.objects.select_related("author").filter(
        Q(hidden_at=None) | Q(author=user)
    )
    return (
        HelpRequest.objects.filter(Q(young_person=user) | Q(professional=user))
        .select_related("young_person__young_profile", "professional", "structure")
        .prefetch_related(
            Prefetch("messages", queryset=visible_messages),
            Prefetch("transitions", queryset=HelpRequestTransition.objects.all()),
        )
        .order_by("created_at", "pk")
    )


def _request_data(help_request: HelpRequest, user: User) -> dict[str, Any]:
    """One request as its page shows it to ``user`` (a minor's contact details masked
    alike); the other member named as the page names them."""
    from members.conversations.services import author_name

    masked = masks_contacts(user, help_request)

    def shown(text: str) -> str:
        return hide_contacts(text) if masked and text else text

    mine_as_young = help_request.young_person_id == user.pk
    other = help_request.professional if mine_as_young else help_request.young_person
    return {
        "id": help_request.pk,
        "my_side": "young_person" if mine_as_young else "professional",
        "other_member": author_name(other, user) if other else DELETED_MEMBER,
        "structure": help_request.structure.name if help_request.structure else None,
        "kind": help_request.kind,
        "state": help_request.state,
        "offered_by_professional": help_request.offered_by_professional,
        "hopes": shown(help_request.hopes),
        "availability": shown(help_request.availability),
        "counsellor_comment": help_request.counsellor_comment,
        "decline_reason": help_request.decline_reason,
        "decline_text": shown(help_request.decline_text),
        "close_reason": help_request.close_reason,
        "outcome": help_request.outcome,
        "young_feedback": shown(help_request.young_feedback),
        "professional_feedback": shown(help_request.professional_feedback),
        "follow_up_outcome": help_request.follow_up_outcome,
        "created_at": help_request.created_at.isoformat(),
        "sent_at": _plain(help_request.sent_at),
        "answered_at": _plain(help_request.answered_at),
        "completed_at": _plain(help_request.completed_at),
        "counsellor_asked_at": _plain(help_request.counsellor_asked_at),
        "timeline": [
            {
                "action": step.name,
                "from_state": step.from_state,
                "to_state": step.to_state,
                "reason": shown(step.reason),
                "created_at": step.created_at.isoformat(),
            }
            for step in help_request.transitions.all()
        ],
        "messages": [
            {
                "author": "me"
                if message.author_id == user.pk
                else author_name(message.author, user),
                "body": message.body if message.author_id == user.pk else shown(message.body),
                "created_at": message.created_at.isoformat(),
            }
            for message in help_request.messages.all()
        ],
    }


def _sign_ins(user: User) -> dict[str, list[dict[str, Any]]]:
    """django-axes' records of sign-ins and failed attempts with their address."""
    from axes.models import AccessFailureLog, AccessLog

    def rows(model, fields):
        queryset = model.objects.filter(username__iexact=user.email).order_by("attempt_time")
        return [{field: _plain(getattr(row, field)) for field in fields} for row in queryset]

    return {
        "sign_ins": rows(AccessLog, ("attempt_time", "logout_time", "ip_address", "user_agent")),
        "failed_attempts": rows(
            AccessFailureLog, ("attempt_time", "ip_address", "user_agent", "locked_out")
        ),
    }


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
