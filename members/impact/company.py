"""A partner company's figures, as its contact reads them (issue 16).

A company contact may not see the people behind a figure: every count is read with the
small-count rule on (``protect_small_counts=True``, "moins de 5"), and nothing names or
describes a young person. Every figure is the one of :mod:`members.impact.figures` over a
``Scope`` narrowed to one company (:func:`company_scope` refuses a scope without one), plus:

- ``volunteers``: the company's professionals approved today, account still active (the
  directory's ``approved()``, as on the public partners page);
- ``given`` and ``given_by_kind``: requests sent to them in the period (``sent_at``) that
  they accepted, whatever came after (:data:`members.impact.figures.ACCEPTED`), by kind of
  coup de pouce;
- quotes: the feedback of completed coups de pouce (``completed_at`` in the period) of the
  company's professionals whose author ticked "share" when typing it
  (``young_feedback_shared``, ``professional_feedback_shared``) and has not withdrawn it,
  never a young person who is a minor today (members.requests.sharing), text only, never
  a name, a date or anything else of the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.enums import HelpKind, HelpRequestState
from members.impact import figures
from members.impact.cache import kept
from members.impact.figures import (
    HIDDEN_TEXT,
    Average,
    Breakdown,
    CompletionFigures,
    Figure,
    FollowUpFigures,
    ProfessionalFigures,
    RequestFigures,
    Scope,
    Share,
    count,
)
from members.impact.structure import Chart, breakdown_chart
from members.models import HelpRequest, ProfessionalProfile
from members.requests import sharing

PROTECT = {"protect_small_counts": True}
# The most quotes a page shows (the newest): a page, not an archive.
QUOTE_LIMIT = 12


def company_scope(scope: Scope, company_id: int | None) -> Scope:
    """``scope``'s period narrowed to one company. A scope without one is the whole
    network's: refused, so that a contact without a company never reads it."""
    if not company_id:
        raise ValueError("A company's figures need a company.")
    return Scope(scope.start, scope.end, company=company_id)


@dataclass(frozen=True)
class Quote:
    text: str
    # Who wrote it, without a name: the young person helped or the company's volunteer.
    author: Literal["young", "professional"]

    @property
    def author_label(self) -> str:
        if self.author == "young":
            return str(_("Un ou une jeune accompagné·e"))
        return str(_("Un ou une bénévole de l’entreprise"))


@dataclass(frozen=True)
class CompanyFigures:
    scope: Scope
    volunteers: Figure
    given: Figure
    given_by_kind: Breakdown
    requests: RequestFigures
    professionals: ProfessionalFigures
    completions: CompletionFigures
    follow_ups: FollowUpFigures


@kept("company")
def company_figures(scope: Scope, company_id: int) -> CompanyFigures:
    """Every figure of one company over the period, small counts hidden (six queries)."""
    scope = company_scope(scope, company_id)
    volunteers = ProfessionalProfile.objects.approved().filter(company_id=company_id).count()
    aggregates = {"given": Count("pk", filter=figures.ACCEPTED)}
    for kind in HelpKind:
        aggregates[f"kind_{kind}"] = Count("pk", filter=figures.ACCEPTED & Q(kind=kind))
    given = scope.requests().filter(scope.in_period("sent_at")).aggregate(**aggregates)
    return CompanyFigures(
        scope=scope,
        volunteers=count(volunteers, **PROTECT),
        given=count(given["given"], **PROTECT),
        given_by_kind=Breakdown(
            tuple(
                figures.Row(code, label, count(given[f"kind_{code}"], **PROTECT))
                for code, label in HelpKind.choices
            )
        ),
        requests=figures.requests(scope, **PROTECT),
        professionals=figures.professionals(scope, **PROTECT),
        completions=figures.completions(scope, **PROTECT),
        follow_ups=figures.follow_ups(scope, **PROTECT),
    )


