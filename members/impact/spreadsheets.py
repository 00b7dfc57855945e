"""A structure's figures, its young people's requests and the association's figures as
CSV or XLSX files.

Both formats stream: the CSV row by row (``StreamingHttpResponse``), the XLSX written by
openpyxl's write-only mode into a temporary file on disk, then sent from it
(``FileResponse``). Every text cell goes through :func:`home.spreadsheets.neutralise_cell`,
the site's one rule against cells a spreadsheet would run.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from home.spreadsheets import neutralise_cell
from members.enums import FollowUpOutcome, HelpKind, HelpRequestState, Outcome
from members.impact.figures import Average, Figure, Impact, Share
from members.impact.network import COUNT_NAMES, Counts, Difference, NetworkReport
from members.impact.structure import CounsellorRow
from members.models import HelpRequest

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: numbers and dates kept, the rest as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, Figure):
        return "" if value.value is None else value.value
    if isinstance(value, Share):
        return "" if value.percent is None else value.percent
    if isinstance(value, Average):
        return "" if value.value is None else round(value.value, 1)
    if isinstance(value, Difference):
        return "" if value.value is None else round(value.value, 1)
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, int | float | datetime.date):
        return value
    return neutralise_cell(str(value))


# What goes in the files --------------------------------------------------------------


def figure_rows(
    figures: Impact, counsellors: list[CounsellorRow], structure_name: str, period: str
) -> Iterator[list[Any]]:
    """The figures of the page: a heading, then one line per figure
    (section, figure, value, unit)."""
    yield [_("Structure"), structure_name]
    yield [_("Période"), period]
    yield []
    yield from indicator_rows(figures)
    yield []
    yield [
        _("Conseiller·ère"),
        _("Jeunes suivi·es"),
        _("Demandes envoyées"),
        _("dont acceptées"),
        _("dont terminées"),
    ]
    for row in counsellors:
        yield [
            row.counsellor.get_full_name() or row.counsellor.email,
            row.young_people,
            row.sent,
            row.accepted,
            row.completed,
        ]


def indicator_rows(figures: Impact) -> Iterator[list[Any]]:
    """Every figure of :func:`members.impact.figures.impact`, one line each, under a
    heading (section, figure, value, unit)."""
    yield [_("Rubrique"), _("Indicateur"), _("Valeur"), _("Unité")]
    section = _("Parcours des jeunes invité·es")
    for row in figures.funnel:
        yield [section, row.label, row.count, _("jeunes")]
    requests = figures.requests
    section = _("Demandes envoyées")
    yield [section, _("Demandes envoyées"), requests.sent, _("demandes")]
    for row in requests.by_state:
        yield [section, _("État : %(label)s") % {"label": row.label}, row.count, _("demandes")]
    for row in requests.by_kind:
        yield [section, _("Coup de pouce : %(label)s") % {"label": row.label}, row.count,
               _("demandes")]  # fmt: skip
    yield [section, _("Taux de réponse"), requests.response_rate, "%"]
    yield [section, _("Délai moyen de réponse"), requests.mean_response_hours, _("heures")]
    yield [section, _("Réponses sous 48 heures"), requests.answered_within["within_48_hours"], "%"]
    yield [section, _("Réponses sous 7 jours"), requests.answered_within["within_7_days"], "%"]
    yield [section, _("Expirées sans réponse"), requests.expired, _("demandes")]
    for row in requests.declines_by_reason:
        yield [section, _("Déclinée : %(label)s") % {"label": row.label}, row.count,
               _("demandes")]  # fmt: skip
    section = _("Coups de pouce terminés")
    yield [section, _("Coups de pouce terminés"), figures.completions.completed, _("demandes")]
    for row in figures.completions.by_outcome:
        yield [section, _("Résultat : %(label)s") % {"label": row.label}, row.count,
               _("demandes")]  # fmt: skip
    section = _("Professionnel·les")
    yield [section, _("Professionnel·les actif·ves"), figures.professionals.active,
           _("professionnel·les")]  # fmt: skip
    yield [section, _("Demandes acceptées"), figures.professionals.accepted, _("demandes")]
    yield [section, _("Demandes acceptées par professionnel·le"), figures.professionals.load,
           _("demandes")]  # fmt: skip
    follow_ups = figures.follow_ups
    section = _("Nouvelles à trois mois")
    yield [section, _("Jeunes interrogé·es"), follow_ups.asked, _("demandes")]
    yield [section, _("Réponses reçues"), follow_ups.recorded, _("demandes")]
    for row in follow_ups.by_outcome:
        yield [section, _("Résultat : %(label)s") % {"label": row.label}, row.count,
               _("demandes")]  # fmt: skip
    yield [section, _("Emploi, formation ou stage"), follow_ups.way_in, "%"]


def network_rows(
    report: NetworkReport, period: str, comparison: str, filters: list[tuple[str, str]]
) -> Iterator[list[Any]]:
    """The association's figures (members:impact-network): a heading (the period, the
    compared one, the filters), every figure, the headline figures of both periods with
    their difference, then the counts by region and by structure."""
    yield [_("Chiffres du réseau")]
    yield [_("Période"), period]
    yield [_("Comparée à"), comparison]
    for label, value in filters:
        yield [label, value]
    yield [_("Produits le"), timezone.localtime().replace(microsecond=0, tzinfo=None)]
    yield []
    yield from indicator_rows(report.figures)
    yield []
    yield [_("Indicateur"), period, comparison, _("Écart"), _("Unité")]
    for headline in report.headlines:
        yield [
            headline.label,
            headline.current,
            headline.previous,
            headline.difference,
            headline.unit,
        ]
    counts = [
        _("Jeunes invité·es"),
        _("Jeunes avec un compte"),
        _("Demandes envoyées"),
        _("dont acceptées"),
        _("dont terminées"),
        _("dont nouvelles à trois mois"),
    ]
    yield []
    yield [_("Région"), *counts]
    for line in report.breakdown.regions:
        yield [line.label, *_counts(line.counts)]
    yield [_("Total"), *_counts(report.breakdown.total)]
    yield []
    yield [_("Structure"), _("Département"), _("Région"), *counts]
    for line in report.breakdown.structures:
        yield [line.label, line.departement, line.region, *_counts(line.counts)]


def _counts(counts: Counts) -> list[int]:
    return [getattr(counts, name) for name in COUNT_NAMES]


REQUEST_FIELDS = (
    "sent_at",
    "kind",
    "state",
    "outcome",
    "follow_up_outcome",
    "young_person__first_name",
    "young_person__last_name",
    "professional__first_name",
    "professional__last_name",
)


def request_rows(requests: QuerySet[HelpRequest]) -> Iterator[list[Any]]:
    """One line per request, read in chunks (``requests`` is already scoped to the
    reader)."""
    yield [
        _("Envoyée le"),
        _("Jeune"),
        _("Professionnel·le"),
        _("Coup de pouce"),
        _("État"),
        _("Résultat"),
        _("Résultat à trois mois"),
    ]
    rows = (
        requests.select_related("young_person", "professional")
        .only(*REQUEST_FIELDS)
        .order_by("sent_at", "pk")
    )
    # get_FOO_display() hashes the field's whole list of choices again for each cell
    # (half a millisecond each: 2.5 s for a structure's thousand requests); the labels
    # are read once per file instead, in the reader's language.
    kinds, states, outcomes, follow_ups = (
        {value: str(label) for value, label in choices}
        for choices in (
            HelpKind.choices,
            HelpRequestState.choices,
            Outcome.choices,
            FollowUpOutcome.choices,
        )
    )
    for help_request in rows.iterator(chunk_size=2000):
        yield [
            timezone.localtime(help_request.sent_at).date() if help_request.sent_at else None,
            help_request.young_person.get_full_name(),
            help_request.professional.get_full_name(),
            kinds.get(help_request.kind, help_request.kind),
            states.get(help_request.state, help_request.state),
            outcomes.get(help_request.outcome, help_request.outcome),
            follow_ups.get(help_request.follow_up_outcome, help_request.follow_up_outcome),
        ]


# The two formats -----------------------------------------------------------------------


class _Echo:
    """What csv.writer writes to: each line is handed back instead of stored."""

    def write(self, value: str) -> str:
        return value


# Lines are sent by the thousand: one write per line made the server send a chunk of
# a hundred bytes each time (a structure export of 2,000 lines took ten times longer).
LINES_PER_CHUNK = 1000


def _csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte order mark tells Excel the file is UTF-8 (accents, « · »).
    chunk = ["\ufeff"]
    for number, row in enumerate(rows, start=1):
        chunk.append(writer.writerow([_csv_value(_cell(value)) for value in row]))
        if number % LINES_PER_CHUNK == 0:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def csv_response(rows: Iterable[list[Any]], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: Iterable[list[Any]], filename: str, sheet_title: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    # On disk, not in memory; the file is removed when the response closes it.
    spooled = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(spooled)
    spooled.seek(0)
    return FileResponse(
        spooled, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )


def response(rows: Iterable[list[Any]], file_format: str, filename: str, sheet_title: str):
    """The rows as the file ``file_format`` asks for (one of :data:`FORMATS`)."""
    if file_format == XLSX:
        return xlsx_response(rows, filename, sheet_title)
    return csv_response(rows, filename)


def download_url(request: HttpRequest, url_name: str, file_format: str) -> str:
    """The export ``url_name`` of the page's own query (its period, its filters)."""
    query = request.GET.copy()
    query["format"] = file_format
    return f"{reverse(url_name)}?{query.urlencode()}"
