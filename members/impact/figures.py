"""The impact figures: one definition each, counted by the database (issue 16).

Every figure is read over a :class:`Scope`: a period (first and last day, both included,
in the site's time zone) and, optionally, structures, départements, a region, a kind of
structure, a company. Which date places a row in the period is part of each figure's
definition:

- requests sent: ``HelpRequest.sent_at`` (by state, by kind, answers, response time,
  declines, expiries: what became of the requests sent in the period, as of today);
- answers given by professionals: ``HelpRequest.answered_at`` (active professionals and
  their load);
- coups de pouce completed: ``HelpRequest.completed_at`` (outcomes);
- news at three months: ``HelpRequest.follow_up_sent_at``, the day the young person was
  asked (the day the answer was recorded is not stored);
- the funnel: ``Invitation.created_at``, the day a young person was first invited (a
  resent link keeps it; ``sent_at`` moves).

The territory filters (structures, départements, region, kind of structure) apply to
the young person's structure as the row records it: ``HelpRequest.structure`` (their
structure when the request was written) and ``Invitation.structure``; a territory is the
structure's département, not the young person's. The company filter applies to the
professional's company (``ProfessionalProfile.company``), today's.

Each function runs one aggregate query whatever the number of rows; :func:`impact` runs
five. Every count comes back as a :class:`Figure`, every share as a :class:`Share`, every
mean as a :class:`Average`: with ``protect_small_counts=True`` (for readers who may not
see the people behind them: companies, the public, another structure's referent), a count
under 5, and a share or a mean computed from one, is hidden and prints "moins de 5".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.enums import (
    DeclineReason,
    FollowUpOutcome,
    HelpKind,
    HelpRequestState,
    InvitationKind,
    Outcome,
    ReviewStatus,
)
from members.impact.regions import REGIONS
from members.models import HelpRequest, Invitation
from network.departements import DEPARTEMENTS

S = HelpRequestState

# A count under this is hidden from readers who may not see the people behind it.
SMALL_COUNT = 5
# "All time" starts here: before the platform's first request.
FIRST_DAY = datetime.date(2020, 1, 1)
HIDDEN_TEXT = _("moins de 5")
RESPONSE_BUCKETS = {
    "within_48_hours": datetime.timedelta(hours=48),
    "within_7_days": datetime.timedelta(days=7),
}
# The three-month outcomes that mean a way in: "x % had a job, a training or an
# internship three months later".
WAY_IN_OUTCOMES = (FollowUpOutcome.JOB, FollowUpOutcome.TRAINING, FollowUpOutcome.INTERNSHIP)
# The states a request sent can be in (nothing goes back to draft or to the counsellor).
STATES_AFTER_SENDING = (
    S.SENT,
    S.ACCEPTED,
    S.COMPLETED,
    S.DECLINED,
    S.EXPIRED,
    S.WITHDRAWN,
    S.CLOSED,
)


# Values the templates print ---------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count; ``value`` is None when it is hidden by the small-count rule."""

    value: int | None
    hidden: bool = False

    def __str__(self) -> str:
        if self.hidden:
            return str(HIDDEN_TEXT)
        return number_format(self.value, force_grouping=True)


@dataclass(frozen=True)
class Share:
    """A part of a whole, between 0 and 1; None when hidden or when the whole is 0."""

    value: float | None
    hidden: bool = False

    @property
    def percent(self) -> int | None:
        return None if self.value is None else round(100 * self.value)

    def __str__(self) -> str:
        if self.hidden:
            return str(HIDDEN_TEXT)
        if self.value is None:
            return "–"
        return _("%(percent)s %%") % {"percent": self.percent}


@dataclass(frozen=True)
class Average:
    """A mean (hours, requests per professional); None when hidden or over nothing."""

    value: float | None
    hidden: bool = False

    def __str__(self) -> str:
        if self.hidden:
            return str(HIDDEN_TEXT)
        if self.value is None:
            return "–"
        # Rounded first: number_format cuts the other decimals off (2/3 would read 0,6).
        return number_format(round(self.value, 1), decimal_pos=1, force_grouping=True)


def count(value: int, *, protect_small_counts: bool = False) -> Figure:
    """The small-count rule. Zero is hidden too: a 0 shown beside hidden cells would tell
    the reader that each of them holds at least one person."""
    if protect_small_counts and value < SMALL_COUNT:
        return Figure(None, hidden=True)
    return Figure(value)


