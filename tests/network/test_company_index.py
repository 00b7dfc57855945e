"""The public page of partner companies: opted-in partners only, counts never under 5,
nothing about a young person, a fixed number of queries."""

import datetime

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config import caching
from members.enums import FollowUpOutcome, HelpKind, ReviewStatus
from network.company_figures import company_figures
from network.models import CompanyIndexPage
from tests.home.factories import publish_translation
from tests.members.factories import HelpRequestFactory, ProfessionalFactory, YoungPersonFactory
from tests.network.factories import CompanyFactory
from tests.stories.factories import ImageFactory


class CompanyIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CompanyIndexPage

    title = "Entreprises partenaires"
    slug = "entreprises"


@pytest.fixture
def company_index(home_page):
    return CompanyIndexPageFactory(parent=home_page)


def shown(**fields):
    return CompanyFactory(is_partner=True, show_on_site=True, **fields)


def volunteers(company, n, **profile):
    return [ProfessionalFactory(profile__company=company, **profile) for _ in range(n)]


def coups_de_pouce(professional, n, state="completed", **fields):
    """``n`` requests to ``professional``, from one young person."""
    young = fields.pop("young", None) or YoungPersonFactory()
    now = timezone.now()
    if state == "completed":
        fields.setdefault("completed_at", now - datetime.timedelta(days=100))
        fields.setdefault("answered_at", now - datetime.timedelta(days=110))
    return [
        HelpRequestFactory(young_person=young, professional=professional, state=state, **fields)
        for _ in range(n)
    ]


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_only_partners_that_opted_in_are_listed(client, company_index):
    shown(name="Hexa Conseil")
    CompanyFactory(name="Discrète SA", is_partner=True, show_on_site=False)
    CompanyFactory(name="Pas Partenaire", is_partner=False, show_on_site=True)

    html = html_of(client, company_index)

    assert "Hexa Conseil" in html
    assert "Discrète SA" not in html and "Pas Partenaire" not in html


def test_no_company_yet_says_so(client, company_index):
    assert "seront bientôt présentées ici" in html_of(client, company_index)


def test_a_company_is_not_shown_by_default(db):
    assert CompanyFactory().show_on_site is False


def test_four_volunteers_are_hidden_five_are_shown(client, company_index):
    four, five = shown(name="Quatre"), shown(name="Cinq")
    volunteers(four, 4)
    volunteers(four, 2, profile__status=ReviewStatus.PENDING)
    volunteers(five, 5)

    figures = company_figures([four.pk, five.pk])

    assert figures[four.pk].volunteers.hidden
    assert figures[five.pk].volunteers.value == 5
    html = html_of(client, company_index)
    assert "<dd>moins de 5</dd>" in html and "<dd>5</dd>" in html
    assert "<dd>4</dd>" not in html and "<dd>6</dd>" not in html


def test_coups_de_pouce_by_kind_completed_and_outcomes(client, company_index):
    company = shown(name="Hexa Conseil")
    (pro,) = volunteers(company, 1)
    coups_de_pouce(pro, 4, follow_up_outcome=FollowUpOutcome.JOB, follow_up_sent_at=timezone.now())
    coups_de_pouce(
        pro, 1, follow_up_outcome=FollowUpOutcome.OTHER, follow_up_sent_at=timezone.now()
    )
    coups_de_pouce(pro, 1, kind=HelpKind.CV_REVIEW)
    coups_de_pouce(pro, 2, state="declined", answered_at=timezone.now())
    coups_de_pouce(pro, 1, state="sent")

    figures = company_figures([company.pk])[company.pk]

    assert figures.given.value == 6 and figures.completed.value == 6
    assert figures.given_by_kind[HelpKind.TRADE_ADVICE].value == 5
    assert figures.given_by_kind[HelpKind.CV_REVIEW].hidden
    assert figures.recorded.value == 5
    # 4 of 5 is a way in: 4 is under 5, so the share is hidden.
    assert figures.way_in.hidden
    html = html_of(client, company_index)
    assert "moins de 5 des 5 coups de pouce suivis" in html
    assert str(HelpKind.TRADE_ADVICE.label) in html
    assert str(HelpKind.CV_REVIEW.label) not in html


def test_a_share_of_five_outcomes_is_shown(client, company_index):
    company = shown()
    (pro,) = volunteers(company, 1)
    coups_de_pouce(
        pro, 5, follow_up_outcome=FollowUpOutcome.TRAINING, follow_up_sent_at=timezone.now()
    )
    coups_de_pouce(pro, 5, follow_up_outcome=FollowUpOutcome.NONE, follow_up_sent_at=timezone.now())

    assert company_figures([company.pk])[company.pk].way_in.percent == 50
    assert "50\u00a0% des 10 coups de pouce suivis" in html_of(client, company_index)


