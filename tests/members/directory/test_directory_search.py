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


# --- Feminine and masculine forms, synonyms (issue 14, point 10) --------------------------


def test_a_trade_typed_in_the_feminine_finds_the_masculine_and_back(searcher):
    ProfessionalFactory(first_name="Karim", profile__job_title="Infirmier")
    ProfessionalFactory(first_name="Awa", profile__job_title="Coiffeuse")
    ProfessionalFactory(first_name="Chloé", profile__job_title="Directrice d'agence")
    ProfessionalFactory(first_name="Driss", profile__job_title="Boulanger")
    ProfessionalFactory(first_name="Emma", profile__job_title="Informaticienne")

    assert search(searcher, "infirmiere") == ["Karim"]
    assert search(searcher, "Infirmière") == ["Karim"]
    assert search(searcher, "coiffeur") == ["Awa"]
    assert search(searcher, "directeur") == ["Chloé"]
    assert search(searcher, "boulangère") == ["Driss"]
    assert search(searcher, "informaticien") == ["Emma"]


def test_an_abbreviation_finds_its_trade_from_the_seeded_synonyms(searcher):
    industry, support = [sector("H")], [sector("M")]
    ProfessionalFactory(
        first_name="Awa",
        profile__job_title="Conductrice de travaux publics",
        profile__sectors=industry,
    )
    ProfessionalFactory(
        first_name="Chloé",
        profile__job_title="Électricienne du bâtiment",
        profile__sectors=industry,
    )
    ProfessionalFactory(
        first_name="Bruno", profile__job_title="Chargé de recrutement", profile__sectors=support
    )
    ProfessionalFactory(
        first_name="Driss", profile__job_title="Comptable", profile__sectors=industry
    )

    assert sorted(search(searcher, "BTP")) == ["Awa", "Chloé"]
    assert search(searcher, "RH") == ["Bruno"]
    # Both ways: the trade finds who wrote only its abbreviation.
    ProfessionalFactory(
        first_name="Emma",
        profile__job_title="Formatrice",
        profile__bio="Vingt ans dans le BTP.",
        profile__sectors=support,
    )
    assert sorted(search(searcher, "batiment")) == ["Awa", "Chloé", "Emma"]


def test_every_word_typed_still_must_match_through_its_alternatives(searcher):
    ProfessionalFactory(
        first_name="Awa",
        profile__job_title="Infirmière",
        profile__company=CompanyFactory(name="Hôpital Avicenne"),
    )
    ProfessionalFactory(first_name="Bruno", profile__job_title="Infirmier")

    assert search(searcher, "infirmier avicenne") == ["Awa"]
    assert search(searcher, "infirmier boulanger") == []


def test_synonyms_that_editors_add_apply_at_once(searcher):
    from members.models import SearchSynonym

    ProfessionalFactory(first_name="Awa", profile__job_title="Aide à domicile")
    assert search(searcher, "auxiliaire") == []

    SearchSynonym.objects.create(term="auxiliaire", equivalents="aide à domicile, AVS")
    assert search(searcher, "auxiliaire") == ["Awa"]

    SearchSynonym.objects.filter(term="auxiliaire").delete()
    assert search(searcher, "auxiliaire") == []


# --- An empty result proposes a next step ------------------------------------------------


def test_an_empty_result_proposes_each_filter_dropped_and_the_young_persons_counsellor(
    client, young_person, counsellor
):
    from urllib.parse import parse_qs

    from members.enums import HelpKind

    ProfessionalFactory(first_name="Awa", profile__job_title="Plombière")  # sector F
    client.force_login(young_person)
    filters = {"sector": sector("H").pk, "kind": HelpKind.TRADE_ADVICE, "departement": "93"}

    response = client.get(reverse("members:directory"), {"q": "plombier", **filters})

    assert response.context["professionals"] == []
    wider = response.context["wider"]
    # One link per active filter, each without it and with the words kept; then one
    # without the words.
    assert [sorted(parse_qs(search["query"])) for search in wider] == [
        ["departement", "kind", "q"],
        ["departement", "q", "sector"],
        ["kind", "q", "sector"],
        ["departement", "kind", "sector"],
    ]
    page = response.content.decode()
    assert "Élargir la recherche" in page
    assert f"Sans « Secteur : {sector('H').name} »" in page
    assert counsellor.get_full_name() in page
    # The link without the sector finds Awa.
    found = client.get(reverse("members:directory") + "?" + wider[0]["query"])
    assert [card["profile"].user.first_name for card in found.context["professionals"]] == ["Awa"]


def test_an_empty_result_for_a_professional_suggests_other_words_without_a_counsellor(client):
    client.force_login(ProfessionalFactory())

    response = client.get(reverse("members:directory"), {"q": "astronaute"})

    page = response.content.decode()
    assert "un autre nom du métier" in page
    assert "Votre conseiller·ère" not in page
    assert response.context["wider"] == []