def share(part: int, whole: int, *, protect_small_counts: bool = False) -> Share:
    """``part`` / ``whole``, hidden when either count would be."""
    if protect_small_counts and (part < SMALL_COUNT or whole < SMALL_COUNT):
        return Share(None, hidden=True)
    return Share(part / whole if whole else None)


def average(
    total: float | None, over: int, *, protect_small_counts: bool = False, small: int | None = None
) -> Average:
    """``total`` / ``over`` (``total`` may already be a mean: pass ``over=1``), hidden when
    the number of people or requests it is computed from (``small``, default ``over``) is
    under 5, or when ``total`` is itself a hidden count."""
    basis = over if small is None else small
    if protect_small_counts and basis < SMALL_COUNT:
        return Average(None, hidden=True)
    if total is None or not over:
        return Average(None)
    return Average(total / over)


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a code, its label, its count."""

    key: str
    label: str | Promise
    count: Figure


@dataclass(frozen=True)
class Breakdown:
    """Counts by code, in the enum's order (every code, zeros included)."""

    rows: tuple[Row, ...]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __getitem__(self, key: str) -> Figure:
        for row in self.rows:
            if row.key == key:
                return row.count
        raise KeyError(key)


def _breakdown(
    choices: Iterable[tuple[str, str | Promise]],
    counts: dict[str, int],
    prefix: str,
    protect_small_counts: bool,
) -> Breakdown:
    return Breakdown(
        tuple(
            Row(
                code,
                label,
                count(counts[f"{prefix}{code}"], protect_small_counts=protect_small_counts),
            )
            for code, label in choices
        )
    )


# The scope -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a figure is read over: a period, both days included, and optional filters.

    ``structures`` (primary keys), ``departements`` (codes), ``region`` (an INSEE code of
    :data:`members.impact.regions.REGIONS`) and ``structure_kind`` narrow the young
    people's structures; ``company`` (a primary key) the professionals' company. Filters
    add up (AND); within ``structures`` or ``departements``, any of them (OR).
    """

    start: datetime.date
    end: datetime.date
    structures: tuple[int, ...] = field(default=())
    departements: tuple[str, ...] = field(default=())
    region: str = ""
    structure_kind: str = ""
    company: int | None = None

    def __post_init__(self) -> None:
        # Lists are welcome; a tuple keeps the scope hashable (a cache key).
        object.__setattr__(self, "structures", tuple(self.structures))
        object.__setattr__(self, "departements", tuple(self.departements))
        if self.end < self.start:
            raise ValueError("A period ends on or after the day it starts.")
        if self.region and self.region not in REGIONS:
            raise ValueError(f"Unknown region {self.region!r}.")
        unknown = set(self.departements) - DEPARTEMENTS.keys()
        if unknown:
            raise ValueError(f"Unknown départements {sorted(unknown)!r}.")

    @classmethod
    def month(cls, year: int, month: int, **filters) -> Scope:
        start = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return cls(start, following - datetime.timedelta(days=1), **filters)

    @classmethod
    def quarter(cls, year: int, quarter: int, **filters) -> Scope:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4.")
        first = cls.month(year, 3 * quarter - 2, **filters)
        last = cls.month(year, 3 * quarter)
        return cls(first.start, last.end, **filters)

    @classmethod
    def year(cls, year: int, **filters) -> Scope:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), **filters)

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date, **filters) -> Scope:
        """Custom dates, both included."""
        return cls(start, end, **filters)

    @classmethod
    def all_time(cls, **filters) -> Scope:
        """Since before the platform's first request, until today."""
        return cls(FIRST_DAY, timezone.localdate(), **filters)

    @property
    def starts_at(self) -> datetime.datetime:
        """Midnight at the start of the first day, in the site's time zone."""
        return _midnight(self.start)

    @property
    def ends_at(self) -> datetime.datetime:
        """Midnight after the last day (excluded), in the site's time zone."""
        return _midnight(self.end + datetime.timedelta(days=1))

    def in_period(self, date_field: str) -> Q:
        return Q(**{f"{date_field}__gte": self.starts_at, f"{date_field}__lt": self.ends_at})

    def of_structures(self, structure: str = "structure") -> Q:
        """The territory filters on the foreign key ``structure`` (a path to a Structure)."""
        q = Q()
        if self.structures:
            q &= Q(**{f"{structure}__in": self.structures})
        if self.departements:
            q &= Q(**{f"{structure}__departement__in": self.departements})
        if self.region:
            q &= Q(**{f"{structure}__departement__in": REGIONS[self.region].departements})
        if self.structure_kind:
            q &= Q(**{f"{structure}__kind": self.structure_kind})
        return q

    def of_company(self, professional: str = "professional") -> Q:
        """The company filter on the foreign key ``professional`` (a path to a User)."""
        if self.company is None:
            return Q()
        return Q(**{f"{professional}__pro_profile__company": self.company})

    def requests(self) -> QuerySet[HelpRequest]:
        """Every request of the scope's structures and company, whatever its dates."""
        return HelpRequest.objects.filter(self.of_structures() & self.of_company()).order_by()


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# What a request went through, from its row alone -----------------------------------------

