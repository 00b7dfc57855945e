"""The request panels of the dashboards: what each member has to do about requests.

Each panel is one aggregate query for its figures and one bounded query for its list, so
a dashboard costs the same number of queries for 3 requests as for 30,000. The lists are
read through ``HelpRequest.objects.visible_to(user)`` like every other request view.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.conversations.unread import conversations_to_read, read_marker_of
from members.enums import OPEN_REQUEST_STATES, HelpRequestState, ReviewStatus
from members.models import HelpRequest, ProfessionalProfile, User, YoungPersonProfile
from members.requests.services import stale_days, stale_since

LIST_LIMIT = 10
# An accepted coup de pouce that lasts longer than this probably happened: the counsellor
# asks what came of it.
ACCEPTED_FOR_LONG = datetime.timedelta(days=30)

S = HelpRequestState


@dataclass(frozen=True)
class Todo:
    """One thing to do now, with the page where it is done."""

    text: str
    url: str = ""


# Conversations to read ------------------------------------------------------------------


# A message came after the person last read the conversation (or they never opened it).
UNREAD = Q(last_message_at__isnull=False) & (
    Q(read_at__isnull=True) | Q(last_message_at__gt=F("read_at"))
)


def with_unread(requests: QuerySet, user: User) -> QuerySet:
    """``requests`` annotated with ``has_unread`` for ``user``, as
    :func:`members.conversations.unread.conversations_to_read` decides it (one subquery, no
    count of messages: the request keeps the date of its last message)."""
    return requests.annotate(read_at=read_marker_of(user, "pk")).annotate(
        has_unread=ExpressionWrapper(UNREAD, output_field=BooleanField())
    )


def _days_since(moment: datetime.datetime | None, now: datetime.datetime) -> int:
    return (now - moment).days if moment else 0


# Young person ---------------------------------------------------------------------------


def _young_next_step(help_request: HelpRequest, now: datetime.datetime) -> str:
    """What the young person does next about one open request, in one sentence."""
    pro = help_request.professional.first_name if help_request.professional else ""
    if help_request.state == S.DRAFT:
        if help_request.counsellor_comment:
            return _("Votre conseiller·ère vous a répondu : corrigez la demande puis renvoyez-la.")
        return _("C’est un brouillon : relisez-le et envoyez-le.")
    if help_request.state == S.AWAITING_COUNSELLOR:
        return _("Votre conseiller·ère relit votre demande avant de l’envoyer.")
    if help_request.state == S.SENT:
        if help_request.offered_by_professional:
            return _("%(name)s vous propose ce coup de pouce : acceptez ou déclinez.") % {
                "name": pro
            }
        days = _days_since(help_request.sent_at, now)
        if not days:
            return _("Envoyée aujourd’hui : %(name)s a 14 jours pour répondre.") % {"name": pro}
        return ngettext(
            "Envoyée il y a %(days)d jour : %(name)s a 14 jours pour répondre.",
            "Envoyée il y a %(days)d jours : %(name)s a 14 jours pour répondre.",
            days,
        ) % {"days": days, "name": pro}
    if help_request.state == S.ACCEPTED:
        return _(
            "%(name)s a accepté : échangez par messages, puis dites ce que ce coup de pouce "
            "vous a apporté."
        ) % {"name": pro}
    return ""


# What the young person's lists show of a request and its professional: the whole request
# and account are ~70 columns, and building them was a third of the dashboard's time.
YOUNG_ITEM_FIELDS = ("kind", "state", "professional__first_name", "professional__last_name")


def young_person_panels(user: User, profile: YoungPersonProfile | None) -> dict[str, Any]:
    """My requests by state, the open ones with what to do next, and the to-do list."""
    now = timezone.now()
    mine = HelpRequest.objects.visible_to(user)
    counts = dict(mine.order_by().values_list("state").annotate(total=Count("pk")))
    by_state = [
        {"state": state, "label": state.label, "count": counts[state.value]}
        for state in HelpRequestState
        if counts.get(state.value)
    ]
    open_requests = list(
        with_unread(mine.open(), user)
        .select_related("professional")
        .only(*YOUNG_ITEM_FIELDS, "counsellor_comment", "offered_by_professional", "sent_at")
        .order_by("-updated_at", "-pk")[:LIST_LIMIT]
    )
    for help_request in open_requests:
        help_request.next_step = _young_next_step(help_request, now)
    follow_ups = list(
        mine.filter(state=S.COMPLETED, follow_up_sent_at__isnull=False, follow_up_outcome="")
        .select_related("professional")
        .only(*YOUNG_ITEM_FIELDS)
        .order_by("follow_up_sent_at", "pk")[:LIST_LIMIT]
    )

    todo: list[Todo] = []
    approved = profile is not None and profile.status == ReviewStatus.APPROVED
    if approved and not profile.is_complete:
        todo.append(
            Todo(
                _("Complétez votre profil pour pouvoir demander un coup de pouce."),
                reverse("members:young-profile-edit"),
            )
        )
    for help_request in open_requests:
        url = reverse("members:request-detail", kwargs={"pk": help_request.pk})
        kind = _kind(help_request)
        if help_request.state == S.DRAFT and help_request.counsellor_comment:
            todo.append(
                Todo(
                    _(
                        "Corrigez votre brouillon « %(kind)s » comme votre conseiller·ère le "
                        "demande."
                    )
                    % kind,
                    reverse("members:request-edit", kwargs={"pk": help_request.pk}),
                )
            )
        elif help_request.state == S.DRAFT:
            todo.append(Todo(_("Envoyez votre brouillon « %(kind)s ».") % kind, url))
        elif help_request.state == S.SENT and help_request.offered_by_professional:
            todo.append(Todo(_("Répondez à la proposition « %(kind)s ».") % kind, url))
        if help_request.has_unread:
            todo.append(Todo(_("Lisez les nouveaux messages « %(kind)s ».") % kind, url))
    for help_request in follow_ups:
        todo.append(
            Todo(
                _("Dites-nous ce qu’a apporté votre coup de pouce « %(kind)s ».")
                % _kind(help_request),
                reverse("members:request-detail", kwargs={"pk": help_request.pk}),
            )
        )
    if approved and profile.is_complete and not open_requests:
        todo.append(
            Todo(
                _("Demandez un coup de pouce à un·e professionnel·le qui pourrait vous aider."),
                reverse("members:directory"),
            )
        )
    return {
        "requests_by_state": by_state,
        "requests_total": sum(counts.values()),
        "open_requests": open_requests,
        "follow_ups": follow_ups,
        "todo": todo,
    }


def _kind(help_request: HelpRequest) -> dict[str, str]:
    return {"kind": help_request.get_kind_display()}


# Professional ---------------------------------------------------------------------------


def professional_panels(user: User, profile: ProfessionalProfile | None) -> dict[str, Any]:
    """Requests to answer (oldest first), capacity left this month, conversations."""
    now = timezone.now()
    received = HelpRequest.objects.visible_to(user)
    to_answer_filter = Q(state=S.SENT, offered_by_professional=False)
    figures = with_unread(received, user).aggregate(
        to_answer=Count("pk", filter=to_answer_filter),
        conversations=Count("pk", filter=Q(state=S.ACCEPTED)),
        unread=Count("pk", filter=Q(state=S.ACCEPTED) & UNREAD),
    )
    to_answer = list(
        received.filter(to_answer_filter)
        .select_related("young_person")
        .order_by("sent_at", "pk")[:LIST_LIMIT]
    )
    for help_request in to_answer:
        help_request.days_waiting = _days_since(help_request.sent_at, now)
    conversations = list(
        with_unread(received.filter(state=S.ACCEPTED), user)
        .select_related("young_person")
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")[:LIST_LIMIT]
    )
    capacity = None
    if profile is not None:
        sent = profile.sent_this_month()  # the profile's monthly counter
        capacity = {
            "monthly": profile.monthly_capacity,
            "sent": sent,
            "left": max(0, profile.monthly_capacity - sent),
        }
    return {
        "to_answer": to_answer,
        "to_answer_count": figures["to_answer"],
        "conversations": conversations,
        "conversations_count": figures["conversations"],
        "unread_count": figures["unread"],
        "capacity": capacity,
    }


# Counsellor -----------------------------------------------------------------------------


def _outcomes_filter(now: datetime.datetime) -> tuple[Q, Q]:
    follow_up = Q(state=S.COMPLETED, follow_up_sent_at__isnull=False, follow_up_outcome="")
    long_accepted = Q(state=S.ACCEPTED, answered_at__lt=now - ACCEPTED_FOR_LONG)
    return follow_up, long_accepted


def _bounded(queryset: QuerySet) -> tuple[list, int]:
    """The first LIST_LIMIT rows of ``queryset`` and how many there are in all, in one
    query (a window count is computed before the LIMIT)."""
    rows = list(queryset.annotate(total=Window(Count("pk")))[:LIST_LIMIT])
    return rows, rows[0].total if rows else 0


def _bounded_ids(queryset: QuerySet) -> tuple[list[int], int]:
    """The ids of the first LIST_LIMIT rows of ``queryset`` and how many there are."""
    rows = list(
        queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[:LIST_LIMIT]
    )
    return [pk for pk, _total in rows], rows[0][1] if rows else 0


def first_ids_of_lists(
    rows: QuerySet, orderings: dict[str, Sequence[str]], limit: int = LIST_LIMIT
) -> dict[str, tuple[list[int], int]]:
    """The ids of the first ``limit`` rows of several lists and the size of each list, in
    one query: ``{list name: (ids in order, size)}``, a list without rows left out.

    ``rows`` is a ``values()`` queryset with an "id" column and, for each ``column:
    ordering`` of ``orderings``, a column that names the list a row is in (NULL: none),
    ranked by ``ordering``: columns of ``rows``, "-" for descending, "id" last for a stable
    order. A row is in at most one list of each such column; lists of different columns
    may overlap (a minor may have an incomplete profile).

    The ORM writes this with ``Window`` annotations filtered on their position, but Django
    emulates that filter (SQL's QUALIFY) by compiling the query twice more around itself:
    ~5 ms a query on the dashboard, more than PostgreSQL took to run it. Here the ORM
    compiles ``rows`` once and the ranking around them is a few lines of SQL.
    """
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    columns, ranks, keep, in_a_list = [quote("id")], [], [], []
    for column, ordering in orderings.items():
        name, position, total = (
            quote(column),
            quote(f"{column}__position"),
            quote(f"{column}__total"),
        )
        order = ", ".join(
            f"{quote(field.removeprefix('-'))} {'DESC' if field.startswith('-') else 'ASC'}"
            for field in ordering
        )
        ranks.append(
            f"ROW_NUMBER() OVER (PARTITION BY {name} ORDER BY {order}) AS {position}, "
            f"COUNT(*) OVER (PARTITION BY {name}) AS {total}"
        )
        columns += [name, position, total]
        keep.append(f"({name} IS NOT NULL AND {position} <= {int(limit)})")
        in_a_list.append(f"{name} IS NOT NULL")
    sql, params = rows.order_by().query.get_compiler(connection=connection).as_sql()
    # Names quoted by the backend, the limit an int, values in ``params``.
    ranked = (
        f"SELECT {', '.join(columns)} FROM ("  # noqa: S608
        f"SELECT listed.*, {', '.join(ranks)} FROM ({sql}) listed"
        f" WHERE {' OR '.join(in_a_list)}) ranked WHERE {' OR '.join(keep)}"
    )
    found: dict[str, tuple[list[tuple[int, int]], int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(ranked, params)
        for pk, *lists in cursor.fetchall():
            for index in range(0, len(lists), 3):
                name, position, total = lists[index : index + 3]
                if name is not None and position <= limit:
                    found.setdefault(name, ([], total))[0].append((position, pk))
    return {
        name: ([pk for _position, pk in sorted(ranked_ids)], total)
        for name, (ranked_ids, total) in found.items()
    }


# What the counsellor's lists show of a request (dashboard/includes/counsellor_items.html and
# the open requests under each young person), with the names of its two people
# (with_people_names): a whole request with its two people is about 80 columns, and
# compiling and reading them was most of the dashboard's time.
COUNSELLOR_ITEM_FIELDS = (
    "kind",
    "state",
    "young_person",
    "sent_at",
    "answered_at",
    "last_message_at",
)


def counsellor_panels(user: User) -> dict[str, Any]:
    """My young people and their open requests, requests awaiting my validation, requests
    without an answer for more than ``stale_days``, conversations to read, outcomes to
    record."""
    if not user.structure_id:
        return {}
    now = timezone.now()
    follow_up, long_accepted = _outcomes_filter(now)
    # The lists' ids first, without joins: joined to both people, PostgreSQL read every
    # professional's account to find the few listed (~6-10 ms a list on the bench). Four
    # lists of requests in different states, each in its own order, are one query; the
    # conversations to read another; then one query reads every row listed.
    lists = {
        "awaiting": (Q(state=S.AWAITING_COUNSELLOR), "updated_at"),
        "stale": (Q(state=S.SENT, sent_at__lt=stale_since()), "sent_at"),
        "follow_up": (follow_up, "follow_up_sent_at"),
        "long": (long_accepted, "answered_at"),
    }
    matching = Q()
    for condition, _field in lists.values():
        matching |= condition  # what the (structure, state) index finds
    found = first_ids_of_lists(
        HelpRequest.objects.visible_to(user)
        .filter(matching)
        .values(
            "id",
            list_name=Case(
                *(When(condition, then=Value(name)) for name, (condition, _f) in lists.items()),
                output_field=CharField(),
            ),
            sort_key=Case(
                *(When(condition, then=F(field)) for condition, field in lists.values()),
                output_field=DateTimeField(),
            ),
        ),
        {"list_name": ["sort_key", "id"]},
    )
    ids = {name: found.get(name, ([], 0)) for name in lists}
    ids["to_read"] = _bounded_ids(conversations_to_read(user).order_by("-last_message_at", "-pk"))
    people, people_count = _my_young_people(user)
    # One query reads every request listed and the open requests of the people shown.
    followed = {profile.user_id for profile in people}
    rows = list(
        HelpRequest.objects.visible_to(user)
        .filter(
            Q(pk__in=[pk for list_ids, _count in ids.values() for pk in list_ids])
            | Q(young_person_id__in=followed, state__in=OPEN_REQUEST_STATES)
        )
        .only("created_at", *COUNSELLOR_ITEM_FIELDS)
        .with_people_names()
    )
    by_pk = {help_request.pk: help_request for help_request in rows}
    lists = {
        name: ([by_pk[pk] for pk in list_ids if pk in by_pk], count)
        for name, (list_ids, count) in ids.items()
    }
    open_requests: dict[int, list[HelpRequest]] = defaultdict(list)
    for help_request in sorted(rows, key=lambda row: (row.created_at, row.pk)):
        if help_request.state in OPEN_REQUEST_STATES and help_request.young_person_id in followed:
            open_requests[help_request.young_person_id].append(help_request)
    for profile in people:
        profile.open_requests = open_requests.get(profile.user_id, [])
    awaiting, awaiting_count = lists["awaiting"]
    stale, stale_count = lists["stale"]
    for help_request in stale:
        help_request.days_waiting = _days_since(help_request.sent_at, now)
    follow_ups, follow_up_count = lists["follow_up"]
    long_requests, long_count = lists["long"]
    for help_request in long_requests:
        help_request.days_accepted = _days_since(help_request.answered_at, now)
    to_read, to_read_count = lists["to_read"]
    return {
        "awaiting_requests": awaiting,
        "awaiting_count": awaiting_count,
        "stale_requests": stale,
        "stale_count": stale_count,
        "stale_days": stale_days(),
        "to_read": to_read,
        "to_read_count": to_read_count,
        "follow_up_requests": follow_ups,
        "follow_up_count": follow_up_count,
        "long_accepted_requests": long_requests,
        "long_accepted_count": long_count,
        "my_young_people": people,
        "my_young_people_count": people_count,
    }


def _my_young_people(user: User) -> tuple[list[YoungPersonProfile], int]:
    """The first young people this counsellor follows, and how many they follow."""
    mine = YoungPersonProfile.objects.filter(
        counsellor=user,
        user__structure_id=user.structure_id,
        user__is_active=True,
        status=ReviewStatus.APPROVED,
    )
    open_requests = HelpRequest.objects.filter(
        young_person_id=OuterRef("user_id"), state__in=OPEN_REQUEST_STATES
    )
    # Those with something going on first: that is where the counsellor looks.
    return _bounded(
        mine.annotate(has_open=Exists(open_requests))
        .select_related("user")
        .only("user__first_name", "user__last_name")
        .order_by("-has_open", "user__first_name", "user__last_name", "pk")
    )