def test_no_young_persons_data_anywhere_in_the_page(client, company_index):
    company = shown(name="Hexa Conseil")
    pros = volunteers(company, 5)
    young = YoungPersonFactory(
        first_name="Zéphyrine", last_name="Trouvetout", email="zephyrine@exemple.fr"
    )
    for pro in pros:
        coups_de_pouce(
            pro,
            1,
            young=young,
            hopes="Rencontrer un chef de chantier",
            follow_up_outcome=FollowUpOutcome.JOB,
            follow_up_sent_at=timezone.now(),
        )

    html = html_of(client, company_index)

    assert "<dd>5</dd>" in html  # the coups de pouce are counted…
    # … and nothing of the person behind them reaches the page.
    for text in ("Zéphyrine", "Trouvetout", "zephyrine", "chef de chantier"):
        assert text not in html
    for pro in pros:
        assert pro.last_name not in html and pro.email not in html


def _queries(client, url):
    client.get(url)  # fills Wagtail's per-process caches and makes the logos' renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_companies(n):
    for _ in range(n):
        company = shown(logo=ImageFactory(), website="https://exemple.fr")
        for pro in volunteers(company, 2):
            coups_de_pouce(
                pro, 3, follow_up_outcome=FollowUpOutcome.JOB, follow_up_sent_at=timezone.now()
            )


def test_queries_do_not_grow_with_the_companies(client, company_index):
    _add_companies(1)
    few = _queries(client, company_index.url)
    _add_companies(5)
    many = _queries(client, company_index.url)

    assert many == few
    html = html_of(client, company_index)
    assert html.count('class="company-logo"') == 6


def test_the_figures_cost_two_queries_whatever_the_companies(db, django_assert_num_queries):
    companies = [shown() for _ in range(4)]
    for company in companies:
        volunteers(company, 1)
    with django_assert_num_queries(2):
        figures = company_figures([company.pk for company in companies])
    assert len(figures) == 4


def test_the_page_in_english(client, company_index, english_home_page, locales):
    shown(name="Hexa Conseil")
    english = publish_translation(
        company_index, locales["en"], title="Partner companies", slug="partner-companies"
    )

    response = client.get(english.url)

    assert english.url.startswith("/en/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en"' in html
    assert "Partner companies" in html and "Hexa Conseil" in html
    assert "Volunteers" in html


def test_the_page_sits_once_under_a_home_page_and_has_no_children(company_index, home_page):
    assert CompanyIndexPage.can_create_at(home_page) is False  # one per parent
    assert CompanyIndexPage.can_create_at(company_index) is False
    assert CompanyIndexPage.allowed_subpage_models() == []


def test_an_administrator_ticks_the_consent_in_the_company_form(admin_client):
    company = CompanyFactory(name="Hexa Conseil")
    url = reverse("wagtailsnippets_network_company:edit", args=[company.pk])
    assert 'name="show_on_site"' in admin_client.get(url).content.decode()

    response = admin_client.post(
        url,
        {"name": company.name, "slug": company.slug, "is_partner": "on", "show_on_site": "on"},
    )

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.show_on_site is True


def test_a_company_changed_outdates_the_cached_public_pages(db, django_capture_on_commit_callbacks):
    company = shown()
    (before,) = caching.versions(caching.PUBLIC)

    with django_capture_on_commit_callbacks(execute=True):
        company.show_on_site = False
        company.save()

    assert caching.versions(caching.PUBLIC) != [before]


def test_a_company_no_public_page_shows_outdates_nothing(db, django_capture_on_commit_callbacks):
    # A professional's sign-up creates companies: that must not rebuild every public page.
    (before,) = caching.versions(caching.PUBLIC)

    with django_capture_on_commit_callbacks(execute=True):
        company = CompanyFactory(is_partner=True, show_on_site=False)
        company.name = "Autre nom"
        company.save()
        company.delete()

    assert caching.versions(caching.PUBLIC) == [before]


def test_a_company_agreeing_to_be_shown_outdates_the_cached_public_pages(
    db, django_capture_on_commit_callbacks
):
    company = CompanyFactory(is_partner=True, show_on_site=False)
    (before,) = caching.versions(caching.PUBLIC)

    with django_capture_on_commit_callbacks(execute=True):
        company.show_on_site = True
        company.save()

    assert caching.versions(caching.PUBLIC) != [before]
