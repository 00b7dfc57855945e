"""The professionals' directory: who is listed, how available they are, how they answer.

Listed: approved professionals whose account is active
(``ProfessionalProfile.objects.approved()``). Capacity left this month is their monthly
capacity minus the requests sent to them since the first day of the current month in
Europe/Paris (whatever became of those requests); a paused professional has none. It is
read from the counter on their profile (members.directory.capacity), not counted here.
"""

from __future__ import annotations

import datetime
import hashlib
import statistics
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config import caching
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, ProfessionalProfile

PER_PAGE = 20
# Which professionals a listing finds, and in which order, is kept in the cache
# (config.caching, scope DIRECTORY) until a change to what it depends on outdates it (see
# outdate_results), a minute at most (clock=True: a month's counters start again on the
# first). With a cache per process (no Redis), another process may lag that long; each
# card's capacity and details are read live anyway.
# Enough answers to tell someone's habit; bounds the work for the busiest professionals.
RESPONSE_TIME_SAMPLE = 50
ANSWERED_STATES = (
    HelpRequestState.ACCEPTED,
    HelpRequestState.DECLINED,
    HelpRequestState.COMPLETED,
)


def with_availability(queryset: QuerySet) -> QuerySet:
    """Annotate ``availability``: ``capacity_left`` floored at 0, and 0 when paused.

    ``queryset`` comes from ``ProfessionalProfile.objects.with_capacity_left()``; both are
    read from the profile row (its monthly counter): no subquery, no join.
    """
    return queryset.annotate(
        availability=Case(
            When(is_paused=True, then=Value(0)),
            When(capacity_left__lt=0, then=Value(0)),
            default=F("capacity_left"),
            output_field=IntegerField(),
        ),
    )


def listed_professionals(now: datetime.datetime | None = None) -> QuerySet:
    """Every professional the directory may show, with what its pages display (not their
    search document: searched, never shown)."""
    return with_availability(
        ProfessionalProfile.objects.approved()
        .with_capacity_left(now)
        .defer("search_document")
        .select_related("user", "company")
        .prefetch_related("sectors")
    )


def with_capacity(queryset: QuerySet) -> QuerySet:
    """Those who can still be asked this month (``queryset`` from listed_professionals)."""
    return queryset.filter(is_paused=False, capacity_left__gt=0)


def order_for_directory(queryset: QuerySet, by_relevance: bool) -> QuerySet:
    """Most relevant first when words were typed, then most available, then by name."""
    ordering = ["-availability", "user__last_name", "user__first_name", "pk"]
    if by_relevance:
        ordering.insert(0, "-relevance")
    return queryset.order_by(*ordering)


def directory_page(queryset: QuerySet, number, ranked: bool) -> Page:
    """The page ``number`` of ``queryset`` (filtered and ordered for the directory, by
    relevance when ``ranked``), its ``object_list`` the page's full rows, as
    ``Paginator.get_page`` would give it.

    Finding and ordering the listed professionals is what costs (every one of them is
    ranked or sorted by availability), so the count and the page's ids are kept in the
    cache under the listing's SQL (filters, words, month) and the DIRECTORY scope; the
    page's rows are then read by id, live.
    """
    paginator = Paginator(queryset.values_list("pk", flat=True), PER_PAGE)
    key = _results_key(paginator.object_list, number, ranked)
    found = caching.get(key)
    if found is None:
        found = _find_page(queryset, paginator, number, ranked)
        caching.store(key, found, clock=True)
    count, page_number, page_ids = found
    paginator.count = count  # a cached_property: the paginator will not count again
    page = paginator.page(page_number)
    rows = listed_professionals().only(*CARD_FIELDS).in_bulk(page_ids)
    page.object_list = [rows[pk] for pk in page_ids if pk in rows]
    return page


# What a directory card shows (members/directory/includes/card.html): a whole profile with
# its account and company is ~50 columns, and building them was most of reading a page.
CARD_FIELDS = (
    "job_title",
    "help_kinds",
    "verified_in_person",
    "departements",
    "remote",
    "is_paused",
    "status",
    "user__first_name",
    "user__last_name",
    "user__avatar",
    "company__name",
)


def _find_page(queryset: QuerySet, paginator: Paginator, number, ranked: bool) -> tuple:
    """(count, page number, the page's ids): what directory_page keeps.

    Sorting every listed professional on their ids alone is cheap, while sorting the wide
    rows (bio, account, company) is not. Filters alone: a COUNT, then the page's ids.
    Words typed: matching and ranking cost most, so they are done once: one query finds
    the page's ids and, in a window over the same rows, how many there are. (Without
    words, that window would make PostgreSQL join every listed professional to their
    account: the separate COUNT is cheaper.)
    """
    if ranked:
        wanted = _page_number(number)
        if wanted >= 1:
            bottom = (wanted - 1) * PER_PAGE
            rows = list(
                queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                    bottom : bottom + PER_PAGE
                ]
            )
            if rows:
                return rows[0][1], wanted, [pk for pk, _total in rows]
        # Past the last page (or below 1): the paginator resolves it once it has counted.
    page = paginator.get_page(number)
    return paginator.count, page.number, list(page.object_list)


def _results_key(ids: QuerySet, number, ranked: bool) -> str:
    sql, params = ids.query.sql_with_params()
    return results_key("directory", sql, params, number, ranked)


