"""What moderators do with reports, and which requests are stuck (DESIGN.md, "Minors and
safety": moderators see the reports in the admin; every action audited).

Each decision locks the rows it changes, checks it still makes sense (two moderators at
once: one wins, the other gets a clear message) and writes a
:class:`~members.models.ModerationLog` row in the same transaction.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import HelpRequestState, ModerationAction
from members.models import HelpRequest, Message, ModerationLog, Report, User
from members.moderation.services import ModerationError


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ModerationError(message)
    return text


def _close(report: Report, moderator: User, note: str, now: datetime.datetime) -> None:
    report.resolved_at = now
    report.resolved_by = moderator
    report.resolution = note
    report.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    ModerationLog.record(moderator, ModerationAction.RESOLVE_REPORT, report, note)


@transaction.atomic
def resolve_report(report: Report, moderator: User, reason: str = "") -> Report:
    """Mark the report handled, with what was done about it."""
    note = _required(reason, _("Dites ce qui a été fait de ce signalement."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at is not None:
        raise ModerationError(_("Ce signalement est déjà traité."))
    _close(report, moderator, note, timezone.now())
    return report


@transaction.atomic
def hide_reported_message(report: Report, moderator: User, reason: str = "") -> Message:
    """Hide the reported message from the conversation (the participants see that a
    message was removed) and close every open report of it with the same note."""
    note = _required(reason, _("Dites pourquoi ce message est masqué."))
    if report.message_id is None:
        raise ModerationError(_("Ce signalement concerne un profil, pas un message."))
    message = Message.objects.select_for_update().get(pk=report.message_id)
    if message.hidden_at is not None:
        raise ModerationError(_("Ce message est déjà masqué."))
    now = timezone.now()
    message.hidden_at = now
    message.save(update_fields=["hidden_at"])
    ModerationLog.record(moderator, ModerationAction.HIDE_MESSAGE, message, note)
    for open_report in Report.objects.select_for_update().filter(
        message=message, resolved_at__isnull=True
    ):
        _close(open_report, moderator, note, now)
    return message


# Stuck requests ---------------------------------------------------------------------------


def stuck_days() -> dict[str, int]:
    """{kind: days}: how long a request stays where somebody must act before it is stuck
    (settings.REQUEST_ESCALATION): sent without the professional's answer, awaiting the
    counsellor's validation, accepted and never completed."""
    escalation = settings.REQUEST_ESCALATION
    return {kind: escalation[f"stuck_{kind}_days"] for kind in ("sent", "awaiting", "accepted")}


def stuck_filters(now: datetime.datetime | None = None) -> dict[str, Q]:
    """{kind: condition} for each kind of :func:`stuck_days`. A transition sets
    ``updated_at``: it says since when a request awaits the counsellor (nothing else
    changes a request in that state)."""
    now = now or timezone.now()
    since = {kind: now - datetime.timedelta(days=days) for kind, days in stuck_days().items()}
    return {
        "sent": Q(state=HelpRequestState.SENT, sent_at__lt=since["sent"]),
        "awaiting": Q(state=HelpRequestState.AWAITING_COUNSELLOR, updated_at__lt=since["awaiting"]),
        "accepted": Q(state=HelpRequestState.ACCEPTED, answered_at__lt=since["accepted"]),
    }


def stuck(requests: QuerySet, kind: str = "") -> QuerySet:
    """The stuck requests among ``requests``: of one kind, or of any."""
    filters = stuck_filters()
    if kind:
        return requests.filter(filters[kind])
    condition = Q()
    for part in filters.values():
        condition |= part
    return requests.filter(condition)


def stuck_counts() -> dict[str, int]:
    """How many requests are stuck, by kind, in one query over the open states only."""
    filters = stuck_filters()
    return HelpRequest.objects.filter(
        state__in=[
            HelpRequestState.SENT,
            HelpRequestState.AWAITING_COUNSELLOR,
            HelpRequestState.ACCEPTED,
        ]
    ).aggregate(**{kind: Count("pk", filter=condition) for kind, condition in filters.items()})


def reports_to_handle() -> int:
    return Report.objects.filter(resolved_at__isnull=True).count()
