"""Reports of a message or a profile, sent to the moderation team (DESIGN.md, "Minors and
safety")."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from config.site_url import absolute_url
from members.conversations.services import ConversationError
from members.emails import send_later
from members.enums import ReportReason, Role
from members.models import HelpRequest, Message, Report, User


class AlreadyReportedError(ConversationError):
    """The person already reported this message or this profile."""


def readable_messages(user: User) -> QuerySet:
    """The messages ``user`` may read: those of the requests they see."""
    return Message.objects.filter(request__in=HelpRequest.objects.visible_to(user))


def _check_reason(reason: str) -> None:
    if reason not in ReportReason.values:
        raise ConversationError(_("Choisissez un motif."))


def report_message(user: User, message: Message, reason: str, text: str = "") -> Report:
    """``user`` reports ``message`` (not their own, once); moderators are told."""
    if message.author_id == user.pk:
        raise ConversationError(_("Vous ne pouvez pas signaler votre propre message."))
    _check_reason(reason)
    if Report.objects.filter(reporter=user, message=message).exists():
        raise AlreadyReportedError(
            _("Vous avez déjà signalé ce message : l’équipe de modération s’en occupe.")
        )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=user,
                message=message,
                reason=reason,
                text=text.strip(),
            )
            _tell_moderators(report)
    except IntegrityError as error:  # the same report sent from two tabs at once
        raise AlreadyReportedError(
            _("Vous avez déjà signalé ce message : l’équipe de modération s’en occupe.")
        ) from error
    return report


def report_member(user: User, reported: User, reason: str, text: str = "") -> Report:
    """``user`` reports ``reported``'s profile; a second open report says so."""
    if reported.pk == user.pk:
        raise ConversationError(_("Vous ne pouvez pas vous signaler vous-même."))
    _check_reason(reason)
    with transaction.atomic():
        # The reporter's row serialises their reports: two tabs make one report.
        User.objects.select_for_update(no_key=True).filter(pk=user.pk).first()
        if Report.objects.filter(
            reporter=user, reported_user=reported, message=None, resolved_at=None
        ).exists():
            raise AlreadyReportedError(
                _("Vous avez déjà signalé ce profil : l’équipe de modération s’en occupe.")
            )
        report = Report.objects.create(
            reporter=user, reported_user=reported, reason=reason, text=text.strip()
        )
        _tell_moderators(report)
    return report


def _tell_moderators(report: Report) -> None:
    """One email to each active moderator, in their language; no content of the report
    (it may hold a minor's details): the admin shows it."""
    moderators = User.objects.filter(is_active=True).filter(
        Q(role=Role.MODERATOR) | Q(is_superuser=True)
    )
    for moderator in moderators.only("email", "language"):
        language = moderator.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "reason": str(ReportReason(report.reason).label),
                "is_message": report.message_id is not None,
                "url": absolute_url(reverse("wagtailadmin_home")),
            }
        send_later(moderator.email, "report_received", context, language)
