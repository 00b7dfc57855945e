"""The association's figures as CSV (UTF-8 with a byte order mark, streamed) and XLSX (read
back by openpyxl): the page's figures, the compared period, the counts by region and by
structure; no cell a spreadsheet would run; moderators only."""

import csv
import io

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from config import caching
from members.enums import Outcome
from tests.members.factories import YoungPersonFactory
from tests.members.impact.conftest import at, make_request
from tests.network.factories import CompanyFactory, StructureFactory

pytestmark = pytest.mark.django_db

MARCH_2025 = {"period": "month", "year": "2025", "month": "3"}
COUNT_COLUMNS = [
    "Jeunes invité·es",
    "Jeunes avec un compte",
    "Demandes envoyées",
    "dont acceptées",
    "dont terminées",
    "dont nouvelles à trois mois",
]


@pytest.fixture
def data(world):
    """March 2025: Saint-Denis's completed request (a job three months later) and Lyon's
    accepted one; February: one of Saint-Denis's. A structure and a company whose names a
    spreadsheet would run."""
    make_request(
        world["y1"],
        world["a1"],
        "completed",
        sent_at=at(2025, 3, 3),
        answered_at=at(2025, 3, 4),
        completed_at=at(2025, 3, 20),
        outcome=Outcome.INTERVIEW,
        follow_up_sent_at=at(2025, 6, 20),
        follow_up_outcome=Outcome.JOB,
    )
    make_request(world["y3"], world["g"], "accepted", sent_at=at(2025, 3, 5),
                 answered_at=at(2025, 3, 6))  # fmt: skip
    make_request(world["y2"], world["a2"], "sent", sent_at=at(2025, 2, 5))
    evil = StructureFactory(name='=HYPERLINK("http://evil.example","x")', postcode="75011")
    make_request(YoungPersonFactory(structure=evil), world["a1"], "sent", sent_at=at(2025, 3, 9))
    return world | {"evil": evil, "evil_company": CompanyFactory(name="@SUM(A1)")}


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("members:impact-network-export"), {**MARCH_2025, **params})


def _csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _xlsx(response) -> list[list]:
    assert isinstance(response, FileResponse)
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]


def _after(rows, heading_start: list) -> list[list]:
    """The lines of the table whose heading starts with ``heading_start``, to the blank line."""
    start = next(i for i, row in enumerate(rows) if row[: len(heading_start)] == heading_start)
    lines = []
    for row in rows[start + 1 :]:
        if not any(row):
            break
        lines.append(row)
    return lines