def results_key(name: str, *parts) -> str:
    """A cache key for what ``parts`` select among the professionals, valid until any of
    them changes (outdate_results); the directory's listings and the suggestions."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return caching.make_key(name, [digest], scopes=(caching.DIRECTORY,))


def outdate_results(*args, **kwargs) -> None:
    """Every cached listing is outdated (config.caching: now, and again on commit)."""
    caching.outdate(caching.DIRECTORY)


def _page_number(number) -> int:
    """``number`` as Paginator.get_page reads it: 1 when it is not a whole number."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        return int(number)
    except (TypeError, ValueError):
        return 1


_KINDS = frozenset(HelpKind.values)


def offered_kind_values(profile: ProfessionalProfile) -> list[str]:
    """The kinds of coup de pouce one may ask them for (HelpKind values).

    Hosting is offered only by professionals a moderator verified for it (DESIGN.md).
    """
    return [
        kind
        for kind in profile.help_kinds
        if kind in _KINDS and (kind != HelpKind.HOSTING or profile.verified_in_person)
    ]


def offered_kinds(profile: ProfessionalProfile) -> list[str]:
    """Labels of the kinds of coup de pouce one may ask them for."""
    return [HelpKind(kind).label for kind in offered_kind_values(profile)]


class CapacityState:
    AVAILABLE = "available"
    FULL = "full"
    PAUSED = "paused"


def capacity_state(profile: ProfessionalProfile) -> str:
    """``profile`` must carry ``capacity_left`` (``objects.with_capacity_left()``)."""
    if profile.is_paused:
        return CapacityState.PAUSED
    if profile.capacity_left <= 0:
        return CapacityState.FULL
    return CapacityState.AVAILABLE


@dataclass(frozen=True)
class ResponseStats:
    received: int  # requests whose fate is known: answered, or left to expire
    answered: int
    median_response: datetime.timedelta | None

    @property
    def rate(self) -> int | None:
        """Percentage of requests answered (accepted or declined), None without any."""
        if not self.received:
            return None
        return round(100 * self.answered / self.received)

    @property
    def response_time_text(self) -> str:
        return describe_duration(self.median_response) if self.median_response else ""


def response_stats(profile: ProfessionalProfile) -> ResponseStats:
    """How they answer. A request still waiting, withdrawn or closed before an answer
    says nothing about them; one that expired without an answer counts as unanswered."""
    answered = Q(answered_at__isnull=False) | Q(state__in=ANSWERED_STATES)
    # Their own offers are answered by young people: they say nothing of how the pro answers.
    sent = HelpRequest.objects.filter(
        professional_id=profile.user_id, sent_at__isnull=False, offered_by_professional=False
    )
    counts = sent.aggregate(
        answered=Count("pk", filter=answered),
        unanswered=Count("pk", filter=Q(state=HelpRequestState.EXPIRED) & ~answered),
    )
    delays = [
        answered_at - sent_at
        for sent_at, answered_at in sent.filter(answered_at__isnull=False)
        .order_by("-answered_at")
        .values_list("sent_at", "answered_at")[:RESPONSE_TIME_SAMPLE]
        if answered_at >= sent_at
    ]
    return ResponseStats(
        received=counts["answered"] + counts["unanswered"],
        answered=counts["answered"],
        median_response=statistics.median(delays) if delays else None,
    )


def describe_duration(delay: datetime.timedelta) -> str:
    """A delay in rounded plain words, to follow "répond en général en": "moins d’une
    heure", "quelques heures", "une demi-journée environ", "un jour environ", "3 jours
    environ", "une semaine environ", "3 semaines environ"."""
    hours = delay.total_seconds() / 3600
    if hours < 1:
        return _("moins d’une heure")
    if hours < 6:
        return _("quelques heures")
    if hours < 18:
        return _("une demi-journée environ")
    if hours < 36:
        return _("un jour environ")
    days = round(hours / 24)
    if days < 7:
        return ngettext("%(count)d jour environ", "%(count)d jours environ", days) % {"count": days}
    weeks = round(days / 7)
    if weeks == 1:
        return _("une semaine environ")
    return ngettext("%(count)d semaine environ", "%(count)d semaines environ", weeks) % {
        "count": weeks
    }


def request_url(profile: ProfessionalProfile) -> str:
    """Where to ask them for a coup de pouce."""
    return reverse("members:request-create", kwargs={"professional_pk": profile.pk})


def can_be_asked_by(user, profile: ProfessionalProfile) -> bool:
    """Whether to offer ``user`` the button (the request form applies the full rules)."""
    return bool(
        user.is_young_person
        and capacity_state(profile) == CapacityState.AVAILABLE
        and profile.user_id != user.pk
    )


LISTING_NAME_FIELDS = frozenset({"first_name", "last_name", "is_active"})


def _account_saved(sender, instance, update_fields, **kwargs) -> None:
    from members.enums import Role

    if instance.role == Role.PROFESSIONAL and (
        update_fields is None or not LISTING_NAME_FIELDS.isdisjoint(update_fields)
    ):
        outdate_results()


def connect_results_receivers() -> None:
    """Called once from MembersConfig.ready(): what a listing depends on, saved through the
    ORM. Updates that send no signal call outdate_results themselves (the monthly counter
    in members.directory.capacity, the pause switch)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from members.models import Sector, User
    from network.models import Company

    for model in (ProfessionalProfile, Company, Sector):
        post_save.connect(outdate_results, sender=model, dispatch_uid=f"directory-save-{model}")
        post_delete.connect(outdate_results, sender=model, dispatch_uid=f"directory-delete-{model}")
    post_save.connect(_account_saved, sender=User, dispatch_uid="directory-account")
    m2m_changed.connect(
        outdate_results, sender=ProfessionalProfile.sectors.through, dispatch_uid="directory-m2m"
    )
