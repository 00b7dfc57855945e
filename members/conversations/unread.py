"""What each person has read of the conversations: read markers and unread counts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from members import dashboard_cache
from members.enums import Role
from members.models import HelpRequest, Message, ReadMarker, User


def mark_read_at(user: User, help_request: HelpRequest, when: datetime.datetime) -> None:
    # One query: insert, or move the existing marker.
    ReadMarker.objects.bulk_create(
        [ReadMarker(user=user, request=help_request, read_at=when)],
        update_conflicts=True,
        unique_fields=["user", "request"],
        update_fields=["read_at"],
    )
    if user.role == Role.COUNSELLOR:  # their dashboard lists the conversations to read
        dashboard_cache.outdate_structure(help_request.structure_id)


def mark_read(user: User, help_request: HelpRequest) -> None:
    """``user`` opened the conversation (nothing to do while it is empty)."""
    if help_request.last_message_at is not None:
        mark_read_at(user, help_request, timezone.now())


def read_marker_of(user: User, request_ref: str) -> Subquery:
    """When ``user`` last read the request ``request_ref`` points at (None: never)."""
    return Subquery(
        ReadMarker.objects.filter(user_id=user.pk, request_id=OuterRef(request_ref)).values(
            "read_at"
        )[:1]
    )


def _unread_messages(user: User) -> QuerySet:
    """Messages by others, not hidden, after ``user``'s marker on their request."""
    return (
        Message.objects.filter(hidden_at=None)
        .exclude(author_id=user.pk)
        .annotate(marker=read_marker_of(user, "request_id"))
        .filter(Q(marker=None) | Q(created_at__gt=F("marker")))
    )


def unread_count(user: User, help_request: HelpRequest) -> int:
    if help_request.last_message_at is None:
        return 0
    return _unread_messages(user).filter(request_id=help_request.pk).count()


def unread_by_request(user: User, request_ids: Iterable[int]) -> dict[int, int]:
    """{request id: unread messages} for the requests that have some (one query)."""
    ids = list(request_ids)
    if not ids:
        return {}
    rows = (
        _unread_messages(user)
        .filter(request_id__in=ids)
        .order_by()
        .values("request_id")
        .annotate(count=Count("pk"))
    )
    return {row["request_id"]: row["count"] for row in rows}


def conversations_to_read(user: User) -> QuerySet:
    """The requests ``user`` sees whose conversation moved since they last read it.

    A message the person wrote moves their own marker to it, so a conversation whose last
    message is theirs is not listed. Most recent first.
    """
    return (
        HelpRequest.objects.visible_to(user)
        .filter(last_message_at__isnull=False)
        .annotate(marker=read_marker_of(user, "pk"))
        .filter(Q(marker=None) | Q(marker__lt=F("last_message_at")))
        .order_by("-last_message_at")
    )


def annotate_unread(user: User, *groups: Iterable[HelpRequest]) -> None:
    """Set ``unread_count`` on every request of ``groups`` (lists shown on one page), with
    one query for all of them. A request without messages has none unread (as in
    :func:`unread_count`): only the others are counted."""
    rows = [help_request for group in groups for help_request in group]
    counts = unread_by_request(
        user, {help_request.pk for help_request in rows if help_request.last_message_at}
    )
    for help_request in rows:
        help_request.unread_count = counts.get(help_request.pk, 0)
