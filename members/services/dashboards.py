"""The request panels of the dashboards: what each member has to do about requests.

Each panel is one aggregate query for its figures and one bounded query for its list, so
a dashboard costs the same number of queries for 3 requests as for 30,000. The lists are
read through ``HelpRequest.objects.visible_to(user)`` like every other request view.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.enums import OPEN_REQUEST_STATES, HelpRequestState, ReviewStatus
from members.models import HelpRequest, ProfessionalProfile, User, YoungPersonProfile
from members.services.messages import conversations_to_read, read_marker_of
from members.services.requests import stale_since

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
    :func:`members.services.messages.conversations_to_read` decides it (one subquery, no
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
        .order_by("-updated_at", "-pk")[:LIST_LIMIT]
    )
    for help_request in open_requests:
        help_request.next_step = _young_next_step(help_request, now)
    follow_ups = list(
        mine.filter(state=S.COMPLETED, follow_up_sent_at__isnull=False, follow_up_outcome="")
        .select_related("professional")
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
        if help_request.state == S.DRAFT:
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


# What the counsellor's lists show of a request (dashboard/includes/request_item.html and
# the open requests under each young person): a whole request with its two people is about
# 80 columns, and compiling and reading them was most of the dashboard's time.
COUNSELLOR_ITEM_FIELDS = (
    "kind",
    "state",
    "young_person",
    "sent_at",
    "answered_at",
    "last_message_at",
    "young_person__first_name",
    "young_person__last_name",
    "professional__first_name",
    "professional__last_name",
)


def counsellor_panels(user: User) -> dict[str, Any]:
    """My young people and their open requests, requests awaiting my validation, requests
    without an answer for more than 7 days, conversations to read, outcomes to record."""
    if not user.structure_id:
        return {}
    now = timezone.now()
    requests = (
        HelpRequest.objects.visible_to(user)
        .select_related("young_person", "professional")
        .only(*COUNSELLOR_ITEM_FIELDS)
    )
    follow_up, long_accepted = _outcomes_filter(now)
    awaiting, awaiting_count = _bounded(
        requests.filter(state=S.AWAITING_COUNSELLOR).order_by("updated_at", "pk")
    )
    stale, stale_count = _bounded(
        requests.filter(state=S.SENT, sent_at__lt=stale_since()).order_by("sent_at", "pk")
    )
    for help_request in stale:
        help_request.days_waiting = _days_since(help_request.sent_at, now)
    follow_ups, follow_up_count = _bounded(
        requests.filter(follow_up).order_by("follow_up_sent_at", "pk")
    )
    long_requests, long_count = _bounded(
        requests.filter(long_accepted).order_by("answered_at", "pk")
    )
    for help_request in long_requests:
        help_request.days_accepted = _days_since(help_request.answered_at, now)
    to_read, to_read_count = _bounded(
        conversations_to_read(user)
        .select_related("young_person", "professional")
        .only(*COUNSELLOR_ITEM_FIELDS)
        .order_by("-last_message_at", "-pk")
    )
    return {
        "awaiting_requests": awaiting,
        "awaiting_count": awaiting_count,
        "stale_requests": stale,
        "stale_count": stale_count,
        "to_read": to_read,
        "to_read_count": to_read_count,
        "follow_up_requests": follow_ups,
        "follow_up_count": follow_up_count,
        "long_accepted_requests": long_requests,
        "long_accepted_count": long_count,
        **_my_young_people(user),
    }


def _my_young_people(user: User) -> dict[str, Any]:
    """The young people this counsellor follows, each with their open requests."""
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
    profiles, total = _bounded(
        mine.annotate(has_open=Exists(open_requests))
        .select_related("user")
        .only("user__first_name", "user__last_name")
        .order_by("-has_open", "user__first_name", "user__last_name", "pk")
    )
    by_person: dict[int, list[HelpRequest]] = defaultdict(list)
    if profiles:
        for help_request in (
            HelpRequest.objects.visible_to(user)
            .filter(young_person_id__in=[p.user_id for p in profiles])
            .open()
            .select_related("professional")
            .only(
                "kind",
                "state",
                "young_person",
                "professional__first_name",
                "professional__last_name",
            )
            .order_by("created_at", "pk")
        ):
            by_person[help_request.young_person_id].append(help_request)
    for profile in profiles:
        profile.open_requests = by_person.get(profile.user_id, [])
    return {"my_young_people": profiles, "my_young_people_count": total}
