"""How long a finished coup de pouce keeps its people and its words.

A request closed (completed, declined, expired, withdrawn, closed) and untouched for
``RETENTION_CLOSED_REQUESTS_MONTHS`` months (24 by default; 0 keeps them for ever) is
anonymised by :func:`anonymise_closed_requests`, which ``manage.py purge_inactive_members``
runs daily:

- its messages, read markers and notifications are deleted (with the reports on those
  messages, all resolved: see below), and the moderation log's rows about those messages
  lose their excerpt;
- the request keeps its kind, state, outcomes, decline reason (a choice), dates and
  structure, and loses its young person, its professional and every free text; its
  transition log keeps states and dates, without actor or reason.

Anonymised rather than deleted: the public figures (home page: coups de pouce given), the
structures' dashboards and the outcomes count the requests by state, kind and outcome,
and would change if old rows disappeared. A professional's response rate counts only the
requests still linked to them, so the last 24 months.

A request with a message under a report nobody handled yet waits for the moderators.

Batch by batch (``BATCH_SIZE`` requests a transaction, walked by primary key), so that the
first run over years of data holds no long lock and loads nothing whole; the rows of a
batch are locked with SKIP LOCKED, so that two runs at once share the work, and a row
done is not picked again, so a second run finds nothing to do.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from members import dashboard_cache
from members.enums import HelpRequestState
from members.models import (
    HelpRequest,
    HelpRequestTransition,
    Message,
    ModerationLog,
    Notification,
    ReadMarker,
    Report,
)

BATCH_SIZE = 500
CLOSED_STATES = (
    HelpRequestState.COMPLETED,
    HelpRequestState.DECLINED,
    HelpRequestState.EXPIRED,
    HelpRequestState.WITHDRAWN,
    HelpRequestState.CLOSED,
)
ERASED_MESSAGE = "message supprimé"


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Requests closed before this are anonymised; None when retention is off."""
    months = settings.RETENTION_CLOSED_REQUESTS_MONTHS
    if months <= 0:
        return None
    return months_before(now or timezone.now(), months)


def _due(cutoff: datetime.datetime) -> QuerySet[HelpRequest]:
    """Closed before ``cutoff``, not anonymised yet, no open report on its messages."""
    open_report = Report.objects.filter(message__request=OuterRef("pk"), resolved_at=None)
    anonymised = Q(young_person=None, professional=None, hopes="", last_message_at=None)
    return (
        HelpRequest.objects.filter(state__in=CLOSED_STATES, updated_at__lt=cutoff)
        .exclude(anonymised)
        .exclude(Exists(open_report))
    )


def anonymise_closed_requests(
    now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Apply the retention limit; returns how many requests were anonymised."""
    cutoff = retention_cutoff(now)
    if cutoff is None:
        return 0
    due = _due(cutoff)
    message_type = ContentType.objects.get_for_model(Message)
    done = 0
    last = 0
    while True:
        with transaction.atomic():
            ids = list(
                due.filter(pk__gt=last)
                .order_by("pk")
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                return done
            last = ids[-1]
            messages = Message.objects.filter(request_id__in=ids)
            message_ids = [str(pk) for pk in messages.values_list("pk", flat=True)]
            if message_ids:
                ModerationLog.objects.filter(
                    content_type=message_type, object_id__in=message_ids
                ).update(target_repr=ERASED_MESSAGE, reason="")
            Report.objects.filter(message__request_id__in=ids).delete()
            messages.delete()
            ReadMarker.objects.filter(request_id__in=ids).delete()
            Notification.objects.filter(help_request_id__in=ids).delete()
            HelpRequestTransition.objects.filter(request_id__in=ids).update(actor=None, reason="")
            # A plain UPDATE: ``updated_at`` keeps the day the request was closed.
            HelpRequest.objects.filter(pk__in=ids).update(
                young_person=None,
                professional=None,
                last_message_at=None,
                **dict.fromkeys(HelpRequest.FREE_TEXT_FIELDS, ""),
            )
            structures = set(
                HelpRequest.objects.filter(pk__in=ids).values_list("structure_id", flat=True)
            )
            dashboard_cache.outdate_structure(*structures)
            done += len(ids)
