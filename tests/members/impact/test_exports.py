"""A structure's exports: the page's figures and its young people's requests, in CSV
(UTF-8 with a byte order mark, streamed) and XLSX (read back by openpyxl); no cell a
spreadsheet would run; never another structure's rows."""

import csv
import io

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from members.enums import Outcome
from tests.members.factories import HelpRequestFactory, ProfessionalFactory, YoungPersonFactory
from tests.members.impact.conftest import at

pytestmark = pytest.mark.django_db

YEAR_2025 = {"period": "year", "year": "2025"}


@pytest.fixture
def data(structure, other_structure, young_person):
    """Two requests of the structure in 2025, with names a spreadsheet would run; one of
    another structure's."""
    young_person.first_name = '=HYPERLINK("http://evil.example","x")'
    young_person.last_name = "@SUM(A1)"
    young_person.save()
    HelpRequestFactory(
        young_person=young_person,
        professional=ProfessionalFactory(first_name="+33 6 12", last_name="-Martin"),
        state="completed",
        sent_at=at(2025, 3, 2),
        answered_at=at(2025, 3, 3),
        completed_at=at(2025, 3, 20),
        outcome=Outcome.INTERVIEW,
        follow_up_sent_at=at(2025, 6, 20),
        follow_up_outcome=Outcome.JOB,
    )
    HelpRequestFactory(
        young_person=young_person,
        professional=ProfessionalFactory(first_name="-1+1", last_name="Dupont"),
        state="sent",
        sent_at=at(2025, 4, 1),
    )
    stranger = YoungPersonFactory(
        structure=other_structure, first_name="Bérénice", last_name="Inconnue"
    )
    HelpRequestFactory(
        young_person=stranger,
        professional=ProfessionalFactory(first_name="Zorglub"),
        state="sent",
        sent_at=at(2025, 4, 1),
    )


def _get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(f"members:{name}"), {**YEAR_2025, **params})


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


def test_the_requests_csv_has_its_columns_and_neutralised_names(
    client, counsellor, structure, data
):
    response = _get(client, counsellor, "impact-requests-export", format="csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="demandes-{structure.slug}-2025.csv"'
    )
    rows = _csv(response)
    assert rows[0] == [
        "Envoyée le",
        "Jeune",
        "Professionnel·le",
        "Coup de pouce",
        "État",
        "Résultat",
        "Résultat à trois mois",
    ]
    assert len(rows) == 3
    first, second = rows[1], rows[2]
    assert first[0] == "2025-03-02"
    assert first[1] == '\'=HYPERLINK("http://evil.example","x") @SUM(A1)'
    assert first[2] == "'+33 6 12 -Martin"
    assert first[3:] == ["Conseils sur un métier", "Terminée", "Un entretien obtenu", "Un emploi"]
    assert second[2] == "'-1+1 Dupont"
    assert "Bérénice" not in str(rows) and "Zorglub" not in str(rows)


def test_the_requests_xlsx_reads_back_with_the_same_neutralised_cells(
    client, counsellor, structure, data
):
    response = _get(client, counsellor, "impact-requests-export", format="xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="demandes-{structure.slug}-2025.xlsx"'
    )
    rows = _xlsx(response)
    assert rows[0][:3] == ["Envoyée le", "Jeune", "Professionnel·le"]
    assert len(rows) == 3
    assert str(rows[1][0]).startswith("2025-03-02")
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x") @SUM(A1)'
    assert rows[1][2] == "'+33 6 12 -Martin"
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and cell[:1] in "=+-@\t\r" and cell), cell


def test_a_counsellor_never_exports_another_structures_requests(
    client, other_structure_counsellor, data
):
    for file_format in ("csv", "xlsx"):
        response = _get(
            client, other_structure_counsellor, "impact-requests-export", format=file_format
        )
        rows = _csv(response) if file_format == "csv" else _xlsx(response)
        assert len(rows) == 2, rows
        text = str(rows)
        assert "Bérénice" in text and "Zorglub" in text
        assert "HYPERLINK" not in text and "-Martin" not in text and "Dupont" not in text


def test_a_referent_reads_figures_not_requests(client, referent, data):
    assert _get(client, referent, "impact-requests-export").status_code == 403


def test_the_figures_csv_holds_the_page_figures(client, referent, counsellor, structure, data):
    response = _get(client, referent, "impact-export", format="csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="chiffres-{structure.slug}-2025.csv"'
    )
    rows = _csv(response)
    assert rows[0] == ["Structure", structure.name]
    assert rows[1][0] == "Période"
    assert rows[3] == ["Rubrique", "Indicateur", "Valeur", "Unité"]
    by_name = {(row[0], row[1]): row[2] for row in rows if len(row) >= 3}
    assert by_name[("Demandes envoyées", "Demandes envoyées")] == "2"
    assert by_name[("Coups de pouce terminés", "Coups de pouce terminés")] == "1"
    assert by_name[("Nouvelles à trois mois", "Résultat : Un emploi")] == "1"
    assert by_name[("Nouvelles à trois mois", "Emploi, formation ou stage")] == "100"
    counsellor_rows = [row for row in rows if row and row[0] == counsellor.get_full_name()]
    assert counsellor_rows == [[counsellor.get_full_name(), "1", "2", "1", "1"]]
    assert "Bérénice" not in str(rows)


def test_the_figures_xlsx_reads_back_with_numbers(client, counsellor, structure, data):
    response = _get(client, counsellor, "impact-export", format="xlsx")

    rows = _xlsx(response)
    assert rows[0][:2] == ["Structure", structure.name]
    sent = next(row for row in rows if row[:2] == ["Demandes envoyées", "Demandes envoyées"])
    assert sent[2] == 2


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "\tE2C", "@E2C", "+E2C", "-E2C"])
def test_a_neutralised_structure_name_in_the_figures(client, referent, structure, data, name):
    structure.name = name
    structure.save()

    rows = _csv(_get(client, referent, "impact-export", format="csv"))
    assert rows[0] == ["Structure", f"'{name}"]
    rows = _xlsx(_get(client, referent, "impact-export", format="xlsx"))
    assert rows[0][:2] == ["Structure", f"'{name}"]


@pytest.mark.parametrize(
    "params",
    [
        {"format": "pdf"},
        {"format": "csv", "period": "dates", "start": "2025-03-10", "end": "2025-03-01"},
    ],
)
def test_a_wrong_format_or_period_is_not_found(client, counsellor, data, params):
    for name in ("impact-export", "impact-requests-export"):
        assert _get(client, counsellor, name, **params).status_code == 404


def test_the_export_of_a_month_names_it(client, counsellor, structure, data):
    response = _get(
        client, counsellor, "impact-requests-export", period="month", month="4", format="csv"
    )

    assert response["Content-Disposition"].endswith(f'demandes-{structure.slug}-2025-04.csv"')
    assert len(_csv(response)) == 2


def test_a_long_csv_streams_in_chunks_of_a_thousand_lines():
    from members.impact import spreadsheets

    rows = ([f"ligne {number}", number] for number in range(2500))

    chunks = list(spreadsheets.csv_response(rows, "essai").streaming_content)

    assert [chunk.count(b"\r\n") for chunk in chunks] == [1000, 1000, 500]
    assert chunks[0].startswith("\ufeff".encode())
