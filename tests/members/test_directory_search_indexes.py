"""The directory's indexes (migration members/0008): PostgreSQL looks each word up in
them instead of building every professional's document, and the answers stay the same."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from members.enums import HelpKind, HelpRequestState, Role
from members.filters import ProfessionalFilter
from members.models import HelpRequest, User
from members.services.directory import listed_professionals
from tests.members.factories import ProfessionalFactory, YoungPersonFactory
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text indexes exist on PostgreSQL only"
)


def search(client, words, **filters):
    response = client.get(reverse("members:directory"), {"q": words, **filters})
    assert response.status_code == 200
    return [card["profile"].user.first_name for card in response.context["professionals"]]


@pytest.fixture
def searcher(client):
    client.force_login(YoungPersonFactory())
    return client


def test_words_around_a_stop_word_are_found(searcher):
    ProfessionalFactory(first_name="Awa", profile__job_title="Cheffe de chantier")
    ProfessionalFactory(first_name="Bruno", profile__job_title="Chef cuisinier")

    assert search(searcher, "chef de chantier") == ["Awa"]


def test_each_word_may_match_a_different_part(searcher):
    ProfessionalFactory(
        first_name="Awa",
        last_name="Diallo",
        profile__job_title="Comptable",
        profile__company=CompanyFactory(name="Boulangeries Réunies"),
        profile__bio="Je connais bien la paie.",
    )
    ProfessionalFactory(first_name="Bruno", last_name="Diallo", profile__job_title="Comptable")

    assert search(searcher, "diallo boulangeries paie comptable") == ["Awa"]


@on_postgresql
def test_a_query_of_stop_words_only_finds_nobody(searcher):
    ProfessionalFactory(first_name="Awa", profile__job_title="Chef de chantier")

    assert search(searcher, "de la") == []


@on_postgresql
def test_words_are_looked_up_in_the_indexes():
    ProfessionalFactory(
        profile__job_title="Électricienne", profile__company=CompanyFactory(name="Lumens")
    )
    # Enough professionals that their role alone does not pick them out better than a name.
    User.objects.bulk_create(
        User(email=f"pro{n}@example.org", role=Role.PROFESSIONAL, last_name=f"Nom{n}")
        for n in range(300)
    )
    queryset = ProfessionalFilter(QueryDict("q=electricienne"), queryset=listed_professionals()).qs
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_user")
        # A handful of rows: without this, scanning the tables is cheaper than any index.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = queryset.explain()

    for index in ("pro_profile_words_gin", "pro_name_words_gin", "company_name_words_gin"):
        assert index in plan


@on_postgresql
def test_capacity_left_is_read_from_the_profile_row_not_from_the_requests():
    professional = ProfessionalFactory()
    # Two years of requests: this month's are a few of them.
    HelpRequest.objects.bulk_create(
        HelpRequest(
            professional=professional,
            state=HelpRequestState.COMPLETED,
            kind=HelpKind.CV_REVIEW,
            hopes="Relire mon CV.",
            sent_at=timezone.now() - datetime.timedelta(days=7 * n),
        )
        for n in range(100)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_helprequest")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = listed_professionals().explain()

    # The monthly counter on the profile (members/0010): the requests are not read.
    assert "members_helprequest" not in plan
    assert "members_hel_" not in plan
