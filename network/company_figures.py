"""The figures of partner companies shown to the public, every company in two queries.

Each figure is the one of :mod:`members.impact.figures` read with ``Scope(company=...)``
over all time, grouped by company instead of asked once per company: the same
conditions (imported, not written again), the same small-count rule, always on (the public
may not see the people behind a figure). Counts only: nothing about a young person.

- ``volunteers``: the company's professionals approved today, account still active (the
  directory's ``approved()``);
- ``given`` and ``given_by_kind``: requests sent to them that they accepted, whatever came
  after (``figures.ACCEPTED``), by kind of coup de pouce;
- ``completed``: coups de pouce completed (``figures.completions``);
- ``recorded`` and ``way_in``: completed coups de pouce whose young person was asked for
  news at three months and answered, and the share of them that is a job, a training or
  an internship (``figures.follow_ups``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from members.enums import HelpKind, HelpRequestState
from members.impact import figures
from members.impact.figures import Breakdown, Figure, Row, Scope, Share
from members.models import ProfessionalProfile

COMPANY = "professional__pro_profile__company"


@dataclass(frozen=True)
class CompanyFigures:
    volunteers: Figure
    given: Figure
    given_by_kind: Breakdown
    completed: Figure
    recorded: Figure
    way_in: Share

    @property
    def kinds_shown(self) -> list[Row]:
        """The kinds whose count is shown (5 or more): a list of "moins de 5" says nothing."""
        return [row for row in self.given_by_kind if not row.count.hidden]


def company_figures(company_ids: Iterable[int]) -> dict[int, CompanyFigures]:
    """{company id: its figures}, in two queries whatever the number of companies."""
    ids = list(company_ids)
    if not ids:
        return {}
    scope = Scope.all_time()
    volunteers = dict(
        ProfessionalProfile.objects.approved()
        .filter(company__in=ids)
        .order_by()
        .values_list("company")
        .annotate(n=Count("pk"))
    )
    completed = Q(scope.in_period("completed_at"), state=HelpRequestState.COMPLETED)
    followed_up = Q(scope.in_period("follow_up_sent_at"), state=HelpRequestState.COMPLETED)
    aggregates = {
        "given": Count("pk", filter=figures.ACCEPTED),
        "completed": Count("pk", filter=completed),
        "recorded": Count("pk", filter=followed_up & ~Q(follow_up_outcome="")),
        "way_in": Count(
            "pk", filter=followed_up & Q(follow_up_outcome__in=figures.WAY_IN_OUTCOMES)
        ),
    }
    for kind in HelpKind:
        aggregates[f"kind_{kind}"] = Count("pk", filter=figures.ACCEPTED & Q(kind=kind))
    rows = {
        row[COMPANY]: row
        for row in (
            scope.requests()
            .filter(**{f"{COMPANY}__in": ids})
            .values(COMPANY)
            .annotate(**aggregates)
        )
    }
    empty = dict.fromkeys(aggregates, 0)
    return {pk: _figures(volunteers.get(pk, 0), rows.get(pk, empty)) for pk in ids}


def _figures(volunteers: int, counts: dict[str, int]) -> CompanyFigures:
    def count(value: int) -> Figure:
        return figures.count(value, protect_small_counts=True)

    return CompanyFigures(
        volunteers=count(volunteers),
        given=count(counts["given"]),
        given_by_kind=Breakdown(
            tuple(
                Row(kind, label, count(counts[f"kind_{kind}"])) for kind, label in HelpKind.choices
            )
        ),
        completed=count(counts["completed"]),
        recorded=count(counts["recorded"]),
        way_in=figures.share(counts["way_in"], counts["recorded"], protect_small_counts=True),
    )