@kept("quotes")
def shared_quotes(scope: Scope, company_id: int, limit: int = QUOTE_LIMIT) -> list[Quote]:
    """The feedback its authors agreed to share, on coups de pouce of the company's
    professionals completed in the period, newest first (one query). Only the text.

    Who may be quoted is members.requests.sharing's rule, read today: a young person who
    is a minor today is never quoted, whatever consent was stored (a withdrawn consent is
    no longer stored)."""
    scope = company_scope(scope, company_id)
    young, professional = sharing.quotable()
    rows = (
        HelpRequest.objects.filter(
            scope.of_company(),
            scope.in_period("completed_at"),
            young | professional,
            state=HelpRequestState.COMPLETED,
        )
        .annotate(
            young_quoted=ExpressionWrapper(young, output_field=BooleanField()),
            professional_quoted=ExpressionWrapper(professional, output_field=BooleanField()),
        )
        .order_by("-completed_at", "-pk")
        .values_list(
            "young_feedback", "young_quoted", "professional_feedback", "professional_quoted"
        )[:limit]
    )
    quotes = []
    for young_text, young_quoted, pro_text, pro_quoted in rows:
        if young_quoted and young_text.strip():
            quotes.append(Quote(young_text.strip(), "young"))
        if pro_quoted and pro_text.strip():
            quotes.append(Quote(pro_text.strip(), "professional"))
    return quotes[:limit]


def company_charts(company: CompanyFigures) -> dict[str, Chart]:
    """The page's charts: coups de pouce given by kind, outcomes at completion and three
    months later (a hidden count draws no bar and reads "moins de 5")."""
    return {
        "kinds": breakdown_chart(company.given_by_kind),
        "outcomes": breakdown_chart(company.completions.by_outcome),
        "follow_ups": breakdown_chart(company.follow_ups.by_outcome),
    }


# The export ------------------------------------------------------------------------------


def _protected(value: Any) -> Any:
    """A count hidden by the small-count rule reads "moins de 5" in the file too: an
    empty cell would look like a figure lost."""
    if isinstance(value, Figure | Share | Average) and value.hidden:
        return str(HIDDEN_TEXT)
    return value


def company_rows(company: CompanyFigures, company_name: str, period: str) -> Iterator[list[Any]]:
    """A partner company's figures, small counts hidden: a heading, then one line per
    figure (section, figure, value, unit). Counts only, like the page."""
    yield [gettext("Entreprise"), company_name]
    yield [gettext("Période"), period]
    yield [gettext("Produit le"), timezone.localdate()]
    yield [gettext("Les nombres de moins de 5 sont masqués (« moins de 5 »).")]
    yield []
    yield [gettext("Rubrique"), gettext("Indicateur"), gettext("Valeur"), gettext("Unité")]
    pros, asks = gettext("professionnel·les"), gettext("demandes")
    section = gettext("Bénévoles")
    lines = [
        [section, gettext("Bénévoles inscrit·es (à ce jour)"), company.volunteers, pros],
        [
            section,
            gettext("Bénévoles ayant répondu sur la période"),
            company.professionals.active,
            pros,
        ],
    ]
    section = gettext("Coups de pouce")
    lines += [
        [section, gettext("Demandes reçues"), company.requests.sent, asks],
        [section, gettext("Taux de réponse"), company.requests.response_rate, "%"],
        [section, gettext("Coups de pouce donnés"), company.given, asks],
    ]
    lines += [
        [section, gettext("Coup de pouce : %(label)s") % {"label": row.label}, row.count, asks]
        for row in company.given_by_kind
    ]
    section = gettext("Coups de pouce terminés")
    lines.append([section, gettext("Coups de pouce terminés"), company.completions.completed, asks])
    lines += [
        [section, gettext("Résultat : %(label)s") % {"label": row.label}, row.count, asks]
        for row in company.completions.by_outcome
    ]
    follow_ups = company.follow_ups
    section = gettext("Nouvelles à trois mois")
    lines += [
        [section, gettext("Jeunes interrogé·es"), follow_ups.asked, asks],
        [section, gettext("Réponses reçues"), follow_ups.recorded, asks],
    ]
    lines += [
        [section, gettext("Résultat : %(label)s") % {"label": row.label}, row.count, asks]
        for row in follow_ups.by_outcome
    ]
    lines.append([section, gettext("Emploi, formation ou stage"), follow_ups.way_in, "%"])
    for line in lines:
        yield [_protected(value) for value in line]
