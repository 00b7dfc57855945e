"""The contact form's messages in the admin: anyone may write there, a young person
included, so only moderators with a second factor read, export or delete them. Editors
keep editing the contact page itself."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from home.spreadsheets import neutralise_cell
from tests.home.factories import ContactPageFactory
from tests.members.factories import ModeratorFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home_page):
    page = ContactPageFactory(parent=home_page)
    FormSubmission.objects.create(
        page=page,
        form_data={
            "nom_et_prenom": "Inès",
            "adresse_e_mail": "ines@example.org",
            "votre_message": "+cmd|' /C calc'!A0",
        },
    )
    return page


@pytest.fixture
def editor(db):
    user = UserFactory(email="redaction@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def urls(contact) -> list[str]:
    submissions = reverse("wagtailforms:list_submissions", args=[contact.pk])
    return [
        submissions,
        submissions + "?export=csv",
        submissions + "?export=xlsx",
        reverse("wagtailforms:delete_submissions", args=[contact.pk])
        + f"?selected-submissions={FormSubmission.objects.get().pk}",
    ]


@pytest.mark.parametrize("with_a_totp", [False, True])
def test_an_editor_cannot_read_export_or_delete_the_messages(client, editor, contact, with_a_totp):
    if with_a_totp:
        with_totp(editor)
    client.force_login(editor)

    for url in urls(contact):
        assert refused(client.get(url)), url
    client.post(urls(contact)[-1])

    assert FormSubmission.objects.count() == 1


def test_an_editor_sees_no_forms_menu_but_still_edits_the_contact_page(client, editor, contact):
    client.force_login(editor)

    home = client.get(reverse("wagtailadmin_home"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[contact.pk]))

    assert reverse("wagtailforms:index") not in home.text
    assert "Inès" not in client.get(reverse("wagtailforms:index")).text
    assert edit.status_code == 200


def test_a_moderator_without_a_second_factor_cannot_read_them(client, settings, contact):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireSecondFactor" not in m]
    client.force_login(ModeratorFactory(totp=False))

    for url in urls(contact):
        assert refused(client.get(url)), url


def test_a_moderator_with_a_second_factor_reads_and_exports_them(client, contact):
    client.force_login(ModeratorFactory())

    listing = client.get(urls(contact)[0])
    export = client.get(urls(contact)[1])

    assert listing.status_code == 200
    assert "ines@example.org" in listing.text
    text = b"".join(export.streaming_content).decode()
    header, row = list(csv.reader(io.StringIO(text)))
    assert row[header.index("Votre message")] == "'+cmd|' /C calc'!A0"
    assert row[header.index("Adresse e-mail")] == "ines@example.org"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://pirate.example")', '\'=HYPERLINK("https://pirate.example")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Inès", "Inès"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(value, cell):
    assert neutralise_cell(value) == cell
