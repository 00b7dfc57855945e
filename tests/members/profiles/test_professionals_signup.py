"""A professional signs up publicly: allauth's sign-up page with what they offer."""

import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from members.enums import ConsentDocument, HelpKind, ReviewStatus, Role
from members.models import Consent, ProfessionalProfile, User
from network.models import Company
from tests.members.factories import PASSWORD, ProfessionalFactory, sector
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db

EMAIL = "camille.martin@exemple.fr"


def signup_data(**overrides):
    data = {
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Camille",
        "last_name": "Martin",
        "job_title": "Cheffe de chantier",
        "company": "",
        "new_company": "Bâtiments du Nord",
        "sectors": [sector("F").pk],
        "help_kinds": [HelpKind.TRADE_ADVICE, HelpKind.MOCK_INTERVIEW],
        "departements": ["59", "62"],
        "remote": "on",
        "monthly_capacity": "3",
        "charter": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def _sign_up(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("account_signup"), signup_data(**overrides))

    return _sign_up


def page_text(response) -> str:
    return html.unescape(response.content.decode())


# The page


def test_signup_page_shows_the_professional_form(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Devenir professionnel·le bénévole" in text
    for label in ("Métier", "Votre entreprise", "Secteurs", "Les coups de pouce"):
        assert label in text
    assert 'name="monthly_capacity" value="2"' in text, "the capacity defaults to 2"
    assert "aider bénévolement" in text, "the charter's key points are shown inline"
    assert "vérification par un·e modérateur·rice" in text, "hosting needs a verification"
    assert reverse("members:join") in text, "young people are sent to the join code"


def test_company_list_is_sorted_by_name(client):
    CompanyFactory(name="Zèbre Conseil")
    CompanyFactory(name="Atelier Bois")
    text = page_text(client.get(reverse("account_signup")))
    assert text.index("Atelier Bois") < text.index("Zèbre Conseil")


def test_companies_typed_by_others_are_not_listed_until_they_are_partners(client):
    CompanyFactory(name="Nom tapé par quelqu’un", is_partner=False)
    assert "Nom tapé par quelqu’un" not in page_text(client.get(reverse("account_signup")))


def test_a_typed_name_of_a_non_partner_company_reuses_it(sign_up):
    existing = CompanyFactory(name="Bâtiments du Nord", is_partner=False)
    sign_up()
    assert User.objects.get(email=EMAIL).pro_profile.company == existing


# A valid sign-up


def test_valid_signup_creates_a_pending_professional_and_sends_the_verification(sign_up):
    response = sign_up()

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email=EMAIL)
    assert user.role == Role.PROFESSIONAL
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    assert user.language == "fr"
    profile = user.pro_profile
    assert profile.status == ReviewStatus.PENDING
    assert profile.job_title == "Cheffe de chantier"
    assert profile.company.name == "Bâtiments du Nord"
    assert list(profile.sectors.values_list("code", flat=True)) == ["F"]
    assert profile.help_kinds == [HelpKind.TRADE_ADVICE, HelpKind.MOCK_INTERVIEW]
    assert profile.departements == ["59", "62"]
    assert profile.remote is True
    assert profile.monthly_capacity == 3
    documents = set(Consent.objects.filter(user=user).values_list("document", flat=True))
    assert documents == {ConsentDocument.CHARTER, ConsentDocument.TERMS}
    address = EmailAddress.objects.get(user=user)
    assert address.email == EMAIL and not address.verified
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert reverse("account_confirm_email", args=["x"]).rsplit("x", 1)[0] in mail.outbox[0].body


def test_a_typed_company_is_created_as_a_non_partner_with_a_unique_slug(sign_up):
    CompanyFactory(name="Autre nom", slug="batiments-du-nord")
    sign_up()
    company = Company.objects.get(name="Bâtiments du Nord")
    assert company.is_partner is False
    assert company.slug == "batiments-du-nord-2"


def test_a_typed_name_of_an_existing_company_reuses_it(sign_up):
    existing = CompanyFactory(name="Bâtiments du Nord")
    sign_up(new_company="  bâtiments du  nord ")
    assert User.objects.get(email=EMAIL).pro_profile.company == existing
    assert Company.objects.filter(name__iexact="Bâtiments du Nord").count() == 1


def test_an_existing_company_can_be_chosen_from_the_list(sign_up):
    company = CompanyFactory(name="Banque du Sud")
    sign_up(company=str(company.pk), new_company="")
    assert User.objects.get(email=EMAIL).pro_profile.company == company


def test_hosting_can_be_offered_at_signup(sign_up):
    sign_up(help_kinds=[HelpKind.HOSTING])
    profile = User.objects.get(email=EMAIL).pro_profile
    assert profile.help_kinds == [HelpKind.HOSTING]
    assert profile.verified_in_person is False


def test_remote_only_is_enough(sign_up):
    sign_up(departements=[], remote="on")
    profile = User.objects.get(email=EMAIL).pro_profile
    assert profile.departements == [] and profile.remote is True


def test_departements_without_remote_are_enough(sign_up):
    sign_up(remote=None)
    profile = User.objects.get(email=EMAIL).pro_profile
    assert profile.remote is False and profile.departements == ["59", "62"]


def test_sign_in_is_refused_before_the_email_is_verified(client, sign_up):
    sign_up()
    client.logout()
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


# Duplicate address: same outcome, nothing revealed


def test_duplicate_email_looks_like_a_new_signup_and_creates_nothing(sign_up):
    existing = ProfessionalFactory(email=EMAIL, first_name="Déjà")
    response = sign_up(first_name="Autre")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=EMAIL).count() == 1
    existing.refresh_from_db()
    assert existing.first_name == "Déjà"
    assert not Company.objects.filter(name="Bâtiments du Nord").exists()
    assert [message.to for message in mail.outbox] == [[EMAIL]], "the owner is told by email"


