"""A professional's capacity this month, kept as a counter on their profile.

Capacity left this month = ``monthly_capacity`` − the requests sent to them since the
first day of the current month (Europe/Paris). Counting those requests per professional
(a COUNT subquery per row) made the directory and the suggestions slow, so the profile
keeps ``capacity_month`` (first day of the month counted) and ``sent_in_month``:

- :func:`count_sent` adds one when a request becomes ``sent``, in the transaction of
  that transition and under the lock of the profile row (members.requests.services);
  the first request of a new month starts the counter again at 1;
- nothing is ever taken off: a request sent this month uses a place whatever becomes of
  it next (declined, withdrawn, expired, closed), as it always did;
- reading it needs no other table: ``ProfessionalProfile.objects.with_capacity_left()``
  (one Case/When on the row) or ``profile.capacity_left_this_month()``.

:func:`recount` rebuilds every counter from the requests with one UPDATE (the data
migration 0010, the demo and the bench, which write requests directly, call it).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, IntegerField, Model, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models.profiles import capacity_month_of


def month_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """First instant of the current month in the site's time zone (an aware datetime)."""
    day = capacity_month_of(now)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def next_month_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """First instant of the next month in the site's time zone (an aware datetime)."""
    day = (capacity_month_of(now) + datetime.timedelta(days=32)).replace(day=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def count_sent(profile: Model, now: datetime.datetime | None = None) -> None:
    """One more request sent to ``profile``'s professional this month.

    The caller holds the row's lock (SELECT … FOR UPDATE) and checked the capacity with
    the values it read under it; ``profile`` is updated too.
    """
    from members.directory.services import outdate_results

    month = capacity_month_of(now)
    queryset = type(profile)._default_manager.filter(pk=profile.pk)
    if profile.capacity_month == month:
        queryset.update(sent_in_month=F("sent_in_month") + 1)
        profile.sent_in_month += 1
    else:
        queryset.update(capacity_month=month, sent_in_month=1)
        profile.capacity_month, profile.sent_in_month = month, 1
    outdate_results()  # the directory orders by capacity left


def recount(
    profile_model: type[Model] | None = None,
    request_model: type[Model] | None = None,
    now: datetime.datetime | None = None,
    using: str = "default",
    **filters,
) -> int:
    """Set every counter (or those of the profiles ``filters`` select) to the requests
    sent this month, in ONE UPDATE with a subquery; the number of profiles updated.

    ``profile_model`` / ``request_model``: the historical models in a migration.
    """
    if profile_model is None or request_model is None:
        from members.models import HelpRequest, ProfessionalProfile

        profile_model = profile_model or ProfessionalProfile
        request_model = request_model or HelpRequest
    start = month_start(now)
    next_month = next_month_start(now)
    sent = (
        request_model._default_manager.using(using)
        .filter(professional_id=OuterRef("user_id"), sent_at__gte=start, sent_at__lt=next_month)
        .order_by()
        .values("professional_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    from members.directory.services import outdate_results

    updated = (
        profile_model._default_manager.using(using)
        .filter(**filters)
        .update(
            capacity_month=start.date(),
            sent_in_month=Coalesce(Subquery(sent, output_field=IntegerField()), Value(0)),
        )
    )
    outdate_results()
    return updated