# Answered by the professional: accepted or declined. ``answered_at`` is written by both
# answers; the states catch rows written before it was (as the directory does).
ANSWERED = Q(answered_at__isnull=False) | Q(state__in=[S.ACCEPTED, S.DECLINED, S.COMPLETED])
# Accepted, whatever came after (completed, withdrawn or closed once accepted).
ACCEPTED = ANSWERED & ~Q(state=S.DECLINED)
# Left without an answer until the expiry.
UNANSWERED = Q(state=S.EXPIRED) & ~ANSWERED
# Requests written by young people: a professional's offer is answered by a young person
# and says nothing of how professionals answer.
ASKED_BY_YOUNG_PEOPLE = Q(offered_by_professional=False)


# The figures -----------------------------------------------------------------------------

FUNNEL_STAGES: tuple[tuple[str, str | Promise], ...] = (
    ("invited", _("Jeunes invité·es")),
    ("account", _("Compte créé")),
    ("profile_complete", _("Profil complété")),
    ("first_request_sent", _("Première demande envoyée")),
    ("first_request_accepted", _("Première demande acceptée")),
    ("request_completed", _("Un coup de pouce terminé")),
    ("news_at_three_months", _("Nouvelles à trois mois")),
)


def funnel(scope: Scope, *, protect_small_counts: bool = False) -> Breakdown:
    """Young people invited in the period, and how far each of them went by today.

    Counted in young people, each stage among those of the previous one:

    1. ``invited``: distinct email addresses (case aside) of young-person invitations first
       issued in the period (``Invitation.created_at``) by the scope's structures;
    2. ``account``: those whose invitation was accepted (``accepted_at``), erased accounts
       included;
    3. ``profile_complete``: their accounts, still existing, whose profile was once
       complete (``YoungPersonProfile.completed_at``);
    4. ``first_request_sent``: … who sent at least one request (``sent_at`` set; offers
       made to them by professionals do not count);
    5. ``first_request_accepted``: … one of which was accepted;
    6. ``request_completed``: … one of which was completed;
    7. ``news_at_three_months``: … and whose three-month outcome was recorded on one.

    Where the data does not follow a person: stage 1 counts addresses and stage 2
    accepted invitations, stages 3 on count accounts, so a young person who erased their
    account counts up to stage 2 only. Young people who joined with a structure's join
    code, without an invitation, are not in the funnel. A request sent before the profile
    was complete counts only once the profile is. The company filter narrows stages 4–7
    to requests addressed to the company's professionals; stages 1–3 are the structures'.
    """
    requests = HelpRequest.objects.filter(
        ASKED_BY_YOUNG_PEOPLE,
        scope.of_company(),
        young_person=OuterRef("accepted_by"),
        sent_at__isnull=False,
    )
    account = Q(accepted_at__isnull=False)
    profile = account & Q(accepted_by__young_profile__completed_at__isnull=False)
    sent = profile & Q(Exists(requests))
    accepted = sent & Q(Exists(requests.filter(ACCEPTED)))
    completed = accepted & Q(Exists(requests.filter(state=S.COMPLETED)))
    news = completed & Q(Exists(requests.filter(state=S.COMPLETED).exclude(follow_up_outcome="")))
    person = "accepted_by"
    counts = (
        Invitation.objects.filter(
            scope.in_period("created_at"),
            scope.of_structures(),
            kind=InvitationKind.YOUNG_PERSON,
        )
        .order_by()
        .aggregate(
            invited=Count(Lower("email"), distinct=True),
            account=Count(Lower("email"), distinct=True, filter=account),
            profile_complete=Count(person, distinct=True, filter=profile),
            first_request_sent=Count(person, distinct=True, filter=sent),
            first_request_accepted=Count(person, distinct=True, filter=accepted),
            request_completed=Count(person, distinct=True, filter=completed),
            news_at_three_months=Count(person, distinct=True, filter=news),
        )
    )
    return _breakdown(FUNNEL_STAGES, counts, "", protect_small_counts)


