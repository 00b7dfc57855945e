"""Suggestions: for a young person, the professionals who fit best (issue 4).

Candidates are the directory's listed professionals (approved, active) who can still be
asked this month (not paused, capacity left > 0) and who have no open request from this
young person. They must share the project's sector or offer a kind of coup de pouce the
young person wants, and be reachable: in the young person's département or remote.

Scoring and ordering happen in one SQL query (Case/When annotations), so the cost does
not grow with the number of professionals. Among equally good ones, those with more
capacity left and fewer requests received recently come first, then a per-young-person
hash spreads the rest so that different young people do not all see the same few first.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Mod, Rank
from django.utils import timezone
from django.utils.translation import gettext as _

from config import caching
from members.directory.services import (
    CARD_FIELDS,
    listed_professionals,
    results_key,
    with_capacity,
)
from members.enums import HelpKind, ReviewStatus
from members.models import HelpRequest, ProfessionalProfile, YoungPersonProfile
from members.models.profiles import json_list_has

LIMIT = 10
# "Recently" for spreading requests: the last four weeks.
RECENT_DAYS = 28
# Weights of the fit score: the sector of the project matters most, then each kind of
# help wanted that they offer, then being close by (in person beats remote only).
SECTOR_POINTS = 4
KIND_POINTS = 2
LOCAL_POINTS = 2
REMOTE_POINTS = 1
# A prime modulus for the per-young-person hash ((pk * a + b) mod P).
HASH_MODULUS = 1_000_003


@dataclass(frozen=True)
class Suggestion:
    professional_profile: ProfessionalProfile
    reason: str


def wanted_kinds(profile: YoungPersonProfile) -> list[str]:
    """The kinds of help the young person wants that may be suggested to them.

    Hosting only for adults (DESIGN.md, "Minors and safety").
    """
    return [
        kind
        for kind in profile.help_wanted
        if kind in HelpKind.values and not (kind == HelpKind.HOSTING and profile.is_minor)
    ]


def _offers(kind: str) -> Q:
    condition = json_list_has("help_kinds", kind)
    if kind == HelpKind.HOSTING:
        condition &= Q(verified_in_person=True)
    return condition


def _spreading_seed(profile: YoungPersonProfile) -> tuple[int, int]:
    """Two numbers derived from the young person, stable across requests and processes."""
    digest = hashlib.sha256(f"suggestions:{profile.user_id}".encode()).digest()
    a = int.from_bytes(digest[:4], "big") % (HASH_MODULUS - 1) + 1
    b = int.from_bytes(digest[4:8], "big") % HASH_MODULUS
    return a, b


def candidates(profile: YoungPersonProfile, now: datetime.datetime | None = None) -> QuerySet:
    """The ordered, annotated queryset of professionals to suggest (not sliced)."""
    now = now or timezone.now()
    kinds = wanted_kinds(profile)
    queryset = with_capacity(listed_professionals(now)).exclude(user_id=profile.user_id)

    open_requests = HelpRequest.objects.open().filter(young_person_id=profile.user_id)
    queryset = queryset.exclude(
        user_id__in=open_requests.filter(professional__isnull=False).values("professional_id")
    )

    if profile.sector_id:
        same_sector = Exists(
            ProfessionalProfile.sectors.through.objects.filter(
                professionalprofile_id=OuterRef("pk"), sector_id=profile.sector_id
            )
        )
        sector_points = Case(
            When(same_sector, then=Value(SECTOR_POINTS)),
            default=Value(0),
            output_field=IntegerField(),
        )
    else:
        sector_points = Value(0, output_field=IntegerField())

    kind_points = Value(0, output_field=IntegerField())
    for kind in kinds:
        kind_points = kind_points + Case(
            When(_offers(kind), then=Value(KIND_POINTS)),
            default=Value(0),
            output_field=IntegerField(),
        )

    if profile.departement:
        local = json_list_has("departements", profile.departement)
        queryset = queryset.filter(local | Q(remote=True))
        place_points = Case(
            When(local, then=Value(LOCAL_POINTS)),
            When(remote=True, then=Value(REMOTE_POINTS)),
            default=Value(0),
            output_field=IntegerField(),
        )
    else:
        place_points = Case(
            When(remote=True, then=Value(REMOTE_POINTS)),
            default=Value(0),
            output_field=IntegerField(),
        )

    recent = (
        HelpRequest.objects.filter(
            professional_id=OuterRef("user_id"),
            sent_at__gte=now - datetime.timedelta(days=RECENT_DAYS),
        )
        .order_by()
        .values("professional_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    a, b = _spreading_seed(profile)
    queryset = queryset.annotate(
        sector_points=sector_points,
        kind_points=kind_points,
        place_points=place_points,
        fit=F("sector_points") + F("kind_points") + F("place_points"),
        recent_requests=Coalesce(Subquery(recent, output_field=IntegerField()), Value(0)),
        spread=Mod(
            Cast(F("pk"), BigIntegerField()) * Value(a, output_field=BigIntegerField())
            + Value(b, output_field=BigIntegerField()),
            Value(HASH_MODULUS, output_field=BigIntegerField()),
        ),
    )
    # They must fit the project: same sector, or a kind of help the young person wants.
    queryset = queryset.filter(Q(sector_points__gt=0) | Q(kind_points__gt=0))
    return queryset.order_by("-fit", "-capacity_left", "recent_requests", "spread", "pk")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def reason_for(
    profile: YoungPersonProfile, professional: ProfessionalProfile, for_counsellor: bool = False
) -> str:
    """One short line saying why they are suggested; ``professional`` from candidates().

    Addressed to the young person, or about them when ``for_counsellor``.
    """
    parts = []
    if professional.sector_points:
        parts.append(
            _("Même secteur que son projet")
            if for_counsellor
            else _("Même secteur que votre projet")
        )
    offered = set(professional.help_kinds)
    kinds = [
        _lower_first(str(HelpKind(kind).label))
        for kind in wanted_kinds(profile)
        if kind in offered and (kind != HelpKind.HOSTING or professional.verified_in_person)
    ]
    if kinds:
        parts.append(_("propose : %(kinds)s") % {"kinds": ", ".join(kinds)})
    if profile.departement and profile.departement in professional.departements:
        parts.append(_("dans son département") if for_counsellor else _("dans votre département"))
    elif professional.remote:
        parts.append(_("à distance"))
    line = " · ".join(parts)
    return line[:1].upper() + line[1:]


def suggest_professionals(
    profile: YoungPersonProfile | None,
    limit: int = LIMIT,
    now: datetime.datetime | None = None,
    for_counsellor: bool = False,
) -> list[Suggestion]:
    """The ``limit`` professionals who fit ``profile`` best, each with why. Two queries.

    Finding them ranks every professional who can still be asked, so who they are is kept
    in the cache, as the directory's listings are (members.directory.services: the same
    scope, replaced by any change on the professionals' side, and the same minute);
    the young person's side (what they look for, where, whom they already asked) is in
    the key. Their rows are read live, and one who became full or paused meanwhile is left
    out rather than shown.
    """
    if profile is None or limit <= 0:
        return []
    if not for_counsellor and profile.status != ReviewStatus.APPROVED:
        # A young person not confirmed yet sees no professional (members.access).
        return []
    now = now or timezone.now()
    asked = sorted(
        HelpRequest.objects.open()
        .filter(young_person_id=profile.user_id, professional__isnull=False)
        .values_list("professional_id", flat=True)
    )
    key = results_key(
        "suggestions",
        profile.user_id,
        profile.sector_id,
        wanted_kinds(profile),
        profile.departement,
        asked,
        limit,
        timezone.localdate(now),
    )
    found = caching.get(key)
    if found is None:
        professionals = _best_candidates(profile, limit, now)
        caching.store(key, [(pro.pk, pro.sector_points) for pro in professionals], clock=True)
    else:
        rows = (
            with_capacity(listed_professionals(now))
            .prefetch_related(None)
            .only(*CARD_FIELDS)  # what a suggestion shows and reason_for reads
            .in_bulk([pk for pk, _points in found])
        )
        professionals = []
        for pk, sector_points in found:
            if pk in rows:
                rows[pk].sector_points = sector_points  # what reason_for reads
                professionals.append(rows[pk])
    return [Suggestion(pro, reason_for(profile, pro, for_counsellor)) for pro in professionals]


def _best_candidates(
    profile: YoungPersonProfile, limit: int, now: datetime.datetime
) -> list[ProfessionalProfile]:
    """The query: the ``limit`` best candidates, in order."""
    ordered = candidates(profile, now).prefetch_related(None)
    # A bounded candidate set: only those whose (fit, capacity left) ranks within the first
    # ``limit`` can end up there (RANK gives ties the same rank, so every tie is kept).
    # Ranking them reads narrow rows; the recent requests (a subquery per row) and the full
    # rows are then read for that set alone, ordered and cut to ``limit``. One query.
    ranked = (
        ordered.order_by()
        .annotate(key_rank=Window(Rank(), order_by=[F("fit").desc(), F("capacity_left").desc()]))
        .filter(key_rank__lte=limit)
        .values("pk")
    )
    return list(ordered.filter(pk__in=ranked)[:limit])