def test_the_csv_holds_the_figures_the_comparison_and_the_breakdown(client, moderator, data):
    response = _get(client, moderator, format="csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="chiffres-reseau-2025-03.csv"'
    rows = _csv(response)
    assert rows[0] == ["Chiffres du réseau"]
    assert rows[1] == ["Période", "du 1 mars 2025 au 31 mars 2025"]
    assert rows[2] == ["Comparée à", "du 1 février 2025 au 28 février 2025"]
    assert rows[3][0] == "Produits le" and rows[3][1].startswith("20")
    by_name = {(row[0], row[1]): row[2] for row in rows if len(row) == 4}
    assert by_name[("Demandes envoyées", "Demandes envoyées")] == "3"
    assert by_name[("Nouvelles à trois mois", "Résultat : Un emploi")] == "0"
    assert by_name[("Coups de pouce terminés", "Résultat : Un entretien obtenu")] == "1"

    comparison = _after(rows, ["Indicateur", "du 1 mars 2025 au 31 mars 2025"])
    headlines = {row[0]: row[1:] for row in comparison}
    assert headlines["Demandes envoyées"] == ["3", "1", "2", "demandes"]
    assert headlines["Taux de réponse des pros"] == ["100", "", "", "%"]

    regions = {row[0]: row[1:] for row in _after(rows, ["Région", *COUNT_COLUMNS])}
    assert regions["Île-de-France"] == ["0", "0", "2", "1", "1", "1"]
    assert regions["Auvergne-Rhône-Alpes"] == ["0", "0", "1", "1", "0", "0"]
    assert regions["Total"] == ["0", "0", "3", "2", "1", "1"]

    structures = _after(rows, ["Structure", "Département", "Région", *COUNT_COLUMNS])
    by_structure = {row[0]: row[1:] for row in structures}
    assert by_structure["E2C de Lyon"] == [
        "69",
        "Auvergne-Rhône-Alpes",
        "0",
        "0",
        "1",
        "1",
        "0",
        "0",
    ]
    assert by_structure["Mission locale de Saint-Denis"][:2] == ["93", "Île-de-France"]
    # A name a spreadsheet would run is text.
    assert by_structure['\'=HYPERLINK("http://evil.example","x")'][2:5] == ["0", "0", "1"]


def test_the_filters_are_in_the_file_and_neutralised(client, moderator, data):
    rows = _csv(
        _get(
            client,
            moderator,
            format="csv",
            region="11",
            structure=data["evil"].pk,
            company=data["evil_company"].pk,
        )
    )

    assert ["Région", "Île-de-France"] in rows
    assert ["Structure", '\'=HYPERLINK("http://evil.example","x")'] in rows
    assert ["Entreprise des professionnel·les", "'@SUM(A1)"] in rows
    structures = _after(rows, ["Structure", "Département", "Région", *COUNT_COLUMNS])
    assert [row[0] for row in structures] == ['\'=HYPERLINK("http://evil.example","x")']


def test_the_xlsx_reads_back_with_numbers_and_neutralised_cells(client, moderator, data):
    response = _get(client, moderator, format="xlsx", company=data["evil_company"].pk)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="chiffres-reseau-2025-03.xlsx"'
    )
    rows = _xlsx(response)
    assert rows[0][0] == "Chiffres du réseau"
    assert ["Entreprise des professionnel·les", "'@SUM(A1)"] == rows[3][:2]
    sent = next(row for row in rows if row[:2] == ["Demandes envoyées", "Demandes envoyées"])
    assert sent[2] == 0  # the company has no professional
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and cell[:1] in "=+-@\t\r" and cell), cell


def test_a_difference_below_zero_is_a_number_in_the_xlsx(client, moderator, data):
    february = {"month": "2", "compare": "dates", "compare_start": "2025-03-01",
                "compare_end": "2025-03-31"}  # fmt: skip

    rows = _xlsx(_get(client, moderator, format="xlsx", **february))

    sent = next(
        row for row in rows if row[:1] == ["Demandes envoyées"] and row[4:5] == ["demandes"]
    )
    assert sent[1:4] == [1, 3, -2]


@pytest.mark.parametrize(
    "params",
    [
        {"format": "pdf"},
        {"format": "csv", "period": "dates", "start": "2025-03-10", "end": "2025-03-01"},
        {"format": "csv", "region": "11", "departement": "69"},
        {"format": "csv", "compare": "dates"},
    ],
)
def test_a_wrong_format_period_or_filter_is_not_found(client, moderator, data, params):
    assert _get(client, moderator, **params).status_code == 404


def test_the_export_costs_the_same_queries_whatever_the_structures(
    client, moderator, data, django_assert_num_queries
):
    client.force_login(moderator)
    url = reverse("members:impact-network-export")
    params = {**MARCH_2025, "format": "csv"}
    b"".join(client.get(url, params).streaming_content)  # the session is warm
    caching.outdate(caching.IMPACT)  # computed, not read from the cache (members.impact.cache)
    with django_assert_num_queries(15) as before:
        b"".join(client.get(url, params).streaming_content)
    for number in range(5):
        structure = StructureFactory(postcode=f"{13001 + number}")
        make_request(YoungPersonFactory(structure=structure), data["a1"], "sent",
                     sent_at=at(2025, 3, 20))  # fmt: skip
    with django_assert_num_queries(len(before.captured_queries)):
        rows = _csv(client.get(url, params))
    assert len(_after(rows, ["Structure", "Département", "Région", *COUNT_COLUMNS])) == 8


@pytest.mark.parametrize("person", ["counsellor", "referent", "young_person", "professional"])
def test_only_moderators_export(client, request, data, person):
    assert _get(client, request.getfixturevalue(person), format="csv").status_code == 403