@dataclass(frozen=True)
class RequestFigures:
    sent: Figure
    by_state: Breakdown
    by_kind: Breakdown
    answered: Figure
    expired: Figure
    response_rate: Share
    mean_response_hours: Average
    answered_within: dict[str, Share]
    declined: Figure
    declines_by_reason: Breakdown


def requests(scope: Scope, *, protect_small_counts: bool = False) -> RequestFigures:
    """What became of the requests sent in the period (``sent_at``), as of today.

    - ``sent``: requests sent in the period, offers from professionals included; never
      sent (draft, waiting for the counsellor, withdrawn or closed before) are not here;
    - ``by_state``: the same by their state today; ``by_kind``: by kind of coup de pouce;
    - ``expired``: the same that expired without an answer;
    - ``declined`` and ``declines_by_reason``: the same that were declined (an offer
      declined by a young person included), by the reason chosen;
    - ``answered``: requests written by young people (offers aside) accepted or declined;
    - ``response_rate``: ``answered`` among those answered or expired unanswered, as on
      a professional's profile: a request still waiting, withdrawn or closed before an
      answer says nothing of the professionals, and is in neither;
    - ``mean_response_hours``: the mean of ``answered_at − sent_at`` in hours over the
      answered requests (a median would need a sort of every row on SQLite);
    - ``answered_within``: shares of the answered requests answered within 48 hours and
      within 7 days (``within_48_hours``, ``within_7_days``).

    Response times only count rows with both dates, the answer after the sending.
    """
    protect = protect_small_counts
    timed = Q(ASKED_BY_YOUNG_PEOPLE, answered_at__isnull=False, answered_at__gte=F("sent_at"))
    delay = ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField())
    aggregates = {
        "sent": Count("pk"),
        "answered": Count("pk", filter=ASKED_BY_YOUNG_PEOPLE & ANSWERED),
        "unanswered": Count("pk", filter=ASKED_BY_YOUNG_PEOPLE & UNANSWERED),
        "expired": Count("pk", filter=UNANSWERED),
        "declined": Count("pk", filter=Q(state=S.DECLINED)),
        "timed": Count("pk", filter=timed),
        "mean_delay": Avg(delay, filter=timed),
    }
    for name, limit in RESPONSE_BUCKETS.items():
        aggregates[name] = Count("pk", filter=timed & Q(answered_at__lte=F("sent_at") + limit))
    for state in STATES_AFTER_SENDING:
        aggregates[f"state_{state}"] = Count("pk", filter=Q(state=state))
    for kind in HelpKind:
        aggregates[f"kind_{kind}"] = Count("pk", filter=Q(kind=kind))
    for reason in DeclineReason:
        aggregates[f"reason_{reason}"] = Count(
            "pk", filter=Q(state=S.DECLINED, decline_reason=reason)
        )
    counts = scope.requests().filter(scope.in_period("sent_at")).aggregate(**aggregates)
    mean_delay = counts["mean_delay"]
    if mean_delay is not None and not isinstance(mean_delay, datetime.timedelta):
        # SQLite stores durations as microseconds; their mean comes back as a number.
        mean_delay = datetime.timedelta(microseconds=mean_delay)
    hours = mean_delay.total_seconds() / 3600 if mean_delay is not None else None
    return RequestFigures(
        sent=count(counts["sent"], protect_small_counts=protect),
        by_state=_breakdown(
            [(state.value, state.label) for state in STATES_AFTER_SENDING],
            counts,
            "state_",
            protect,
        ),
        by_kind=_breakdown(HelpKind.choices, counts, "kind_", protect),
        answered=count(counts["answered"], protect_small_counts=protect),
        expired=count(counts["expired"], protect_small_counts=protect),
        response_rate=share(
            counts["answered"],
            counts["answered"] + counts["unanswered"],
            protect_small_counts=protect,
        ),
        mean_response_hours=average(hours, 1, protect_small_counts=protect, small=counts["timed"]),
        answered_within={
            name: share(counts[name], counts["timed"], protect_small_counts=protect)
            for name in RESPONSE_BUCKETS
        },
        declined=count(counts["declined"], protect_small_counts=protect),
        declines_by_reason=_breakdown(DeclineReason.choices, counts, "reason_", protect),
    )


@dataclass(frozen=True)
class CompletionFigures:
    completed: Figure
    by_outcome: Breakdown


