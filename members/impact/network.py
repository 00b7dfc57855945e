"""The association's figures, as its moderators read them (issue 16).

Every structure and every territory, narrowed by the filters of a
:class:`~members.impact.figures.Scope`; the headline figures beside those of a second
period, with the difference; a breakdown by structure and by region in three grouped
queries whatever the number of structures.

Moderators may see the people behind every count (DESIGN.md: "moderator: yes"), so the
small-count rule is off here, on purpose: :data:`PROTECT_SMALL_COUNTS` is the one switch
every figure of this page goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.enums import HelpRequestState, InvitationKind
from members.impact.cache import kept
from members.impact.figures import (
    ACCEPTED,
    Average,
    Figure,
    Impact,
    Scope,
    Share,
    impact,
)
from members.impact.regions import REGIONS, region_of
from members.impact.structure import Chart, breakdown_chart, chart, structure_charts
from members.models import Invitation
from network.models import Structure

# Moderators may see people: no figure is hidden. Kept as a named switch so that the code
# path is explicit, and a reader of this page that may not see people is a change here.
PROTECT_SMALL_COUNTS = False


def network_figures(scope: Scope) -> Impact:
    """Every figure of the scope, whole (five queries)."""
    return impact(scope, protect_small_counts=PROTECT_SMALL_COUNTS)


# Two periods side by side ----------------------------------------------------------------

COUNT, POINTS, MEAN = "count", "points", "mean"


@dataclass(frozen=True)
class Difference:
    """The chosen period's value minus the compared one's: a count, percentage points
    (for a share) or a mean; None when either side has no value."""

    value: float | None
    kind: str = COUNT

    def __str__(self) -> str:
        if self.value is None:
            return "–"
        sign = "+" if self.value > 0 else "−" if self.value < 0 else ""
        if self.kind == MEAN:
            # Rounded first: number_format cuts the other decimals off.
            number = number_format(round(abs(self.value), 1), decimal_pos=1, force_grouping=True)
        else:
            number = number_format(abs(round(self.value)), force_grouping=True)
        if self.kind == POINTS:
            return str(_("%(difference)s pts") % {"difference": f"{sign}{number}"})
        return f"{sign}{number}"


def difference(current: Figure | Share | Average, previous: Figure | Share | Average):
    if isinstance(current, Share):
        if current.percent is None or previous.percent is None:
            return Difference(None, POINTS)
        return Difference(current.percent - previous.percent, POINTS)
    if current.value is None or previous.value is None:
        return Difference(None, MEAN if isinstance(current, Average) else COUNT)
    if isinstance(current, Average):
        return Difference(round(current.value, 1) - round(previous.value, 1), MEAN)
    return Difference(current.value - previous.value, COUNT)


@dataclass(frozen=True)
class Headline:
    key: str
    label: str | Promise
    unit: str | Promise
    current: Figure | Share | Average
    previous: Figure | Share | Average
    difference: Difference


YOUNG_PEOPLE, REQUESTS, PROFESSIONALS, HOURS, PERCENT = (
    _("jeunes"),
    _("demandes"),
    _("professionnel·les"),
    _("heures"),
    "%",
)
HEADLINES: tuple[tuple[str, str | Promise, str | Promise, Callable[[Impact], Any]], ...] = (
    ("invited", _("Jeunes invité·es"), YOUNG_PEOPLE, lambda f: f.funnel["invited"]),
    ("account", _("Jeunes avec un compte"), YOUNG_PEOPLE, lambda f: f.funnel["account"]),
    ("sent", _("Demandes envoyées"), REQUESTS, lambda f: f.requests.sent),
    ("response_rate", _("Taux de réponse des pros"), PERCENT, lambda f: f.requests.response_rate),
    (
        "mean_response_hours",
        _("Délai moyen de réponse (heures)"),
        HOURS,
        lambda f: f.requests.mean_response_hours,
    ),
    ("declined", _("Demandes déclinées"), REQUESTS, lambda f: f.requests.declined),
    ("expired", _("Expirées sans réponse"), REQUESTS, lambda f: f.requests.expired),
    ("completed", _("Coups de pouce terminés"), REQUESTS, lambda f: f.completions.completed),
    (
        "active_professionals",
        _("Professionnel·les actif·ves"),
        PROFESSIONALS,
        lambda f: f.professionals.active,
    ),
    (
        "load",
        _("Demandes acceptées par professionnel·le"),
        REQUESTS,
        lambda f: f.professionals.load,
    ),
    ("follow_ups", _("Nouvelles à trois mois reçues"), REQUESTS, lambda f: f.follow_ups.recorded),
    (
        "way_in",
        _("Emploi, formation ou stage à trois mois"),
        PERCENT,
        lambda f: f.follow_ups.way_in,
    ),
)


def headlines(current: Impact, previous: Impact) -> list[Headline]:
    """The headline figures of two periods, side by side, with their difference."""
    rows = []
    for key, label, unit, read in HEADLINES:
        now, before = read(current), read(previous)
        rows.append(Headline(key, label, unit, now, before, difference(now, before)))
    return rows


# By structure and by region --------------------------------------------------------------


@dataclass
class Counts:
    """One line of the breakdown. ``invited`` and ``account`` as in the funnel (distinct
    addresses invited in the period, those that made an account); ``sent`` the requests
    sent in the period, of which ``accepted``, ``completed`` and ``news`` (completed with
    their three-month outcome recorded), by today."""

    invited: int = 0
    account: int = 0
    sent: int = 0
    accepted: int = 0
    completed: int = 0
    news: int = 0

    def add(self, other: Counts) -> None:
        for name in COUNT_NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in COUNT_NAMES)


COUNT_NAMES = tuple(field.name for field in fields(Counts))
INVITATION_COUNTS = ("invited", "account")
REQUEST_COUNTS = ("sent", "accepted", "completed", "news")
NO_REGION = _("Hors région")
NO_STRUCTURE = _("Sans structure")


@dataclass
class BreakdownLine:
    label: str | Promise
    counts: Counts
    departement: str = ""
    region: str | Promise = ""


@dataclass(frozen=True)
class NetworkBreakdown:
    structures: list[BreakdownLine]
    regions: list[BreakdownLine]
    total: Counts


def _structures_of(scope: Scope) -> Q:
    """The territory filters of ``scope`` on Structure itself (Scope.of_structures reads
    them through a foreign key)."""
    q = Q()
    if scope.structures:
        q &= Q(pk__in=scope.structures)
    if scope.departements:
        q &= Q(departement__in=scope.departements)
    if scope.region:
        q &= Q(departement__in=REGIONS[scope.region].departements)
    if scope.structure_kind:
        q &= Q(kind=scope.structure_kind)
    return q


def breakdown(scope: Scope) -> NetworkBreakdown:
    """The scope's counts by structure and by region, in three queries whatever the
    number of structures: invitations grouped by structure, requests grouped by
    structure, the structures' names.

    Listed: the approved structures of the scope's territory, and any other with a count
    (a structure since refused, the requests of no structure). A region's line adds its
    structures' lines, so a young person invited by two structures counts in each."""
    by_structure: dict[int | None, Counts] = {}
    invitations = (
        Invitation.objects.filter(
            scope.in_period("created_at"), scope.of_structures(), kind=InvitationKind.YOUNG_PERSON
        )
        .order_by()
        .values("structure")
        .annotate(
            invited=Count(Lower("email"), distinct=True),
            account=Count(Lower("email"), distinct=True, filter=Q(accepted_at__isnull=False)),
        )
    )
    for row in invitations:
        counts = by_structure.setdefault(row["structure"], Counts())
        for name in INVITATION_COUNTS:
            setattr(counts, name, row[name])
    completed = Q(state=HelpRequestState.COMPLETED)
    requests = (
        scope.requests()
        .filter(scope.in_period("sent_at"))
        .values("structure")
        .annotate(
            sent=Count("pk"),
            accepted=Count("pk", filter=ACCEPTED),
            completed=Count("pk", filter=completed),
            news=Count("pk", filter=completed & ~Q(follow_up_outcome="")),
        )
    )
    for row in requests:
        counts = by_structure.setdefault(row["structure"], Counts())
        for name in REQUEST_COUNTS:
            setattr(counts, name, row[name])

    counted = [pk for pk, counts in by_structure.items() if pk and not counts.is_empty]
    structures = (
        Structure.objects.filter(_structures_of(scope))
        .filter(Q(is_approved=True) | Q(pk__in=counted))
        .only("name", "departement")
        .order_by()
    )
    lines, regions = [], {}
    total = Counts()
    for structure in structures:
        counts = by_structure.get(structure.pk, Counts())
        region = region_of(structure.departement)
        line = BreakdownLine(
            label=structure.name,
            counts=counts,
            departement=structure.departement,
            region=region.name if region else NO_REGION,
        )
        lines.append(line)
        key = region.code if region else ""
        regions.setdefault(key, BreakdownLine(label=line.region, counts=Counts())).counts.add(
            counts
        )
        total.add(counts)
    lines.sort(key=lambda line: (line.label.casefold(), line.departement))
    if None in by_structure:
        orphans = by_structure[None]
        lines.append(BreakdownLine(label=NO_STRUCTURE, counts=orphans, region=NO_REGION))
        regions.setdefault("", BreakdownLine(label=NO_REGION, counts=Counts())).counts.add(orphans)
        total.add(orphans)
    region_lines = sorted(
        regions.items(), key=lambda item: (item[0] == "", str(item[1].label).casefold())
    )
    return NetworkBreakdown(
        structures=lines, regions=[line for _key, line in region_lines], total=total
    )


# The whole report ------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkReport:
    scope: Scope
    comparison: Scope
    figures: Impact
    previous: Impact
    headlines: list[Headline]
    breakdown: NetworkBreakdown
    charts: dict[str, Chart]


@kept("network")
def network_report(scope: Scope, comparison: Scope) -> NetworkReport:
    """The page's figures: both periods' (ten queries) and the breakdown (three)."""
    figures = network_figures(scope)
    previous = network_figures(comparison)
    lines = breakdown(scope)
    charts = structure_charts(figures)
    charts["declines"] = breakdown_chart(figures.requests.declines_by_reason)
    charts["regions"] = chart((line.label, Figure(line.counts.sent)) for line in lines.regions)
    return NetworkReport(
        scope=scope,
        comparison=comparison,
        figures=figures,
        previous=previous,
        headlines=headlines(figures, previous),
        breakdown=lines,
        charts=charts,
    )
