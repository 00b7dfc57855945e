"""Directory search by words: the same tests run on SQLite and on PostgreSQL."""

import pytest
from django.urls import reverse

from tests.members.factories import ProfessionalFactory, YoungPersonFactory, sector
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def searcher(client):
    client.force_login(YoungPersonFactory())
    return client


def search(client, words, **filters):
    response = client.get(reverse("members:directory"), {"q": words, **filters})
    assert response.status_code == 200
    return [card["profile"].user.first_name for card in response.context["professionals"]]


def test_a_word_without_accent_finds_it_with_accents_and_in_any_case(searcher):
    ProfessionalFactory(first_name="Awa", profile__job_title="Électricienne du bâtiment")
    ProfessionalFactory(first_name="Bruno", profile__job_title="Boulanger")

    assert search(searcher, "electricien") == ["Awa"]
    assert search(searcher, "ÉLECTRICIENNE") == ["Awa"]
    # The same word typed with a combining accent (as some keyboards send it).
    assert search(searcher, "e\u0301lectricienne") == ["Awa"]


def test_search_looks_in_name_company_sectors_and_presentation(searcher):
    ProfessionalFactory(first_name="Awa", last_name="Diallo", profile__job_title="Comptable")
    ProfessionalFactory(
        first_name="Bruno",
        profile__job_title="Comptable",
        profile__company=CompanyFactory(name="Boulangeries Réunies"),
    )
    ProfessionalFactory(
        first_name="Chloé",
        profile__job_title="Comptable",
        profile__sectors=[sector("H")],
    )
    ProfessionalFactory(
        first_name="Driss", profile__job_title="Comptable", profile__bio="J'adore la pâtisserie."
    )
    industry = sector("H").name.split()[0]

    assert search(searcher, "diallo") == ["Awa"]
    assert search(searcher, "boulangeries") == ["Bruno"]
    assert search(searcher, industry) == ["Chloé"]
    assert search(searcher, "patisserie") == ["Driss"]


def test_every_word_must_match_somewhere(searcher):
    ProfessionalFactory(
        first_name="Awa",
        profile__job_title="Infirmière",
        profile__company=CompanyFactory(name="Hôpital Avicenne"),
    )
    ProfessionalFactory(first_name="Bruno", profile__job_title="Infirmier")

    assert search(searcher, "infirmiere avicenne") == ["Awa"]
    assert search(searcher, "infirmiere boulanger") == []


def test_a_match_on_the_job_ranks_above_a_match_in_the_presentation(searcher):
    ProfessionalFactory(
        first_name="Awa",
        last_name="Aaron",
        profile__job_title="Comptable",
        profile__bio="Ancienne plombière, je connais bien le métier.",
    )
    ProfessionalFactory(first_name="Bruno", last_name="Zola", profile__job_title="Plombier")

    assert search(searcher, "plombier") == ["Bruno", "Awa"]


def test_punctuation_and_query_syntax_are_harmless(searcher):
    ProfessionalFactory(first_name="Awa", profile__job_title="Électricienne")

    for words in ["l'électricienne", "électricienne !", "% _", "a & b | !c:*", "'); --"]:
        response = searcher.get(reverse("members:directory"), {"q": words})
        assert response.status_code == 200
    assert search(searcher, "l'électricienne") == ["Awa"]


def test_search_combines_with_filters(searcher):
    ProfessionalFactory(
        first_name="Awa",
        profile__job_title="Électricienne",
        profile__departements=["69"],
        profile__remote=False,
    )
    ProfessionalFactory(
        first_name="Bruno",
        profile__job_title="Électricien",
        profile__departements=["93"],
        profile__remote=False,
    )

    assert search(searcher, "electricien", departement="93") == ["Bruno"]


def test_search_results_are_counted_and_paged_like_the_listing(searcher):
    for number in range(23):
        ProfessionalFactory(first_name=f"Pro{number:02d}", profile__job_title="Électricien")
    ProfessionalFactory(first_name="Autre", profile__job_title="Boulanger")
    url = reverse("members:directory")

    pages = {
        number: searcher.get(url, {"q": "electricien", "page": number})
        for number in ("1", "2", "3", "0", "abc")
    }

    assert all(page.status_code == 200 for page in pages.values())
    assert [page.context["page_obj"].paginator.count for page in pages.values()] == [23] * 5
    assert len(pages["1"].context["professionals"]) == 20
    seen = [
        card["profile"].user.first_name
        for n in ("1", "2")
        for card in pages[n].context["professionals"]
    ]
    assert sorted(seen) == [f"Pro{number:02d}" for number in range(23)]
    # Past the last page, or below the first: the last page; not a number: the first.
    assert pages["3"].context["page_obj"].number == 2
    assert pages["0"].context["page_obj"].number == 2
    assert pages["abc"].context["page_obj"].number == 1
    assert [c["profile"].pk for c in pages["abc"].context["professionals"]] == [
        c["profile"].pk for c in pages["1"].context["professionals"]
    ]


@pytest.mark.parametrize(
    "words", ['"', 'infirmière"', "\x00", "infirmière\x00", "NEAR(a b)", "*", "a & !b | c:*", "\\"]
)
def test_search_syntax_and_control_characters_are_never_a_server_error(searcher, words):
    ProfessionalFactory(first_name="Awa", profile__job_title="Infirmière")
    response = searcher.get(reverse("members:directory"), {"q": words})
    assert response.status_code == 200
