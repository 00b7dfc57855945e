"""A structure's own figures, as its referent and counsellors read them (issue 16).

They may see the young people behind every count, so nothing is hidden by the small-count
rule; every figure is scoped to one structure, never more: :func:`structure_scope` refuses
a scope without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise

from members.enums import HelpRequestState, Role
from members.impact.cache import kept
from members.impact.figures import ACCEPTED, Breakdown, Figure, Impact, Scope, impact
from members.models import HelpRequest, User, YoungPersonProfile

# The width of the longest bar, in the chart's viewBox units (400 wide: the rest holds
# its number).
BAR_MAX = 300
ROW_HEIGHT = 44


def structure_scope(scope: Scope, structure_id: int | None) -> Scope:
    """``scope`` narrowed to one structure. A scope without a structure is every
    structure's: refused, so that a member without one never reads the network's."""
    if not structure_id:
        raise ValueError("A structure's figures need a structure.")
    return Scope(scope.start, scope.end, structures=(structure_id,))


@kept("structure")
def structure_figures(scope: Scope, structure_id: int) -> Impact:
    """Every figure of one structure over the period, small counts shown (five queries)."""
    return impact(structure_scope(scope, structure_id), protect_small_counts=False)


@dataclass(frozen=True)
class CounsellorRow:
    counsellor: User
    young_people: int
    sent: int
    accepted: int
    completed: int


def _count(queryset: QuerySet) -> Coalesce:
    """The number of rows of ``queryset`` (correlated with OuterRef) as a subquery."""
    return Coalesce(
        Subquery(
            queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


@kept("counsellors")
def counsellor_figures(scope: Scope, structure_id: int) -> list[CounsellorRow]:
    """For each active counsellor of the structure, in one query: the young people they
    follow today (``YoungPersonProfile.counsellor``), and the requests those young people
    sent in the period for this structure (``sent_at``), accepted (whatever came after,
    as :data:`members.impact.figures.ACCEPTED`) and completed by today."""
    scope = structure_scope(scope, structure_id)
    sent = HelpRequest.objects.filter(
        scope.in_period("sent_at"),
        structure_id=structure_id,
        young_person__young_profile__counsellor=OuterRef("pk"),
    )
    counsellors = (
        User.objects.filter(role=Role.COUNSELLOR, structure_id=structure_id, is_active=True)
        .only("first_name", "last_name", "email")
        .annotate(
            young_count=_count(
                YoungPersonProfile.objects.filter(
                    counsellor=OuterRef("pk"), user__structure_id=structure_id
                )
            ),
            sent_count=_count(sent),
            accepted_count=_count(sent.filter(ACCEPTED)),
            completed_count=_count(sent.filter(state=HelpRequestState.COMPLETED)),
        )
        .order_by("last_name", "first_name", "pk")
    )
    return [
        CounsellorRow(
            counsellor=counsellor,
            young_people=counsellor.young_count,
            sent=counsellor.sent_count,
            accepted=counsellor.accepted_count,
            completed=counsellor.completed_count,
        )
        for counsellor in counsellors
    ]


# Charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its number as printed, its length and place in the
    chart's viewBox (templates/members/impact/includes/bar_chart.html)."""

    label: str | Promise
    value: Figure
    width: int
    y: int

    @property
    def text_x(self) -> int:
        return self.width + 6


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: every count is 0. A count hidden by the small-count rule may
        hide people, so a chart that has one is drawn (its bar reads "moins de 5")."""
        return not any(bar.value.value or bar.value.hidden for bar in self.bars)


def chart(rows: Iterable[tuple[str | Promise, Figure]]) -> Chart:
    """Horizontal bars, the longest ``BAR_MAX`` wide, each as long as its count."""
    rows = list(rows)
    largest = max((figure.value or 0 for _label, figure in rows), default=0)
    return Chart(
        tuple(
            Bar(
                label=label,
                value=figure,
                width=round(BAR_MAX * (figure.value or 0) / largest) if largest else 0,
                y=index * ROW_HEIGHT,
            )
            for index, (label, figure) in enumerate(rows)
        )
    )


def breakdown_chart(breakdown: Breakdown, *, skip_zeros: bool = False) -> Chart:
    return chart(
        (row.label, row.count) for row in breakdown if not (skip_zeros and not row.count.value)
    )


def structure_charts(figures: Impact) -> dict[str, Chart]:
    """The page's charts: the funnel, requests by state and by kind, outcomes at
    completion and three months later."""
    return {
        "funnel": breakdown_chart(figures.funnel),
        "states": breakdown_chart(figures.requests.by_state),
        "kinds": breakdown_chart(figures.requests.by_kind),
        "outcomes": breakdown_chart(figures.completions.by_outcome),
        "follow_ups": breakdown_chart(figures.follow_ups.by_outcome),
    }
