"""Site search: pages of the active language, approved structures, paginated."""

import factory
import pytest
from django.urls import reverse
from django.utils import translation

from home.search import RESULTS_PER_PAGE
from tests.home.factories import StandardPageFactory, publish_translation
from tests.network.factories import (
    StructureFactory,
    StructureIndexPageFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)
from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory

CUISINE = factory.Sequence(lambda n: f"Atelier cuisine {n}")


@pytest.fixture
def story_index(home_page):
    return StoryIndexPageFactory(parent=home_page)


def _search(client, query, **params):
    return client.get(reverse("home:search"), {"q": query, **params})


def _titles(response):
    return [result.title for result in response.context["page_obj"].object_list]


def test_without_a_query_the_page_invites_to_type_a_word(client, home_page):
    response = client.get(reverse("home:search"))
    assert response.status_code == 200
    assert "Tapez un mot" in response.content.decode()


def test_no_result_is_said_clearly(client, home_page):
    response = _search(client, "zzzyxw")
    assert response.status_code == 200
    assert "Aucun résultat pour « zzzyxw »" in response.content.decode()


def test_finds_stories_calls_and_standard_pages(client, home_page, story_index):
    StoryPageFactory(parent=story_index, title="Un stage en boulangerie")
    call_index = VolunteerCallIndexPageFactory(parent=home_page)
    VolunteerCallPageFactory(parent=call_index, title="Boulangerie : visite du fournil")
    StandardPageFactory(parent=home_page, title="La boulangerie solidaire")
    StoryPageFactory(parent=story_index, title="Un stage en menuiserie")

    response = _search(client, "boulangerie")

    assert sorted(_titles(response)) == [
        "Boulangerie : visite du fournil",
        "La boulangerie solidaire",
        "Un stage en boulangerie",
    ]
    assert "3 résultats pour « boulangerie »" in response.content.decode()


def test_finds_only_pages_of_the_active_language(
    client, home_page, story_index, english_home_page, locales
):
    story = StoryPageFactory(parent=story_index, title="Conseils de boulangerie")
    publish_translation(story_index, locales["en"], slug="stories")
    publish_translation(story, locales["en"], title="Bakery advice boulangerie", slug="bakery")

    assert _titles(_search(client, "boulangerie")) == ["Conseils de boulangerie"]
    with translation.override("en"):
        english_search = reverse("home:search")
    english = client.get(english_search, {"q": "boulangerie"})
    assert _titles(english) == ["Bakery advice boulangerie"]


def test_draft_pages_are_not_found(client, home_page, story_index):
    StoryPageFactory(parent=story_index, title="Brouillon de boulangerie", live=False)
    assert _titles(_search(client, "boulangerie")) == []


def test_finds_approved_structures_with_a_link_to_their_page(client, home_page):
    index = StructureIndexPageFactory(parent=home_page)
    approved = StructureFactory(name="École de la 2e chance de Marseille", city="Marseille")
    StructureFactory(name="Mission locale de Marseille", city="Marseille", is_approved=False)

    response = _search(client, "Marseille")

    assert _titles(response) == ["École de la 2e chance de Marseille"]
    assert f'href="{index.structure_url(approved)}"' in response.content.decode()


def test_accents_are_ignored(client, home_page, story_index):
    # French stemming without accents on PostgreSQL (home/0002), FTS5 on SQLite.
    StoryPageFactory(parent=story_index, title="Des bénévoles pour les entretiens")
    assert _titles(_search(client, "benevoles")) == ["Des bénévoles pour les entretiens"]


def test_results_are_paginated_pages_first_then_structures(client, home_page, story_index):
    StoryPageFactory.create_batch(RESULTS_PER_PAGE, parent=story_index, title=CUISINE)
    StructureIndexPageFactory(parent=home_page)
    StructureFactory.create_batch(3, description="Un atelier cuisine chaque semaine.")

    first = _search(client, "cuisine")
    second = _search(client, "cuisine", page=2)

    assert first.context["page_obj"].paginator.count == RESULTS_PER_PAGE + 3
    assert len(_titles(first)) == RESULTS_PER_PAGE
    assert all(title.startswith("Mission locale") for title in _titles(second))
    assert len(_titles(second)) == 3
    assert 'href="?q=cuisine&amp;page=2"' in first.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(client, home_page, story_index):
    StoryPageFactory(parent=story_index, title="Atelier cuisine")
    response = _search(client, "cuisine", page="999")
    assert response.status_code == 200
    assert _titles(response) == ["Atelier cuisine"]


def test_search_queries_do_not_grow_with_the_number_of_results(
    client, home_page, story_index, django_assert_max_num_queries
):
    StructureIndexPageFactory(parent=home_page)
    StoryPageFactory.create_batch(3, parent=story_index, title=CUISINE)
    with django_assert_max_num_queries(25) as few:
        _search(client, "cuisine")
    StoryPageFactory.create_batch(20, parent=story_index, title=CUISINE)
    StructureFactory.create_batch(10, description="Un atelier cuisine.")
    with django_assert_max_num_queries(25) as many:
        _search(client, "cuisine")
    assert len(many.captured_queries) <= len(few.captured_queries) + 2


def test_a_search_asked_again_follows_new_and_changed_content(client, home_page, story_index):
    StructureIndexPageFactory(parent=home_page)
    StoryPageFactory(parent=story_index, title="Atelier vélo à Lyon")
    assert _titles(_search(client, "vélo")) == ["Atelier vélo à Lyon"]

    StoryPageFactory(parent=story_index, title="Vélo et entretien d'embauche")
    assert len(_titles(_search(client, "vélo"))) == 2

    structure = StructureFactory(name="Mission locale du vélo", is_approved=False)
    assert "Mission locale du vélo" not in _titles(_search(client, "vélo"))
    structure.is_approved = True
    structure.save()
    assert "Mission locale du vélo" in _titles(_search(client, "vélo"))


# What a scanner or a careless paste sends: full-text syntax of either database, quotes,
# operators, control characters. Each is searched as plain words, never a server error.
HOSTILE_QUERIES = [
    '"',
    '"""',
    'cuisine"',
    "\x00",
    "cuisine\x00atelier",
    "*",
    "cuisine*",
    "NEAR(cuisine atelier)",
    "cuisine AND OR NOT",
    "-cuisine",
    "^cuisine",
    "cuisine:atelier",
    "(cuisine",
    "cuisine)",
    "{cuisine}",
    "'; DROP TABLE x; --",
    "!&|<->",
    "\\",
    "%_",
    "\u200b",
    "\ufffd",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_syntax_in_the_words_is_read_as_plain_text(client, home_page, story_index, query):
    StoryPageFactory(parent=story_index, title="Atelier cuisine")
    response = _search(client, query)
    assert response.status_code == 200


def test_words_around_search_syntax_are_still_found(client, home_page, story_index):
    StoryPageFactory(parent=story_index, title="Atelier cuisine")
    assert _titles(_search(client, 'cuisine"')) == ["Atelier cuisine"]
    assert _titles(_search(client, "cuisine\x00")) == ["Atelier cuisine"]
