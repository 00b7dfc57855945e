"""The directory's pages: who is listed, a professional's page, pagination, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.directory import services
from members.directory.capacity import recount
from members.enums import HelpKind, HelpRequestState, ReviewStatus
from members.models import HelpRequest
from tests.members.factories import ProfessionalFactory, YoungPersonFactory, sector
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def listed_names(client, **params):
    response = client.get(reverse("members:directory"), params)
    assert response.status_code == 200
    return sorted(card["profile"].user.first_name for card in response.context["professionals"])


def page_of(profile):
    return reverse("members:professional", kwargs={"pk": profile.pk})


def add_request(professional, state, sent_at, answered_after=None):
    young = YoungPersonFactory()
    help_request = HelpRequest.objects.create(
        young_person=young,
        professional=professional,
        structure=young.structure,
        state=state,
        kind=HelpKind.CV_REVIEW,
        hopes="Relire mon CV.",
        sent_at=sent_at,
        answered_at=sent_at + answered_after if answered_after else None,
    )
    recount()  # written directly: the monthly counters follow it
    return help_request


def test_only_approved_professionals_with_an_active_account_are_listed(client, young_person):
    ProfessionalFactory(first_name="Awa")
    ProfessionalFactory(first_name="Bruno", profile__status=ReviewStatus.PENDING)
    ProfessionalFactory(first_name="Chloé", profile__status=ReviewStatus.REJECTED)
    ProfessionalFactory(first_name="Driss", is_active=False)
    client.force_login(young_person)

    assert listed_names(client) == ["Awa"]


@pytest.mark.parametrize(
    "fields",
    [{"profile__status": ReviewStatus.PENDING}, {"profile__status": ReviewStatus.REJECTED}],
)
def test_the_page_of_an_unlisted_professional_is_404(client, young_person, fields):
    hidden = ProfessionalFactory(**fields)
    client.force_login(young_person)

    assert client.get(page_of(hidden.pro_profile)).status_code == 404


def test_the_page_of_a_deactivated_professional_is_404(client, young_person):
    gone = ProfessionalFactory(is_active=False)
    client.force_login(young_person)

    assert client.get(page_of(gone.pro_profile)).status_code == 404


def test_a_professionals_page_shows_the_offer_but_not_the_contact_details(client, young_person):
    pro = ProfessionalFactory(
        first_name="Awa",
        last_name="Diallo",
        phone="06 12 34 56 78",
        profile__job_title="Électricienne",
        profile__bio="Vingt ans de chantiers.",
        profile__help_kinds=[HelpKind.CV_REVIEW, HelpKind.HOSTING],
        profile__sectors=[sector("F")],
        profile__departements=["93"],
    )
    client.force_login(young_person)

    content = client.get(page_of(pro.pro_profile)).content.decode()

    assert "Awa Diallo" in content
    assert "Électricienne" in content
    assert "Vingt ans de chantiers." in content
    assert str(HelpKind.CV_REVIEW.label) in content
    assert sector("F").name in content
    assert "93 – Seine-Saint-Denis" in content
    # Hosting is offered only by professionals a moderator verified for it.
    assert "Hébergement" not in content
    assert pro.email not in content
    assert "06 12 34 56 78" not in content


def test_moderators_see_the_contact_details(client, moderator):
    pro = ProfessionalFactory(phone="06 12 34 56 78")
    client.force_login(moderator)

    content = client.get(page_of(pro.pro_profile)).content.decode()

    assert pro.email in content
    assert "06 12 34 56 78" in content


def test_verified_professionals_offer_hosting(client, young_person):
    pro = ProfessionalFactory(
        profile__help_kinds=[HelpKind.HOSTING], profile__verified_in_person=True
    )
    client.force_login(young_person)

    assert "Hébergement" in client.get(page_of(pro.pro_profile)).content.decode()


def test_a_young_person_may_ask_an_available_professional(client, young_person):
    pro = ProfessionalFactory()
    client.force_login(young_person)

    content = client.get(page_of(pro.pro_profile)).content.decode()

    assert "Demander un coup de pouce" in content
    request_url = reverse("members:request-create", kwargs={"professional_pk": pro.pro_profile.pk})
    assert f'href="{request_url}"' in content
    assert "Disponible ce mois-ci" in content


@pytest.mark.parametrize(
    ("fields", "requests_sent", "words"),
    [
        ({"profile__is_paused": True}, 0, "En pause"),
        ({"profile__monthly_capacity": 1}, 1, "Complet ce mois-ci"),
    ],
)
def test_no_button_for_a_paused_or_full_professional(
    client, young_person, fields, requests_sent, words
):
    pro = ProfessionalFactory(**fields)
    for _ in range(requests_sent):
        add_request(pro, HelpRequestState.SENT, timezone.now())
    client.force_login(young_person)

    content = client.get(page_of(pro.pro_profile)).content.decode()

    assert words in content
    assert "Demander un coup de pouce" not in content


def test_no_button_for_other_roles(client, counsellor):
    pro = ProfessionalFactory()
    client.force_login(counsellor)

    assert "Demander un coup de pouce" not in client.get(page_of(pro.pro_profile)).content.decode()


def test_response_rate_and_usual_response_time(client, young_person):
    pro = ProfessionalFactory()
    long_ago = timezone.now() - datetime.timedelta(days=40)
    add_request(pro, HelpRequestState.ACCEPTED, long_ago, datetime.timedelta(hours=2))
    add_request(pro, HelpRequestState.DECLINED, long_ago, datetime.timedelta(hours=5))
    add_request(pro, HelpRequestState.COMPLETED, long_ago, datetime.timedelta(hours=30))
    add_request(pro, HelpRequestState.EXPIRED, long_ago)
    # Still waiting, or withdrawn before an answer: says nothing about them yet.
    add_request(pro, HelpRequestState.SENT, timezone.now())
    add_request(pro, HelpRequestState.WITHDRAWN, long_ago)
    client.force_login(young_person)

    content = client.get(page_of(pro.pro_profile)).content.decode()

    assert "75 % des demandes ont reçu une réponse" in content
    assert "répond en général en quelques heures" in content


def test_a_professional_without_requests_says_so(client, young_person):
    pro = ProfessionalFactory()
    client.force_login(young_person)

    content = client.get(page_of(pro.pro_profile)).content.decode()

    assert "pas encore de demande" in content


@pytest.mark.parametrize(
    ("delay", "words"),
    [
        (datetime.timedelta(minutes=20), "moins d’une heure"),
        (datetime.timedelta(hours=1), "quelques heures"),
        (datetime.timedelta(hours=10), "une demi-journée environ"),
        (datetime.timedelta(hours=29), "un jour environ"),
        (datetime.timedelta(hours=47), "2 jours environ"),
        (datetime.timedelta(days=3, hours=2), "3 jours environ"),
        (datetime.timedelta(days=8), "une semaine environ"),
        (datetime.timedelta(days=20), "3 semaines environ"),
    ],
)
def test_response_times_in_plain_words(delay, words):
    assert services.describe_duration(delay) == words


def test_twenty_professionals_a_page_and_the_filters_follow_the_pages(client, young_person):
    for number in range(23):
        ProfessionalFactory(first_name=f"Pro{number:02d}", profile__departements=["93"])
    ProfessionalFactory(first_name="Ailleurs", profile__departements=["69"], profile__remote=False)
    client.force_login(young_person)

    first = client.get(reverse("members:directory"), {"departement": "93"})
    second = client.get(reverse("members:directory"), {"departement": "93", "page": "2"})
    beyond = client.get(reverse("members:directory"), {"departement": "93", "page": "abc"})

    assert len(first.context["professionals"]) == 20
    assert len(second.context["professionals"]) == 3
    assert "departement=93&amp;page=2" in first.content.decode()
    assert beyond.status_code == 200


def directory_queries(client, count):
    for _ in range(count):
        pro = ProfessionalFactory(profile__sectors=[sector("F"), sector("H")])
        add_request(pro, HelpRequestState.SENT, timezone.now())
    with CaptureQueriesContext(connection) as plain:
        assert client.get(reverse("members:directory")).status_code == 200
    with CaptureQueriesContext(connection) as searched:
        response = client.get(
            reverse("members:directory"), {"q": "cheffe chantier", "has_capacity": "on"}
        )
        assert response.status_code == 200
    return len(plain), len(searched)


def test_directory_queries_do_not_grow_with_the_number_of_professionals(client, young_person):
    client.force_login(young_person)
    client.get(reverse("members:directory"))  # the first visit warms the session and caches
    few = directory_queries(client, 3)
    many = directory_queries(client, 27)

    assert few == many
    assert max(many) <= 12  # session, user, form choices, count, one page, its sectors


def test_a_professionals_page_queries_do_not_grow_with_their_requests(client, young_person):
    few = ProfessionalFactory(profile__sectors=[sector("F"), sector("H")])
    many = ProfessionalFactory(profile__sectors=[sector("F"), sector("H")])
    long_ago = timezone.now() - datetime.timedelta(days=40)
    for _ in range(2):
        add_request(few, HelpRequestState.DECLINED, long_ago, datetime.timedelta(hours=3))
    for _ in range(20):
        add_request(many, HelpRequestState.DECLINED, long_ago, datetime.timedelta(hours=3))
    client.force_login(young_person)
    client.get(reverse("members:directory"))  # the first visit warms the session and caches

    counts = []
    for pro in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_of(pro.pro_profile)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_members_menu_links_to_the_directory(client, professional):
    client.force_login(professional)

    content = client.get(reverse("members:dashboard")).content.decode()

    assert f'href="{reverse("members:directory")}"' in content


def test_a_directory_card_shows_who_what_where_and_escapes_it(client, young_person):
    card_pro = ProfessionalFactory(
        first_name="Zoé <i>",
        last_name="Durand",
        profile__job_title="Cheffe de chantier",
        profile__company=CompanyFactory(name="Bâti & Fils"),
        profile__sectors=[sector("F")],
        profile__departements=["93", "94"],
        profile__remote=True,
    )
    client.force_login(young_person)

    content = client.get(reverse("members:directory")).content.decode()

    assert f'<a href="{page_of(card_pro.pro_profile)}">Zoé &lt;i&gt; Durand</a>' in content
    assert '<p class="directory-job">Cheffe de chantier · Bâti &amp; Fils</p>' in content
    assert '<p class="badge badge-approved">Disponible ce mois-ci</p>' in content
    assert f"<dd>{sector('F').name}</dd>" in content
    assert "<dd>93, 94 · à distance</dd>" in content