def completions(scope: Scope, *, protect_small_counts: bool = False) -> CompletionFigures:
    """Coups de pouce completed in the period (``completed_at``, state ``completed``), and
    by the outcome recorded when completing them."""
    aggregates = {"completed": Count("pk")}
    for outcome in Outcome:
        aggregates[f"outcome_{outcome}"] = Count("pk", filter=Q(outcome=outcome))
    counts = (
        scope.requests()
        .filter(scope.in_period("completed_at"), state=S.COMPLETED)
        .aggregate(**aggregates)
    )
    return CompletionFigures(
        completed=count(counts["completed"], protect_small_counts=protect_small_counts),
        by_outcome=_breakdown(Outcome.choices, counts, "outcome_", protect_small_counts),
    )


@dataclass(frozen=True)
class ProfessionalFigures:
    active: Figure
    accepted: Figure
    load: Average


def professionals(scope: Scope, *, protect_small_counts: bool = False) -> ProfessionalFigures:
    """Professionals who answered in the period, and how much they took on.

    - ``active``: distinct professionals, approved today, who accepted or declined at
      least one request written by a young person in the period (``answered_at``);
    - ``accepted``: the requests they accepted in the period (whatever came after);
    - ``load``: ``accepted`` per ``active`` professional.

    With the territory filters, only answers to requests of the scope's structures count.
    """
    counts = (
        scope.requests()
        .filter(
            ASKED_BY_YOUNG_PEOPLE,
            scope.in_period("answered_at"),
            professional__pro_profile__status=ReviewStatus.APPROVED,
        )
        .aggregate(
            active=Count("professional", distinct=True),
            accepted=Count("pk", filter=~Q(state=S.DECLINED)),
        )
    )
    protect = protect_small_counts
    # Hidden when either of its two counts is.
    smaller = min(counts["active"], counts["accepted"])
    load = average(
        counts["accepted"], counts["active"], protect_small_counts=protect, small=smaller
    )
    return ProfessionalFigures(
        active=count(counts["active"], protect_small_counts=protect),
        accepted=count(counts["accepted"], protect_small_counts=protect),
        load=load,
    )


@dataclass(frozen=True)
class FollowUpFigures:
    asked: Figure
    recorded: Figure
    by_outcome: Breakdown
    way_in: Share


def follow_ups(scope: Scope, *, protect_small_counts: bool = False) -> FollowUpFigures:
    """What came of the coups de pouce three months later.

    - ``asked``: completed requests whose young person was asked for news in the period
      (``follow_up_sent_at``, about three months after ``completed_at``);
    - ``recorded``: the same whose three-month outcome is recorded today;
    - ``by_outcome``: ``recorded`` by outcome (:class:`FollowUpOutcome`: job, training,
      internship, housing, something else, nothing yet);
    - ``way_in``: the share of ``recorded`` that is a job, a training or an internship.

    Counted in coups de pouce, not young people: one person helped twice counts twice.
    """
    aggregates = {
        "asked": Count("pk"),
        "recorded": Count("pk", filter=~Q(follow_up_outcome="")),
        "way_in": Count("pk", filter=Q(follow_up_outcome__in=WAY_IN_OUTCOMES)),
    }
    for outcome in FollowUpOutcome:
        aggregates[f"outcome_{outcome}"] = Count("pk", filter=Q(follow_up_outcome=outcome))
    counts = (
        scope.requests()
        .filter(scope.in_period("follow_up_sent_at"), state=S.COMPLETED)
        .aggregate(**aggregates)
    )
    protect = protect_small_counts
    return FollowUpFigures(
        asked=count(counts["asked"], protect_small_counts=protect),
        recorded=count(counts["recorded"], protect_small_counts=protect),
        by_outcome=_breakdown(FollowUpOutcome.choices, counts, "outcome_", protect),
        way_in=share(counts["way_in"], counts["recorded"], protect_small_counts=protect),
    )


@dataclass(frozen=True)
class Impact:
    scope: Scope
    funnel: Breakdown
    requests: RequestFigures
    completions: CompletionFigures
    professionals: ProfessionalFigures
    follow_ups: FollowUpFigures


def impact(scope: Scope, *, protect_small_counts: bool = False) -> Impact:
    """Every figure of ``scope``, in five queries."""
    options = {"protect_small_counts": protect_small_counts}
    return Impact(
        scope=scope,
        funnel=funnel(scope, **options),
        requests=requests(scope, **options),
        completions=completions(scope, **options),
        professionals=professionals(scope, **options),
        follow_ups=follow_ups(scope, **options),
    )