def test_duplicate_email_in_another_case_is_not_a_second_account(sign_up):
    ProfessionalFactory(email=EMAIL)
    sign_up(email=EMAIL.upper())
    assert User.objects.filter(email__iexact=EMAIL).count() == 1


# Bad input: a clear message next to the field, everything typed kept


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"sectors": []}, "sectors", "Cochez au moins un secteur."),
        ({"help_kinds": []}, "help_kinds", "Cochez au moins un coup de pouce."),
        (
            {"departements": [], "remote": None},
            "departements",
            "Choisissez au moins un département, ou cochez « à distance ».",
        ),
        ({"monthly_capacity": "0"}, "monthly_capacity", "Indiquez au moins 1 demande par mois."),
        ({"monthly_capacity": "21"}, "monthly_capacity", "Indiquez au plus 20 demandes par mois."),
        ({"monthly_capacity": "deux"}, "monthly_capacity", "Indiquez un nombre entier"),
        ({"job_title": "x" * 151}, "job_title", "au plus 150 caractères"),
        ({"job_title": ""}, "job_title", "Indiquez votre métier."),
        (
            {"company": "", "new_company": ""},
            "company",
            "Choisissez votre entreprise dans la liste, ou tapez son nom",
        ),
        ({"company": "999999"}, "company", "Cette entreprise n’est pas dans la liste"),
        ({"departements": ["59", "20"]}, "departements", "Ce département n’existe pas."),
        ({"help_kinds": ["teleportation"]}, "help_kinds", "Ce coup de pouce n’existe pas."),
        ({"charter": None}, "charter", "Acceptez la charte du bénévole"),
        ({"password1": "court", "password2": "court"}, "password1", "12 caractères"),
        ({"password1": "qwerty123456", "password2": "qwerty123456"}, "password1", "courant"),
        ({"password2": "Autre-mot-de-passe-2026"}, "password2", ""),
        ({"email": "pas-une-adresse"}, "email", ""),
        ({"first_name": ""}, "first_name", "Indiquez votre prénom."),
    ],
)
def test_invalid_signup_says_what_is_wrong_and_keeps_what_was_typed(
    sign_up, overrides, field, message
):
    response = sign_up(**overrides)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    text = page_text(response)
    assert "dans le formulaire" in text and f'href="#id_{field}' in text
    assert f'id="id_{field}_error"' in text, "the error is shown next to its field"
    if field != "job_title":
        assert 'value="Cheffe de chantier"' in text
    if field != "first_name":
        assert 'value="Camille"' in text
    if "new_company" not in overrides:
        assert 'value="Bâtiments du Nord"' in text
    if field != "sectors":
        assert re.search(rf'value="{sector("F").pk}" id="id_sectors_\d+" checked', text)
    assert not User.objects.filter(email=EMAIL).exists()
    assert not Company.objects.filter(name="Bâtiments du Nord").exists()


