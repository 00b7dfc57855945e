"""A partner company's figures page, for its contacts: their own company only, every count
under 5 hidden, no personal data of a young person, quotes only with their author's consent,
a period chosen by GET, CSV/XLSX exports."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from config import caching
from members.enums import HelpKind, Outcome, Role
from members.impact.company import company_figures, shared_quotes
from members.impact.figures import Scope
from members.models import HelpRequest, User
from members.requests import services as request_services
from members.requests.workflow import TRANSITIONS, TransitionName
from tests.members.factories import (
    PASSWORD,
    HelpRequestFactory,
    ProfessionalFactory,
    UserFactory,
    YoungPersonFactory,
)
from tests.members.impact.conftest import at
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db

YEAR_2026 = {"period": "year", "year": "2026"}
YOUNG_NAMES = ("Bérénice", "Inconnue")


@pytest.fixture
def acme(db):
    return CompanyFactory(name="Acme", slug="acme")


@pytest.fixture
def contact(acme):
    return UserFactory(role=Role.COMPANY_CONTACT, company=acme, email="rse@acme.fr")


@pytest.fixture
def contact_client(client, contact):
    client.force_login(contact)
    return client


def young():
    return YoungPersonFactory(first_name=YOUNG_NAMES[0], last_name=YOUNG_NAMES[1])


def completed(professional, kind=HelpKind.CV_REVIEW, outcome=Outcome.JOB, **fields):
    fields = {
        "young_person": young(),
        "professional": professional,
        "state": "completed",
        "kind": kind,
        "sent_at": at(2026, 3, 2),
        "answered_at": at(2026, 3, 3),
        "completed_at": at(2026, 3, 20),
        "outcome": outcome,
        **fields,
    }
    return HelpRequestFactory(**fields)


@pytest.fixture
def big(acme):
    """Acme: six approved volunteers (and one pending); in 2026, five CV reviews completed
    (a job each, news at three months: five jobs), two mock interviews accepted, one
    declined. Globex: seven completed coups de pouce that must never count for Acme."""
    pros = [ProfessionalFactory(profile__company=acme) for _ in range(6)]
    ProfessionalFactory(profile__company=acme, profile__status="pending")
    for pro in pros[:5]:
        completed(pro, follow_up_sent_at=at(2026, 6, 20), follow_up_outcome=Outcome.JOB)
    for pro in pros[:2]:
        HelpRequestFactory(
            young_person=young(),
            professional=pro,
            state="accepted",
            kind=HelpKind.MOCK_INTERVIEW,
            sent_at=at(2026, 4, 1),
            answered_at=at(2026, 4, 2),
        )
    HelpRequestFactory(
        young_person=young(),
        professional=pros[5],
        state="declined",
        decline_reason="no_time",
        sent_at=at(2026, 5, 1),
        answered_at=at(2026, 5, 2),
    )
    globex = CompanyFactory(name="Globex")
    for _ in range(7):
        completed(ProfessionalFactory(profile__company=globex))
    return pros


def test_the_figures_of_the_company_on_hand_made_data(acme, big):
    figures = company_figures(Scope.year(2026), acme.pk)

    assert figures.volunteers.value == 6
    assert figures.requests.sent.value == 8
    assert figures.given.value == 7
    assert figures.given_by_kind["cv_review"].value == 5
    assert figures.given_by_kind["mock_interview"].hidden
    assert figures.completions.completed.value == 5
    assert figures.completions.by_outcome["job"].value == 5
    assert figures.completions.by_outcome["advice"].hidden
    assert figures.follow_ups.recorded.value == 5
    assert figures.follow_ups.way_in.percent == 100
    assert figures.professionals.active.value == 6


def test_the_page_shows_them_with_charts_tables_and_the_period(contact_client, big):
    response = contact_client.get(reverse("members:company-figures"), YEAR_2026)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Acme" in html
    assert "du 1 janvier 2026 au 31 décembre 2026" in html
    assert "Chiffres produits le" in html
    assert html.count('role="img"') == 3
    assert html.count('class="bar-chart-data"') == 3
    assert "moins de 5" in html
    # Nothing about a young person, no way to a request.
    for name in YOUNG_NAMES:
        assert name not in html
    assert "/demandes/" not in html and "/jeunes/" not in html


def test_small_counts_are_hidden_on_small_data(contact_client, acme):
    pro = ProfessionalFactory(profile__company=acme)
    completed(pro)
    completed(pro)

    response = contact_client.get(reverse("members:company-figures"), YEAR_2026)

    figures = response.context["figures"]
    assert figures.volunteers.hidden and figures.volunteers.value is None
    assert figures.completions.completed.hidden
    assert figures.given.hidden
    assert all(row.count.hidden for row in figures.given_by_kind)
    assert response.context["charts"]["kinds"].is_empty is False  # drawn, "moins de 5"
    html = response.content.decode()
    assert ">2<" not in html and ">1<" not in html


def test_quotes_only_with_consent_of_completed_coups_de_pouce_of_the_company(acme):
    pro = ProfessionalFactory(profile__company=acme, first_name="Thomas", last_name="Lefèvre")
    completed(pro, young_feedback="Merci, j’ai eu confiance.", young_feedback_shared=True)
    completed(pro, young_feedback="Pas partagé.", young_feedback_shared=False)
    completed(pro, professional_feedback="Une belle rencontre.", professional_feedback_shared=True)
    completed(pro, young_feedback="   ", young_feedback_shared=True)
    HelpRequestFactory(
        young_person=young(),
        professional=pro,
        state="accepted",
        young_feedback="Pas terminé.",
        young_feedback_shared=True,
        sent_at=at(2026, 3, 1),
    )
    completed(
        ProfessionalFactory(profile__company=CompanyFactory()),
        young_feedback="Une autre entreprise.",
        young_feedback_shared=True,
    )
    completed(pro, completed_at=at(2025, 3, 1), young_feedback="L’an dernier.",
              young_feedback_shared=True)  # fmt: skip

    quotes = shared_quotes(Scope.year(2026), acme.pk)

    assert sorted((q.text, q.author) for q in quotes) == [
        ("Merci, j’ai eu confiance.", "young"),
        ("Une belle rencontre.", "professional"),
    ]


def test_the_page_shows_quotes_without_any_name(contact_client, acme):
    pro = ProfessionalFactory(profile__company=acme, first_name="Thomas", last_name="Lefèvre")
    completed(pro, young_feedback="Merci, j’ai eu confiance.", young_feedback_shared=True)

    html = contact_client.get(reverse("members:company-figures"), YEAR_2026).content.decode()

    assert "Merci, j’ai eu confiance." in html
    assert "Un ou une jeune accompagné·e" in html
    for name in (*YOUNG_NAMES, "Thomas", "Lefèvre"):
        assert name not in html


def test_the_page_reads_the_contacts_own_company_only(client, acme, big):
    other = UserFactory(role=Role.COMPANY_CONTACT, company=CompanyFactory(name="Initech"))
    client.force_login(other)

    response = client.get(reverse("members:company-figures"), YEAR_2026)

    assert response.context["company"].name == "Initech"
    assert response.context["figures"].completions.completed.hidden


def test_a_contact_without_a_company_is_told_and_gets_no_figure(client):
    client.force_login(UserFactory(role=Role.COMPANY_CONTACT, company=None))

    response = client.get(reverse("members:company-figures"))

    assert response.status_code == 200
    assert "aucune entreprise" in response.content.decode()
    assert "figures" not in response.context
    assert client.get(reverse("members:company-figures-export")).status_code == 404


def test_a_wrong_period_shows_the_errors_and_no_figure(contact_client):
    response = contact_client.get(
        reverse("members:company-figures"), {"period": "dates", "start": "31/03/2026"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end"]
    assert "figures" not in response.context


def test_the_page_costs_the_same_queries_whatever_the_data(contact_client, acme):
    url = reverse("members:company-figures")
    contact_client.get(url, YEAR_2026)  # the session's first read
    caching.outdate(caching.IMPACT)  # computed, not read from the cache (members.impact.cache)
    with CaptureQueriesContext(connection) as empty:
        contact_client.get(url, YEAR_2026)
    pros = [ProfessionalFactory(profile__company=acme) for _ in range(6)]
    for pro in pros:
        completed(pro, young_feedback="Merci", young_feedback_shared=True)
    with CaptureQueriesContext(connection) as full:
        contact_client.get(url, YEAR_2026)

    assert len(full) == len(empty)
    # The session, the user, then six figure queries and one for the quotes.
    assert len(full) <= 10


def test_figures_and_quotes_are_seven_queries(acme, big, django_assert_num_queries):
    with django_assert_num_queries(7):
        company_figures(Scope.year(2026), acme.pk)
        shared_quotes(Scope.year(2026), acme.pk)


def test_a_contact_may_export_their_data_and_delete_their_account(contact_client, contact):
    assert contact_client.get(reverse("members:data-export")).status_code == 200

    response = contact_client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(email="rse@acme.fr", is_active=True).exists()


def test_the_csv_export_holds_the_figures_small_counts_hidden(contact_client, big):
    response = contact_client.get(
        reverse("members:company-figures-export"), {**YEAR_2026, "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chiffres-acme-2026.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert "Entreprise,Acme" in text
    assert "Coups de pouce terminés,Coups de pouce terminés,5,demandes" in text
    assert "Coup de pouce : Entretien blanc,moins de 5,demandes" in text
    for name in YOUNG_NAMES:
        assert name not in text


def test_the_xlsx_export_reads_back(contact_client, big):
    response = contact_client.get(
        reverse("members:company-figures-export"), {**YEAR_2026, "format": "xlsx"}
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Entreprise", "Acme"] in rows
    assert ["Bénévoles", "Bénévoles inscrit·es (à ce jour)", 6, "professionnel·les"] in rows
    assert ["Coups de pouce", "Coups de pouce donnés", 7, "demandes"] in rows


def test_an_export_in_an_unknown_format_or_a_wrong_period_is_a_404(contact_client):
    url = reverse("members:company-figures-export")
    assert contact_client.get(url, {**YEAR_2026, "format": "pdf"}).status_code == 404
    assert contact_client.get(url, {"period": "month", "year": "2026"}).status_code == 404


def test_the_dashboard_of_a_contact_shows_the_years_figures_and_the_page(contact_client, big):
    html = contact_client.get(reverse("members:dashboard")).content.decode()

    assert "Acme" in html
    assert reverse("members:company-figures") in html
    assert "moins de 5" in html or "6" in html


# Consent, where the feedback is typed ----------------------------------------------------


def test_completing_with_the_box_ticked_records_the_consent(acme):
    pro = ProfessionalFactory(profile__company=acme)
    help_request = HelpRequestFactory(professional=pro, state="accepted", sent_at=at(2026, 3, 1))

    request_services.transition(
        help_request.pk,
        TransitionName.COMPLETE,
        help_request.young_person,
        outcome=Outcome.ADVICE,
        feedback="Merci !",
        share_feedback=True,
    )

    help_request = HelpRequest.objects.get(pk=help_request.pk)
    assert help_request.young_feedback_shared is True
    assert help_request.professional_feedback_shared is False


def test_the_box_is_unticked_by_default_and_says_where_the_feedback_is_shown():
    form = TRANSITIONS[TransitionName.COMPLETE].form()

    field = form.fields["share_feedback"]
    assert field.required is False and not field.initial
    assert "entreprise" in str(field.label) and "aucun nom" in str(field.label)


def test_feedback_added_afterwards_with_the_box_ticked_is_shared(client, acme):
    pro = ProfessionalFactory(profile__company=acme)
    help_request = completed(pro)
    client.force_login(pro)

    client.post(
        reverse("members:request-feedback", kwargs={"pk": help_request.pk}),
        {"feedback": "Une belle rencontre.", "share_feedback": "on"},
    )

    help_request.refresh_from_db()
    assert help_request.professional_feedback == "Une belle rencontre."
    assert help_request.professional_feedback_shared is True
