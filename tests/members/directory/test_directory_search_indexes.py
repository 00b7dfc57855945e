"""The directory's indexes: PostgreSQL reads each professional's stored search document
through its GIN index (migration members/0012) instead of building it for each search,
the document follows every change of its parts, and the answers stay the same."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from members.directory.filters import ProfessionalFilter
from members.directory.services import listed_professionals
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, Sector
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
def test_words_are_looked_up_in_the_stored_documents_index():
    ProfessionalFactory(
        profile__job_title="Électricienne", profile__company=CompanyFactory(name="Lumens")
    )
    queryset = ProfessionalFilter(QueryDict("q=electricienne"), queryset=listed_professionals()).qs
    with connection.cursor() as cursor:
        # A handful of rows: the planner would rather reach them any other way (through the
        # status indexes, or each account's profile by its unique user_id) and test the
        # words on each one. Without those ways (the status indexes dropped inside this
        # test's transaction, plain index scans and nested loops off), the profiles can
        # only be found through an index on the words: this proves the words use it.
        cursor.execute(
            'DROP INDEX "members_pro_status_01878d_idx", "pro_profile_approved_user_idx"'
        )
        for setting in ("enable_seqscan", "enable_indexscan", "enable_nestloop"):
            cursor.execute(f"SET LOCAL {setting} = off")
    plan = queryset.explain()

    assert "pro_search_document_gin" in plan, plan
    # The document is read, not built from the account, company and sectors again.
    assert "to_tsvector" not in plan


def test_a_renamed_professional_is_found_under_the_new_name_only(searcher):
    professional = ProfessionalFactory(first_name="Awa", last_name="Diallo")

    professional.last_name = "Traoré"
    professional.save()

    assert search(searcher, "traore") == ["Awa"]
    assert search(searcher, "diallo") == []


def test_a_changed_job_or_presentation_is_searched_at_once(searcher):
    professional = ProfessionalFactory(first_name="Awa", profile__job_title="Comptable")
    profile = professional.pro_profile

    profile.job_title = "Boulangère"
    profile.bio = "Levain et viennoiseries."
    profile.save()

    assert search(searcher, "boulangere") == ["Awa"]
    assert search(searcher, "viennoiseries") == ["Awa"]
    assert search(searcher, "comptable") == []


def test_a_renamed_or_deleted_company_changes_what_finds_its_professionals(
    searcher, django_capture_on_commit_callbacks
):
    company = CompanyFactory(name="Lumens")
    ProfessionalFactory(first_name="Awa", profile__company=company)

    company.name = "Photons"
    company.save()
    assert search(searcher, "photons") == ["Awa"]
    assert search(searcher, "lumens") == []

    with django_capture_on_commit_callbacks(execute=True):
        company.delete()
    assert search(searcher, "photons") == []


def test_sectors_added_or_removed_change_what_finds_a_professional(
    searcher, django_capture_on_commit_callbacks
):
    professional = ProfessionalFactory(first_name="Awa")
    profile = professional.pro_profile
    profile.sectors.clear()
    fishing = Sector.objects.create(code="Z", name="Pêche en mer", name_en="Sea fishing")

    profile.sectors.add(fishing)
    assert search(searcher, "peche") == ["Awa"]
    assert search(searcher, "fishing") == ["Awa"]

    profile.sectors.remove(fishing)
    assert search(searcher, "peche") == []

    fishing.professionals.add(profile)
    fishing.name = "Aquaculture"
    fishing.save()
    assert search(searcher, "aquaculture") == ["Awa"]
    assert search(searcher, "peche") == []

    with django_capture_on_commit_callbacks(execute=True):
        fishing.professionals.clear()
    assert search(searcher, "aquaculture") == []


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