def test_both_a_chosen_and_a_typed_company_are_refused(sign_up):
    company = CompanyFactory(name="Banque du Sud")
    response = sign_up(company=str(company.pk), new_company="Autre entreprise")
    assert response.status_code == 200
    errors = response.context["form"].errors["new_company"]
    assert "pas les deux" in " ".join(errors)
    text = page_text(response)
    assert 'value="Autre entreprise"' in text
    assert f'<option value="{company.pk}" selected>' in text
    assert not ProfessionalProfile.objects.exists()


def test_ticked_boxes_stay_ticked_after_an_error(sign_up):
    response = sign_up(job_title="", help_kinds=[HelpKind.CV_REVIEW], departements=["2A"])
    form = response.context["form"]
    assert form["help_kinds"].value() == [HelpKind.CV_REVIEW]
    assert form["departements"].value() == ["2A"]
    text = page_text(response)
    assert 'value="cv_review" id="id_help_kinds_1" checked' in text
    assert 'value="2A"' in text and 'id="id_departements_' in text


# Prefill from a volunteer call's answer


def test_signup_page_is_prefilled_from_the_query_string(client):
    query = urlencode(
        {
            "email": "awa@exemple.fr",
            "first_name": "Awa",
            "last_name": "Diallo Traoré",
            "company": "Transports du Rhône",
        }
    )
    text = page_text(client.get(f"{reverse('account_signup')}?{query}"))
    assert 'value="awa@exemple.fr"' in text
    assert 'value="Awa"' in text
    assert 'value="Diallo Traoré"' in text
    assert 'value="Transports du Rhône"' in text, "an unknown company goes in the typed field"


def test_prefilled_company_that_exists_is_selected_in_the_list(client):
    company = CompanyFactory(name="Transports du Rhône")
    query = urlencode({"company": "transports du rhône"})
    response = client.get(f"{reverse('account_signup')}?{query}")
    assert response.context["form"]["company"].value() == company.pk
    assert f'<option value="{company.pk}" selected>' in page_text(response)


def test_malformed_prefill_is_ignored(client):
    query = urlencode({"email": "pas-une-adresse", "first_name": "x" * 500})
    response = client.get(f"{reverse('account_signup')}?{query}")
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.initial.get("email")
    assert len(form.initial["first_name"]) == 150


def test_a_signed_in_member_is_not_shown_the_signup_form(client, professional):
    client.force_login(professional)
    response = client.get(reverse("account_signup"))
    assert response.status_code == 302


def test_signup_in_english_sets_english_emails(client, django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("en"):
        url = reverse("account_signup")
    assert url.startswith("/en/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, signup_data())
    assert response.status_code == 302
    assert User.objects.get(email=EMAIL).language == "en"


def test_signup_page_queries_do_not_grow_with_companies(client, django_assert_max_num_queries):
    CompanyFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        client.get(reverse("account_signup"))
